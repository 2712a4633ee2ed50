package suppress

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// yamlComments returns every comment line that yaml.v3 keeps, trimmed.
func yamlComments(t *testing.T, src []byte) ([]string, bool) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, false
	}
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for l := range strings.SplitSeq(c, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, l)
				}
			}
		}
		for _, k := range n.Content {
			walk(k)
		}
	}
	walk(&doc)
	slices.Sort(out)
	return out, true
}

func scannedComments(src []byte) []string {
	var out []string
	for _, l := range scan(src) {
		if l.comment >= 0 {
			out = append(out, strings.TrimSpace(string(l.text[l.comment:])))
		}
	}
	slices.Sort(out)
	return out
}

// TestCommentsAgreeWithYAML checks the scanner against yaml.v3 on every
// YAML file of the repository's testdata and examples: both must find the
// same comments.
func TestCommentsAgreeWithYAML(t *testing.T) {
	var files []string
	for _, root := range []string{"../../testdata", "../../examples"} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Fatal("no YAML files under testdata/ or examples/: the test would check nothing")
	}
	checked := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := yamlComments(t, src)
		if !ok {
			continue
		}
		checked++
		if got := scannedComments(src); !slices.Equal(got, want) {
			t.Errorf("%s: comments differ\nscanner: %q\nyaml.v3: %q", f, got, want)
		}
	}
	t.Logf("%d files checked", checked)
}

// trickyYAML are shapes where telling a comment from text is hard.
var trickyYAML = map[string]string{
	"quotes":                               "a: 'x # no' # yes\nb: \"y # no\" # yes\nc: 'it''s # no'\nd: \"esc \\\" # no\" # yes\n",
	"quote spans lines":                    "a: \"one # no\n  two # no\" # yes\nb: 'one # no\n  two' # yes\nc: 1 # yes\n",
	"plain with hash":                      "a: x#no\nb: http://h/p#frag # yes\nc: 'q'#yes\nd: [x]#yes\ne: [x,#yes\n  y]\n",
	"apostrophe in plain":                  "a: it's # yes\nb: don't 'x' # yes\nc: [it's, x] # yes\n",
	"plain spans lines":                    "a: one\n  'two\n  three # yes\nb: 1 # yes\n",
	"plain spans lines in list":            "- one\n  \"two # yes\n- three # yes\n",
	"literal":                              "a: |\n  # no\n  x # no\n\n  # no\nb: 1 # yes\n",
	"literal then less indented comment":   "a:\n  b: |\n    text # no\n  # yes\n  c: 1\n",
	"folded keep":                          "a: >+ # yes\n  # no\n\n# yes\nb: 1\n",
	"indent indicator":                     "a: |2\n    # no\n  x\nb: 1 # yes\n",
	"block in list":                        "- |\n  # no\n- >-\n   # no\n  # yes\n- x # yes\n",
	"block in list mapping":                "- a: |\n    # no\n  b: 1 # yes\n- c: 2\n",
	"block after tag":                      "a: !Sub |\n  # no ${x}\nb: &anc |\n  # no\nc: *anc # yes\n",
	"flow":                                 "a: [x, # yes\n  'y # no', # yes\n  z] # yes\nb: {k: v, # yes\n  l: \"m # no\"} # yes\n",
	"flow nested":                          "a: [[x], {y: [z # yes\n ]}] # yes\n",
	"flow plain spans":                     "a: [one\n  'two', x] # yes\n",
	"document":                             "--- # yes\na: 1\n",
	"complex key":                          "? a # yes\n: b # yes\n",
	"crlf":                                 "a: 1 # yes\r\nb: |\r\n  # no\r\nc: 'x # no' # yes\r\n",
	"tabs":                                 "a: 1\t# yes\nb: [x,\t# yes\n\ty]\n",
	"multibyte":                            "a: café # yes\nb: '日本 # no' # yes\nc: 🙂 # yes\n",
	"comment only":                         "# yes\n  # yes\na:\n  # yes\n  b: 1\n# yes\n",
	"key with colon in quotes":             "\"a: b\": c # yes\n'x # y': 1 # yes\n",
	"empty block scalar":                   "a: |\nb: 1 # yes\n",
	"block scalar at top of mapping value": "a:\n  - |\n    # no\n  - 'x' # yes\n",
	"anchors and merge":                    "base: &b\n  x: 1 # yes\nc:\n  <<: *b # yes\n",
}

func TestTrickyCommentsAgreeWithYAML(t *testing.T) {
	for name, src := range trickyYAML {
		t.Run(name, func(t *testing.T) {
			want, ok := yamlComments(t, []byte(src))
			if !ok {
				var n yaml.Node
				t.Fatalf("not valid YAML: %v", yaml.Unmarshal([]byte(src), &n))
			}
			if got := scannedComments([]byte(src)); !slices.Equal(got, want) {
				t.Errorf("comments differ\nscanner: %q\nyaml.v3: %q", got, want)
			}
			for _, c := range want {
				if !strings.HasSuffix(c, "yes") {
					t.Errorf("yaml.v3 comment %q is not marked yes", c)
				}
			}
		})
	}
}
