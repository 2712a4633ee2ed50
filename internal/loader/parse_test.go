package loader_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/loader"
)

func TestShortTags(t *testing.T) {
	ref := func(name string) map[string]any { return map[string]any{"Ref": name} }
	cond := func(name string) map[string]any { return map[string]any{"Condition": name} }
	tests := []struct {
		name string
		yaml string // the value of key v
		want any
	}{
		{"Ref", "!Ref Bucket", ref("Bucket")},
		{"Ref pseudo parameter", "!Ref AWS::Region", ref("AWS::Region")},
		{"Condition", "!Condition IsProd", cond("IsProd")},
		{"GetAtt dotted", "!GetAtt Provider.Arn", map[string]any{"Fn::GetAtt": []any{"Provider", "Arn"}}},
		{"GetAtt splits at the first dot", "!GetAtt Db.Endpoint.Address",
			map[string]any{"Fn::GetAtt": []any{"Db", "Endpoint.Address"}}},
		{"GetAtt flow sequence", "!GetAtt [Provider, Arn]", map[string]any{"Fn::GetAtt": []any{"Provider", "Arn"}}},
		{"GetAtt block sequence", "!GetAtt\n  - Provider\n  - Arn", map[string]any{"Fn::GetAtt": []any{"Provider", "Arn"}}},
		{"Sub keeps CloudFormation placeholders", "!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'",
			map[string]any{"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}},
		{"Sub with a variable map", "!Sub ['${Name}-x', {Name: !Ref N}]",
			map[string]any{"Fn::Sub": []any{"${Name}-x", map[string]any{"Name": ref("N")}}}},
		{"Join", "!Join ['', [a, !Ref B]]", map[string]any{"Fn::Join": []any{"", []any{"a", ref("B")}}}},
		{"If", "!If [IsProd, 4096, 2048]", map[string]any{"Fn::If": []any{"IsProd", num("4096"), num("2048")}}},
		{"Split", "!Split [',', 'subnet-1,subnet-2']", map[string]any{"Fn::Split": []any{",", "subnet-1,subnet-2"}}},
		{"Select and GetAZs", "!Select [0, !GetAZs '']",
			map[string]any{"Fn::Select": []any{num("0"), map[string]any{"Fn::GetAZs": ""}}}},
		{"FindInMap", "!FindInMap [Sizes, !Ref Stage, vcpus]",
			map[string]any{"Fn::FindInMap": []any{"Sizes", ref("Stage"), "vcpus"}}},
		{"ImportValue", "!ImportValue shared-vpc-id", map[string]any{"Fn::ImportValue": "shared-vpc-id"}},
		{"GetAZs", "!GetAZs us-east-1", map[string]any{"Fn::GetAZs": "us-east-1"}},
		{"Base64", "!Base64 hello", map[string]any{"Fn::Base64": "hello"}},
		{"Cidr", "!Cidr [10.0.0.0/16, 6, 5]", map[string]any{"Fn::Cidr": []any{"10.0.0.0/16", num("6"), num("5")}}},
		{"Equals", "!Equals [!Ref Stage, prod]", map[string]any{"Fn::Equals": []any{ref("Stage"), "prod"}}},
		{"And", "!And [!Condition A, !Condition B]", map[string]any{"Fn::And": []any{cond("A"), cond("B")}}},
		{"Or", "!Or [!Condition A, !Condition B]", map[string]any{"Fn::Or": []any{cond("A"), cond("B")}}},
		{"Not", "!Not [!Condition A]", map[string]any{"Fn::Not": []any{cond("A")}}},
		{"long form is kept", "{Fn::GetAtt: [Provider, Arn]}", map[string]any{"Fn::GetAtt": []any{"Provider", "Arn"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "v: " + strings.ReplaceAll(tt.yaml, "\n", "\n  ") + "\n"
			doc := load(t, src, loader.Options{})
			v := doc.Config.Get("v")
			if diff := cmp.Diff(tt.want, plain(v)); diff != "" {
				t.Errorf("v (-want +got):\n%s", diff)
			}
			if !v.IsIntrinsic() || v.IsKnown() {
				t.Errorf("IsIntrinsic() = %v, IsKnown() = %v; want an intrinsic, not known", v.IsIntrinsic(), v.IsKnown())
			}
		})
	}
}

func TestOtherTags(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want any
	}{
		{"unknown tag on a scalar", "!Foo bar",
			unknown{Str: "!Foo bar", Reason: "the YAML tag !Foo is not known", Tag: "!Foo"}},
		{"unknown tag on a mapping", "!Foo {a: 1}",
			unknown{Str: "!Foo", Reason: "the YAML tag !Foo is not known", Tag: "!Foo"}},
		{"unknown tag on a sequence", "!Foo [a]",
			unknown{Str: "!Foo", Reason: "the YAML tag !Foo is not known", Tag: "!Foo"}},
		{"tags are case-sensitive", "!ref X",
			unknown{Str: "!ref X", Reason: "the YAML tag !ref is not known", Tag: "!ref"}},
		{"standard string tag", "!!str 42", "42"},
		{"standard int tag", `!!int "7"`, num("7")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := load(t, "v: "+tt.yaml+"\n", loader.Options{})
			if diff := cmp.Diff(tt.want, plain(doc.Config.Get("v"))); diff != "" {
				t.Errorf("v (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScalars(t *testing.T) {
	src := `a: 0x1F
b: 0o17
c: 1_000
d: +5
e: -3
f: 1e3
g: 2.50
h: .inf
i: true
j: False
k: ~
l: null
m: yes
n: 2024-01-01
o: "007"
p: 007
`
	want := map[string]any{
		"a": num("31"), "b": num("15"), "c": num("1000"), "d": num("5"), "e": num("-3"),
		"f": num("1000"), "g": num("2.5"), "h": ".inf", "i": true, "j": false, "k": nil, "l": nil,
		"m": "yes", "n": "2024-01-01", "o": "007", "p": num("7"),
	}
	doc := load(t, src, loader.Options{})
	if diff := cmp.Diff(want, plain(doc.Config)); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}

func TestAnchorsAndMerges(t *testing.T) {
	src := `base: &base
  x: 1
  y: 2
other: &other
  y: 20
  z: 30
single:
  <<: *base
  x: 10
written-after:
  x: 10
  <<: *base
list:
  <<: [*other, *base]
  w: 0
inline:
  <<: {k: v}
scalar: &s 42
alias: *s
seq: &seq [a, b]
seqAlias: *seq
`
	doc := load(t, src, loader.Options{})
	want := map[string]any{
		"base":          map[string]any{"x": num("1"), "y": num("2")},
		"other":         map[string]any{"y": num("20"), "z": num("30")},
		"single":        map[string]any{"x": num("10"), "y": num("2")},
		"written-after": map[string]any{"x": num("10"), "y": num("2")},
		"list":          map[string]any{"w": num("0"), "y": num("20"), "z": num("30"), "x": num("1")},
		"inline":        map[string]any{"k": "v"},
		"scalar":        num("42"),
		"alias":         num("42"),
		"seq":           []any{"a", "b"},
		"seqAlias":      []any{"a", "b"},
	}
	if diff := cmp.Diff(want, plain(doc.Config)); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	// Keys written in the mapping come first, in file order, then merged
	// ones in the order of their sources.
	keys := make([]string, 0, 4)
	for _, e := range doc.Config.Get("list").Entries {
		keys = append(keys, e.Key)
	}
	if diff := cmp.Diff([]string{"w", "y", "z", "x"}, keys); diff != "" {
		t.Errorf("list keys (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want loader.Error
	}{
		// yaml.v3 reports a line only: the column is where the line's
		// content starts.
		{"syntax error", "service: x\n  provider: y\n",
			loader.Error{File: "s.yml", Line: 2, Col: 3, Msg: "invalid YAML: mapping values are not allowed in this context"}},
		{"unclosed flow sequence", "service: x\nprovider: [a,\n",
			loader.Error{File: "s.yml", Line: 3, Col: 1, Msg: "invalid YAML: did not find expected node content"}},
		{"tab indentation", "provider:\n\tname: aws\n",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "invalid YAML: a tab character here; YAML indents with spaces only"}},
		{"unknown alias", "service: x\nprovider: *nope\n",
			loader.Error{File: "s.yml", Line: 2, Col: 11, Msg: "invalid YAML: unknown anchor 'nope' referenced"}},
		{"duplicate key", "service: a\nprovider: {}\nservice: b\n",
			loader.Error{File: "s.yml", Line: 3, Col: 1, Msg: `duplicate key "service" in this mapping`}},
		{"duplicate nested key", "provider:\n  name: aws\n  runtime: x\n  name: aws\n",
			loader.Error{File: "s.yml", Line: 4, Col: 3, Msg: `duplicate key "name" in this mapping`}},
		{"duplicate key, once quoted", "a: 1\n\"a\": 2\n",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: `duplicate key "a" in this mapping`}},
		{"duplicate key in flow", "a: {x: 1, x: 2}\n",
			loader.Error{File: "s.yml", Line: 1, Col: 11, Msg: `duplicate key "x" in this mapping`}},
		{"second document", "service: a\n---\nservice: b\n",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "a second YAML document starts here; a serverless configuration is a single document"}},
		{"second document after an explicit start", "---\nservice: a\n---\nservice: b\n",
			loader.Error{File: "s.yml", Line: 3, Col: 1, Msg: "a second YAML document starts here; a serverless configuration is a single document"}},
		{"empty file", "",
			loader.Error{File: "s.yml", Msg: "the file is empty"}},
		{"blank lines only", "\n  \n\n",
			loader.Error{File: "s.yml", Msg: "the file is empty"}},
		{"comments only", "# service: x\n# provider: aws\n",
			loader.Error{File: "s.yml", Msg: "the file has no YAML content, only comments"}},
		{"document marker only", "---\n# nothing\n",
			loader.Error{File: "s.yml", Msg: "the file has no YAML content: its document (---) holds only comments or nothing"}},
		{"top level list", "- service: x\n- provider: y\n",
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: "the top level must be a mapping of configuration keys (service, provider, functions...)"}},
		{"top level scalar", "# a comment\n\n  hello\n",
			loader.Error{File: "s.yml", Line: 3, Col: 3, Msg: "the top level must be a mapping of configuration keys (service, provider, functions...)"}},
		{"top level null", "~\n",
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: "the top level must be a mapping of configuration keys (service, provider, functions...)"}},
		{"top level intrinsic", "!Ref X\n",
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: "the top level must be a mapping of configuration keys (service, provider, functions...)"}},
		{"complex key", "? [a]\n: 1\n",
			loader.Error{File: "s.yml", Line: 1, Col: 3, Msg: "a mapping key must be a plain value, not a list or mapping"}},
		{"merge of a scalar", "a:\n  <<: 5\n",
			loader.Error{File: "s.yml", Line: 2, Col: 7, Msg: "a merge key (<<) takes a mapping or a list of mappings"}},
		{"merge of a list holding a scalar", "a:\n  <<: [{x: 1}, 5]\n",
			loader.Error{File: "s.yml", Line: 2, Col: 7, Msg: "a merge key (<<) takes a mapping or a list of mappings"}},
		{"recursive anchor", "a: &x [b, *x]\n",
			loader.Error{File: "s.yml", Line: 1, Col: 4, Msg: `anchor "x" refers to itself`}},
		// yaml.v3 counts a parser error's line from 0: the unclosed [ is on
		// line 3, where the error points.
		{"unclosed flow sequence in a block", "service: x\nprovider:\n  subnetIds: [a, b\n  securityGroupIds: [sg]\n",
			loader.Error{File: "s.yml", Line: 3, Col: 3, Msg: "invalid YAML: did not find expected ',' or ']'"}},
		{"parser error on the first line", "a: !x!y z\n",
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: "invalid YAML: found undefined tag handle"}},
		{"scanner error on the first line", "  a: b: c\n",
			loader.Error{File: "s.yml", Line: 1, Col: 3, Msg: "invalid YAML: mapping values are not allowed in this context"}},
		{"bad indentation", "a:\n  b: 1\n c: 2\n",
			loader.Error{File: "s.yml", Line: 3, Col: 2, Msg: "invalid YAML: did not find expected key"}},
		{"block sequence after a mapping", "a: b\n- c\n",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "invalid YAML: did not find expected key"}},
		{"unterminated quoted string", "service: x\nprovider: \"aws\n",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "invalid YAML: found unexpected end of stream"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := loadErr(t, tt.src, loader.Options{}, loader.DefaultLimits)
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  loader.Error
		want string
	}{
		{loader.Error{File: "a/serverless.yml", Line: 3, Col: 7, Msg: "boom"}, "a/serverless.yml:3:7: boom"},
		{loader.Error{File: "a/serverless.yml", Msg: "boom"}, "a/serverless.yml: boom"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// billionLaughs is a document whose aliases expand to 9^levels values.
func billionLaughs(levels int) string {
	var b strings.Builder
	b.WriteString(`l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]` + "\n")
	for i := 1; i < levels; i++ {
		refs := strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 8) + fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, refs)
	}
	return b.String()
}

// variableLaughs is billionLaughs with ${self:} references.
func variableLaughs(levels int) string {
	var b strings.Builder
	b.WriteString(`l0: [lol, lol, lol, lol, lol, lol, lol, lol, lol]` + "\n")
	for i := 1; i < levels; i++ {
		ref := fmt.Sprintf(`"${self:l%d}"`, i-1)
		refs := strings.Repeat(ref+", ", 8) + ref
		fmt.Fprintf(&b, "l%d: [%s]\n", i, refs)
	}
	return b.String()
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		lim  loader.Limits
		want loader.Error
	}{
		{"alias bomb", billionLaughs(10), loader.DefaultLimits,
			loader.Error{File: "s.yml", Line: 7, Col: 10, Msg: "the document expands to more than 1000000 values (an alias bomb?)"}},
		{"alias bomb, many levels", billionLaughs(30), loader.DefaultLimits,
			loader.Error{File: "s.yml", Line: 7, Col: 10, Msg: "the document expands to more than 1000000 values (an alias bomb?)"}},
		{"variable bomb", variableLaughs(10), loader.DefaultLimits,
			loader.Error{File: "s.yml", Line: 7, Col: 6, Msg: "variables expand the document to more than 1000000 values"}},
		{"flow nesting 10,000 deep", "a: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n", loader.DefaultLimits,
			loader.Error{File: "s.yml", Line: 1, Col: 204, Msg: "nesting is deeper than 200 levels"}},
		{"flow mapping nesting 10,000 deep", "a: " + strings.Repeat("{b: ", 10000) + "1" + strings.Repeat("}", 10000) + "\n", loader.DefaultLimits,
			loader.Error{File: "s.yml", Line: 1, Col: 804, Msg: "nesting is deeper than 200 levels"}},
		// The pre-scan refuses deep flow nesting before yaml.v3 parses it.
		{"nesting 100,000 deep", "a: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n", loader.DefaultLimits,
			loader.Error{File: "s.yml", Line: 1, Col: 204, Msg: "nesting is deeper than 200 levels"}},
		{"block nesting 100,000 deep", "a:\n" + strings.Repeat("- ", 100000) + "x\n", loader.DefaultLimits,
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "invalid YAML: exceeded max depth of 10000"}},
		{"block nesting", "a:\n" + blockNesting(1000), loader.DefaultLimits,
			loader.Error{File: "s.yml", Line: 202, Col: 201, Msg: "nesting is deeper than 200 levels"}},
		{"MaxNodes", "a: [1, 2, 3]\n", loader.Limits{MaxNodes: 4, MaxDepth: 10},
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: "the document expands to more than 4 values (an alias bomb?)"}},
		{"MaxNodes counts aliases", "a: &a [1, 2]\nb: *a\n", loader.Limits{MaxNodes: 5, MaxDepth: 10},
			loader.Error{File: "s.yml", Line: 2, Col: 4, Msg: "the document expands to more than 5 values (an alias bomb?)"}},
		{"MaxDepth", "a: {b: {c: 1}}\n", loader.Limits{MaxNodes: 100, MaxDepth: 2},
			loader.Error{File: "s.yml", Line: 1, Col: 12, Msg: "nesting is deeper than 2 levels"}},
		{"MaxDepth bounds variable chains", varChain(10), loader.Limits{MaxNodes: 1000, MaxDepth: 5},
			loader.Error{File: "s.yml", Line: 6, Col: 5, Msg: "variables nest deeper than 5 levels"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := loadErr(t, tt.src, loader.Options{}, tt.lim)
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWithinLimits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		lim  loader.Limits
	}{
		{"MaxNodes exactly", "a: [1, 2, 3]\n", loader.Limits{MaxNodes: 5, MaxDepth: 10}},
		{"MaxNodes exactly with an alias", "a: &a [1, 2]\nb: *a\n", loader.Limits{MaxNodes: 7, MaxDepth: 10}},
		{"MaxDepth exactly", "a: {b: {c: 1}}\n", loader.Limits{MaxNodes: 100, MaxDepth: 3}},
		{"a small alias tree", billionLaughs(5), loader.DefaultLimits},
		{"a long variable chain", varChain(50), loader.DefaultLimits},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := loader.Load(loader.Source{Path: "s.yml", Content: []byte(tt.src)}, loader.Options{}, tt.lim); err != nil {
				t.Errorf("Load: %v", err)
			}
		})
	}
}

// blockNesting is a block sequence nested n levels deep.
func blockNesting(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "-\n")
	}
	return b.String()
}

// varChain is v0 referring to v1 referring to ... v(n-1) = end.
func varChain(n int) string {
	var b strings.Builder
	for i := range n - 1 {
		fmt.Fprintf(&b, "v%d: ${self:v%d}\n", i, i+1)
	}
	fmt.Fprintf(&b, "v%d: end\n", n-1)
	return b.String()
}
