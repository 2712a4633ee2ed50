package loader_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// varsBase is the configuration the variable tests refer to.
const varsBase = `service: svc
custom:
  size: 16
  ratio: 0.5
  flag: true
  nul: null
  empty: ""
  defaultStage: qa
  list: [a, b, c]
  block:
    mode: auto
    max: 12
  prod:
    size: 4
  chain1: ${self:custom.chain2}
  chain2: ${self:custom.size}
  siblings:
    a: ${self:custom.siblings.b.x}
    b:
      x: 1
      y: ${self:custom.siblings.a}
`

func TestVariables(t *testing.T) {
	prod := loader.Options{Stage: "prod"}
	tests := []struct {
		name  string
		extra string // provider section, added to varsBase
		value string // the value of key v
		opts  loader.Options
		want  any
	}{
		// ${self:} as a whole value keeps the type.
		{name: "number", value: "${self:custom.size}", want: num("16")},
		{name: "float", value: "${self:custom.ratio}", want: num("0.5")},
		{name: "bool", value: "${self:custom.flag}", want: true},
		{name: "mapping", value: "${self:custom.block}", want: map[string]any{"mode": "auto", "max": num("12")}},
		{name: "list", value: "${self:custom.list}", want: []any{"a", "b", "c"}},
		{name: "empty string", value: "${self:custom.empty}", want: ""},
		{name: "top-level key", value: "${self:service}", want: "svc"},
		{name: "space before the source is not a variable", value: "${ self:custom.size }", want: "${ self:custom.size }"},
		{name: "space after the source", value: "${self:custom.size }", want: num("16")},
		// Inside strings.
		{name: "in a string", value: "cp-${self:custom.size}", want: "cp-16"},
		{name: "bool in a string", value: "x-${self:custom.flag}", want: "x-true"},
		{name: "several in a string", value: "${self:service}-${opt:stage}-${self:custom.list.1}", opts: prod, want: "svc-prod-b"},
		{name: "mapping in a string", value: "x-${self:custom.block}",
			want: unknown{Str: "x-${self:custom.block}", Reason: "a variable inside a string resolves to a mapping or list"}},
		// Nesting and chains.
		{name: "nested", value: "${self:custom.${opt:stage}.size}", opts: prod, want: num("4")},
		{name: "nested without a value", value: "${self:custom.${opt:stage}.size}",
			want: unknown{Str: "${self:custom.${opt:stage}.size}", Reason: "${opt:stage} has no value here"}},
		{name: "a value that is a variable", value: "${self:custom.chain1}", want: num("16")},
		{name: "through a value that is a variable", value: "${self:custom2.alias.mode}",
			extra: "custom2:\n  alias: ${self:custom.block}\n", want: "auto"},
		{name: "through an unknown value", value: "${self:custom2.alias.mode}",
			extra: "custom2:\n  alias: ${ssm:/x}\n", want: unknown{Str: "${self:custom2.alias.mode}", Reason: "${ssm:/x} is resolved only at deploy time"}},
		{name: "siblings", value: "${self:custom.siblings.b.y}", want: num("1")},
		// List indexes.
		{name: "list index", value: "${self:custom.list.0}", want: "a"},
		{name: "last list index", value: "${self:custom.list.2}", want: "c"},
		{name: "list index out of range", value: "${self:custom.list.3}",
			want: unknown{Str: "${self:custom.list.3}", Reason: "${self:custom.list.3} has no value here"}},
		{name: "list index not a number", value: "${self:custom.list.x}",
			want: unknown{Str: "${self:custom.list.x}", Reason: "${self:custom.list.x} has no value here"}},
		{name: "address past a scalar", value: "${self:custom.size.x}",
			want: unknown{Str: "${self:custom.size.x}", Reason: "${self:custom.size.x} has no value here"}},
		// Command-line values and the stage.
		{name: "opt:stage", value: "${opt:stage}", opts: prod, want: "prod"},
		{name: "opt:stage without --stage", value: "${opt:stage}",
			want: unknown{Str: "${opt:stage}", Reason: "${opt:stage} has no value here"}},
		{name: "opt:stage ignores provider.stage", value: "${opt:stage}", extra: "provider:\n  stage: staging\n",
			want: unknown{Str: "${opt:stage}", Reason: "${opt:stage} has no value here"}},
		{name: "opt:region", value: "${opt:region}", opts: loader.Options{Region: "eu-west-1"}, want: "eu-west-1"},
		{name: "opt:region without --region", value: "${opt:region}",
			want: unknown{Str: "${opt:region}", Reason: "${opt:region} has no value here"}},
		{name: "other option", value: "${opt:verbose}", opts: prod,
			want: unknown{Str: "${opt:verbose}", Reason: "${opt:verbose} has no value here"}},
		{name: "sls:stage from --stage", value: "${sls:stage}", opts: prod, extra: "provider:\n  stage: staging\n", want: "prod"},
		{name: "sls:stage from provider.stage", value: "${sls:stage}", extra: "provider:\n  stage: staging\n", want: "staging"},
		{name: "sls:stage from a provider.stage variable", value: "${sls:stage}",
			extra: "provider:\n  stage: ${opt:stage, 'qa'}\n", want: "qa"},
		{name: "sls:stage from an unknown provider.stage", value: "${sls:stage}", extra: "provider:\n  stage: ${env:STAGE}\n",
			want: unknown{Str: "${sls:stage}", Reason: "${env:STAGE} is not read (pass --env to read environment variables)"}},
		{name: "sls:stage defaults to dev", value: "${sls:stage}", want: "dev"},
		{name: "sls:stage in a string", value: "svc-${sls:stage}-x", want: "svc-dev-x"},
		// Fallbacks.
		{name: "single-quoted fallback", value: "${opt:stage, 'dev'}", want: "dev"},
		{name: "double-quoted fallback", value: `'${opt:stage, "dev"}'`, want: "dev"},
		{name: "fallback with a comma", value: "${opt:stage, 'a, b'}", want: "a, b"},
		{name: "number fallback", value: "${self:missing, 42}", want: num("42")},
		{name: "float fallback", value: "${self:missing, 4.50}", want: num("4.5")},
		{name: "bool fallback", value: "${self:missing, false}", want: false},
		{name: "fallback not used", value: "${opt:stage, 'dev'}", opts: prod, want: "prod"},
		{name: "variable fallback", value: "${opt:stage, ${self:custom.defaultStage}}", want: "qa"},
		{name: "variable fallback without a value", value: "${opt:stage, ${self:nope}, 'last'}", want: "last"},
		{name: "unknown fallback not needed", value: "${opt:stage, ${env:STAGE}}", opts: prod, want: "prod"},
		{name: "missing fallback not needed", value: "${opt:stage, ${self:nope}}", opts: prod, want: "prod"},
		{name: "unknown fallback", value: "${opt:stage, ${env:STAGE}}",
			want: unknown{Str: "${opt:stage, ${env:STAGE}}", Reason: "${env:STAGE} is not read (pass --env to read environment variables)"}},
		{name: "null falls through", value: "${self:custom.nul, 'fb'}", want: "fb"},
		{name: "null without a fallback", value: "${self:custom.nul}",
			want: unknown{Str: "${self:custom.nul}", Reason: "${self:custom.nul} has no value here"}},
		{name: "null fallback", value: "${self:custom.nul, null}",
			want: unknown{Str: "${self:custom.nul, null}", Reason: "${self:custom.nul, null} has no value here"}},
		{name: "fallback inside a string", value: "svc-${opt:stage, 'dev'}", want: "svc-dev"},
		{name: "number fallback inside a string", value: "n${self:missing, 3}", want: "n3"},
		// Sources that are known only at deploy time.
		{name: "ssm", value: "${ssm:/vpc/subnet}",
			want: unknown{Str: "${ssm:/vpc/subnet}", Reason: "${ssm:/vpc/subnet} is resolved only at deploy time"}},
		{name: "ssm with a fallback", value: "${ssm:/vpc/subnet, 'subnet-1'}",
			want: unknown{Str: "${ssm:/vpc/subnet, 'subnet-1'}", Reason: "${ssm:/vpc/subnet} is resolved only at deploy time"}},
		{name: "env", value: "${env:SIZE}", want: unknown{Str: "${env:SIZE}", Reason: "${env:SIZE} is not read (pass --env to read environment variables)"}},
		{name: "file with an address", value: "${file(./config.yml):size}",
			want: unknown{Str: "${file(./config.yml):size}", Reason: "${file(./config.yml):size} is not read here"}},
		{name: "file", value: "${file(./config.yml)}",
			want: unknown{Str: "${file(./config.yml)}", Reason: "${file(./config.yml)} is not read here"}},
		{name: "cf", value: "${cf:network.VpcId}", want: unknown{Str: "${cf:network.VpcId}", Reason: "${cf:network.VpcId} is resolved only at deploy time"}},
		{name: "aws", value: "${aws:accountId}", want: unknown{Str: "${aws:accountId}", Reason: "${aws:accountId} is resolved only at deploy time"}},
		{name: "sls:instanceId", value: "${sls:instanceId}", want: unknown{Str: "${sls:instanceId}", Reason: "${sls:instanceId} is resolved only at deploy time"}},
		{name: "unknown source", value: "${foo:bar}", want: unknown{Str: "${foo:bar}", Reason: "${foo:bar} is resolved only at deploy time"}},
		// v4 names custom resolvers after their stages.<stage>.resolvers key,
		// which may hold '-' or '_' (its own tests use ${resolver-1:key}).
		{name: "custom resolver with a hyphen", value: "${resolver-1:key}",
			want: unknown{Str: "${resolver-1:key}", Reason: "${resolver-1:key} is resolved only at deploy time"}},
		{name: "custom resolver with an underscore", value: "${my_vault:ssm:/x}",
			want: unknown{Str: "${my_vault:ssm:/x}", Reason: "${my_vault:ssm:/x} is resolved only at deploy time"}},
		{name: "unknown source in a string", value: "a-${env:X}-b", want: unknown{Str: "a-${env:X}-b", Reason: "${env:X} is not read (pass --env to read environment variables)"}},
		{name: "unquoted word fallback", value: "${opt:stage, dev}",
			want: unknown{Str: "${opt:stage, dev}", Reason: "${dev} is not a variable source mi-lint knows"}},
		{name: "unterminated", value: "${self:service",
			want: unknown{Str: "${self:service", Reason: "unterminated variable"}},
		// Not variables: CloudFormation placeholders and plain text.
		{name: "CloudFormation pseudo parameter", value: "arn:${AWS::Partition}:s3:::b", want: "arn:${AWS::Partition}:s3:::b"},
		{name: "CloudFormation attribute", value: "${Bucket.Arn}", want: "${Bucket.Arn}"},
		{name: "CloudFormation placeholder next to a variable", value: "${AWS::Region}-${self:service}", want: "${AWS::Region}-svc"},
		{name: "a word in braces", value: "${foo}", want: "${foo}"},
		{name: "dollar without brace", value: "$5 and {x}", want: "$5 and {x}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := load(t, varsBase+tt.extra+"v: "+tt.value+"\n", tt.opts)
			if diff := cmp.Diff(tt.want, plain(doc.Config.Get("v"))); diff != "" {
				t.Errorf("v: %s (-want +got):\n%s", tt.value, diff)
			}
		})
	}
}

