package loader_test

import (
	"errors"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mi-lint/mi-lint/internal/fuzzseed"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// fuzzFiles are the files ${file(...)} can read while fuzzing; fuzz.yml is
// the fuzzed input itself, so that includes parse hostile bytes too.
func fuzzFiles(data []byte) fstest.MapFS {
	return fstest.MapFS{
		"inc.yml":        {Data: []byte("size: 4096\nsubnets: [subnet-1, subnet-2]\nnested: ${file(./list.yml)}\n")},
		"list.yml":       {Data: []byte("- a\n- ${self:service}\n")},
		"scalar.yml":     {Data: []byte("just text\n")},
		"bad.yml":        {Data: []byte("a: [\n")},
		"loop.yml":       {Data: []byte("again: ${file(./loop.yml)}\n")},
		"conf/vpc.json":  {Data: []byte(`{"subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"]}`)},
		"conf/dir/x.yml": {Data: []byte("x: ${file(../vpc.json):subnetIds}\n")},
		"fuzz.yml":       {Data: data},
	}
}

// fuzzSeeds are small inputs that reach the include, variable and alias
// code, beside the repository's files.
var fuzzSeeds = []string{
	"service: s\nprovider:\n  name: aws\n  vpc: ${file(./conf/vpc.json)}\ncustom: ${file(./inc.yml)}\n",
	"service: s\ncustom:\n  a: ${file(./fuzz.yml):a, 'x'}\n  b: ${file(./loop.yml)}\n  c: ${file(./conf/dir/x.yml):x}\n",
	"service: s\ncustom: ${file(./bad.yml)}\nother: ${file(./scalar.yml)}\nlist: ${file(./list.yml)}\n",
	"service: ${opt:stage, 'dev'}-${sls:stage}\nprovider: {name: aws, region: '${opt:region, \"us-east-1\"}'}\nx: ${env:HOME}\ny: ${self:provider.region}\n",
	"a: &a {x: 1}\nb:\n  <<: *a\n  y: [*a, !Ref X, !GetAtt A.B, !Sub '${AWS::Region}']\n",
	"\uFEFFservice: x\r\nprovider:\r\n  name: \"aws\"\r\n",
	"service: x\u2028y\nprovider: \"a\u2029b\"\n",
	"k: |\n  text: [\n  - x\nl: >2\n   more\nm: [a, 'b, c', \"d]\"]\n",
}

// FuzzLoad feeds arbitrary bytes to Load: it must never panic (Load
// recovers and reports an internal error, which fails the target), every
// error must be an *Error naming the file, and Locate must not panic on
// the document's own paths or on random ones.
// Run: go test -run '^$' -fuzz '^FuzzLoad$' -fuzztime 60s ./internal/loader
func FuzzLoad(f *testing.F) {
	fuzzseed.Add(f, "../..")
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	env := func(name string) (string, bool) { return "value-of-" + name, name != "MISSING" }
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := loader.Options{Stage: "prod", Region: "eu-west-1", Env: env, Files: fuzzFiles(data),
			Opts: map[string]string{"flag": "on"}, Params: map[string]string{"p": "v"}}
		doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: data}, opts, loader.DefaultLimits)
		if err != nil {
			var le *loader.Error
			if !errors.As(err, &le) {
				t.Fatalf("Load error is %T, not *loader.Error: %v", err, err)
			}
			if strings.Contains(le.Msg, "internal error") {
				t.Fatalf("Load panicked: %v", err)
			}
			if le.File != "serverless.yml" || le.Line < 0 || le.Col < 0 || (le.Line > 0) != (le.Col > 0) {
				t.Fatalf("bad error position: %#v", le)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + strings.Count(string(data), "\r") + 1
		check := func(p loader.Path) {
			loc, _ := doc.Locate(p)
			checkRange(t, p, loc.Range, lines)
			for _, r := range loc.Related {
				checkRange(t, p, r.Range, lines)
			}
		}
		paths := docPaths(doc.Config, nil, nil, 2000)
		paths = inputPaths(doc.Input, paths, 2000)
		for _, p := range paths {
			check(p)
		}
		h := fnv.New64a()
		h.Write(data)
		r := rand.New(rand.NewPCG(h.Sum64(), 9))
		for range 50 {
			check(randomPath(r, paths))
		}
	})
}

// checkRange fails on a range that cannot be in the file.
func checkRange(t *testing.T, p loader.Path, r loader.Range, lines int) {
	t.Helper()
	if r.IsZero() {
		return // a defaulted value has no place
	}
	if r.Line < 1 || r.Col < 1 || r.EndLine < r.Line || (r.EndLine == r.Line && r.EndCol < r.Col) || r.EndLine > lines+1 {
		t.Fatalf("Locate(%v) = %+v: not a range of a %d-line file", p, r, lines)
	}
}

// docPaths lists the paths of a node's values, up to limit.
func docPaths(n *loader.Node, prefix loader.Path, out []loader.Path, limit int) []loader.Path {
	if n == nil || len(out) >= limit {
		return out
	}
	out = append(out, prefix)
	switch n.Kind {
	case loader.KindMap:
		for _, e := range n.Entries {
			out = docPaths(e.Value, prefix.Append(e.Key), out, limit)
		}
	case loader.KindList:
		for i, item := range n.Items {
			out = docPaths(item, prefix.Append(i), out, limit)
		}
	case loader.KindNull, loader.KindBool, loader.KindNumber, loader.KindString, loader.KindUnknown:
		// a leaf: no deeper paths
	}
	return out
}

// inputPaths adds the paths the input model records (the ones findings
// point at).
func inputPaths(v any, out []loader.Path, limit int) []loader.Path {
	if len(out) >= limit {
		return out
	}
	switch v := v.(type) {
	case loader.Path:
		out = append(out, v)
	case map[string]any:
		for _, x := range v {
			out = inputPaths(x, out, limit)
		}
	case []any:
		for _, x := range v {
			out = inputPaths(x, out, limit)
		}
	}
	return out
}

// randomPath mutates a known path or makes one up.
func randomPath(r *rand.Rand, known []loader.Path) loader.Path {
	var p loader.Path
	if len(known) > 0 && r.IntN(4) != 0 {
		p = append(p, known[r.IntN(len(known))]...)
	}
	switch r.IntN(5) {
	case 0:
		if len(p) > 0 {
			p = p[:r.IntN(len(p))]
		}
	case 1:
		p = append(p, r.IntN(5)-2)
	case 2:
		p = append(p, []string{"", "name", "Ref", "<<", "provider", "functions", "$unknown"}[r.IntN(7)])
	case 3:
		p = append(p, 3.5, nil, true)
	}
	return p
}