// TestVariablesInPlace checks values resolved where they are written,
// inside mappings and lists.
func TestVariablesInPlace(t *testing.T) {
	doc := load(t, varsBase, loader.Options{})
	want := map[string]any{
		"size": num("16"), "ratio": num("0.5"), "flag": true, "nul": nil, "empty": "", "defaultStage": "qa",
		"list":   []any{"a", "b", "c"},
		"block":  map[string]any{"mode": "auto", "max": num("12")},
		"prod":   map[string]any{"size": num("4")},
		"chain1": num("16"), "chain2": num("16"),
		"siblings": map[string]any{"a": num("1"), "b": map[string]any{"x": num("1"), "y": num("1")}},
	}
	if diff := cmp.Diff(want, plain(doc.Config.Get("custom"))); diff != "" {
		t.Errorf("custom (-want +got):\n%s", diff)
	}
	doc = load(t, "custom:\n  subnets: [subnet-1, '${opt:x, \"subnet-2\"}']\nlist: [x, '${self:custom.subnets.1}']\n", loader.Options{})
	if diff := cmp.Diff([]any{"x", "subnet-2"}, plain(doc.Config.Get("list"))); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
}

func TestVariableCycles(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want loader.Error
	}{
		{"self", "a: ${self:a}\n",
			loader.Error{File: "s.yml", Line: 1, Col: 4, Msg: "variable cycle: ${self:a}"}},
		{"self in a string", "a: x-${self:a}\n",
			loader.Error{File: "s.yml", Line: 1, Col: 4, Msg: "variable cycle: ${self:a}"}},
		{"two steps", "x: 1\na: ${self:b}\nb: ${self:a}\n",
			loader.Error{File: "s.yml", Line: 2, Col: 4, Msg: "variable cycle: ${self:b} -> ${self:a}"}},
		{"three steps from outside", "x: ${self:a}\na: ${self:b}\nb: ${self:c}\nc: ${self:a}\n",
			loader.Error{File: "s.yml", Line: 2, Col: 4, Msg: "variable cycle: ${self:a} -> ${self:b} -> ${self:c} -> ${self:a}"}},
		{"into a parent", "a:\n  b: ${self:a}\n",
			loader.Error{File: "s.yml", Line: 2, Col: 6, Msg: "variable cycle: ${self:a} is a mapping, which contains this reference"}},
		{"into a parent list", "a:\n  - x\n  - ${self:a}\n",
			loader.Error{File: "s.yml", Line: 3, Col: 5, Msg: "variable cycle: ${self:a} is a list, which contains this reference"}},
		// The framework rejects ${self:} (v3: "refers to itself"; v4 cannot
		// parse it); the error names the line of the reference, not line 1.
		{"whole configuration", "service: s\ncustom:\n  all: ${self:}\n",
			loader.Error{File: "s.yml", Line: 3, Col: 8, Msg: "variable cycle: ${self:} is the whole configuration, which contains this reference"}},
		{"whole configuration via a sibling", "service: s\ncustom:\n  a: ${self:custom.b}\n  b: ${self:}\n",
			loader.Error{File: "s.yml", Line: 4, Col: 6, Msg: "variable cycle: ${self:custom.b} -> ${self:} is the whole configuration, which contains this reference"}},
		{"nested siblings", "c:\n  a: ${self:c.b.q}\n  b:\n    q: ${self:c.a}\n",
			loader.Error{File: "s.yml", Line: 2, Col: 6, Msg: "variable cycle: ${self:c.b.q} -> ${self:c.a}"}},
		{"through a fallback", "a: ${opt:stage, ${self:a}}\n",
			loader.Error{File: "s.yml", Line: 1, Col: 4, Msg: "variable cycle: ${self:a}"}},
		{"through the stage", "provider:\n  stage: ${sls:stage}\n",
			loader.Error{File: "s.yml", Line: 2, Col: 10, Msg: "variable cycle: ${self:provider.stage}"}},
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

// TestVariableCycleNotTaken: a cycle behind a fallback that is never
// looked at is not an error, and neither are siblings.
func TestVariableCycleNotTaken(t *testing.T) {
	for _, src := range []string{
		"a: ${opt:stage, ${self:a}}\n",
		"c:\n  a: ${self:c.b.x}\n  b:\n    x: 1\n    y: ${self:c.a}\n",
		"c:\n  a: ['${self:c.b}', 2]\n  b: 1\n",
	} {
		if _, err := loader.Load(loader.Source{Path: "s.yml", Content: []byte(src)}, loader.Options{Stage: "prod"}, loader.DefaultLimits); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}
