package policy

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/policies"
)

// TestNumbersMatchValuesRego checks the Go coercions against the Rego
// helpers they stand in for, data.milint.lib.values.as_integer and
// deployed_number, on values where JavaScript's Number() and Ajv are
// easy to get wrong: each must give the same number, written the same
// way, or be undefined in both.
func TestNumbersMatchValuesRego(t *testing.T) {
	src, err := policies.FS.ReadFile("lib/values.rego")
	if err != nil {
		t.Fatal(err)
	}
	module, err := ast.ParseModuleWithOpts("lib/values.rego", string(src), ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	prepare := func(query string) rego.PreparedEvalQuery {
		q, err := rego.New(rego.Query(query), rego.ParsedModule(module), rego.StrictBuiltinErrors(true)).PrepareForEval(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	helpers := []struct {
		name  string
		query rego.PreparedEvalQuery
		goFn  func(ast.Value) (ast.Number, bool)
	}{
		{"as_integer", prepare("x := data.milint.lib.values.as_integer(input)"), asInteger},
		{"deployed_number", prepare("x := data.milint.lib.values.deployed_number(input)"), deployedNumber},
	}
	// Rego terms: strings are JSON-quoted, so escapes show what they hold.
	values := []string{
		// Numbers as YAML gives them.
		`100`, `0`, `-5`, `12.5`, `1e3`, `1.0e3`, `2.0`, `-0`, `2147483647`, `2147483648`, `-2147483649`,
		`9007199254740993`, `123456789012345678901234567890`, `1e-7`,
		// Decimal strings.
		`"100"`, `" 100 "`, `"\t100\n"`, `"\u00a0100\u2029"`, `"\ufeff7\u3000"`, `"\u200b5"`, `"\u20285\u2028"`,
		`"+5"`, `"-5"`, `"5."`, `".5"`, `"+.5"`, `"-.0"`, `"5.0"`, `"00012"`, `"1_000"`, `"1,000"`,
		`"1e3"`, `"1E+2"`, `"2e-1"`, `"1e99"`, `"1e100"`, `"1.5e1"`, `"1e"`, `"e3"`, `"."`, `"-"`, `"+"`,
		`"12.5"`, `"abc"`, `""`, `"   "`, `"\n"`, `"Infinity"`, `"-Infinity"`, `"NaN"`, `"inf"`,
		`"123456789012345678901234567890"`, `"1234567890123456789012345678901"`,
		`"1.0000000000000000000000000001"`, `"1.00000000000000000000000000001"`,
		`"0.999999999999999999999999999e1"`, `"2147483648"`, `"-2147483649"`, `"9007199254740993"`,
		// Radix literals.
		`"0x800"`, `"0X1f"`, `"0xFFFFFFFFFFFF"`, `"0x1000000000000"`, `"0o17"`, `"0O8"`, `"0b101"`, `"0B102"`,
		`"0x"`, `"-0x10"`, `"+0x10"`, `" 0x10 "`, `"0x1g"`, `"00x1"`,
		// Booleans, null, lists, mappings.
		`true`, `false`, `null`, `[5]`, `["5"]`, `[" 0x10 "]`, `[null]`, `[true]`, `[false]`, `[12.5]`, `["12.5"]`,
		`[[5]]`, `[1, 2]`, `[]`, `[""]`, `{}`, `{"$unknown": "${ssm:/x}", "reason": "r"}`, `{"Ref": "X"}`,
	}
	for _, src := range values {
		v := ast.MustParseTerm(src).Value
		for _, h := range helpers {
			rs, err := h.query.Eval(ctx, rego.EvalParsedInput(v))
			if err != nil {
				t.Fatalf("%s(%s): %v", h.name, src, err)
			}
			want, wantOK := "", len(rs) == 1
			if wantOK {
				n, ok := rs[0].Bindings["x"].(json.Number)
				if !ok {
					t.Fatalf("%s(%s) in Rego = %#v, not a number", h.name, src, rs[0].Bindings["x"])
				}
				want = string(n)
			}
			got, gotOK := h.goFn(v)
			if gotOK != wantOK || string(got) != want {
				t.Errorf("%s(%s) = %q (%v), Rego gives %q (%v)", h.name, src, got, gotOK, want, wantOK)
			}
		}
	}
}

// TestNumbers checks the numbers the input gives the functions' memory
// size and timeout, from a loaded document.
func TestNumbers(t *testing.T) {
	const yaml = `
provider:
  memorySize: "4096"
  timeout: " 0x384 "
functions:
  own:
    memorySize: 3008
    timeout: 12.5
    capacityProvider: pool
  inherits:
    timeout: null
  unknown:
    memorySize: ${ssm:/memory}
    timeout: abc
  list:
    - ignored
`
	doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: []byte(yaml)}, loader.Options{}, loader.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	input := buildInput(doc)
	addNumbers(input)
	for _, c := range []struct{ ref, want string }{
		{`functions.own.memorySize.number`, `3008`},
		{`functions.own.timeout`, `{"value": 12.5, "path": ["functions", "own", "timeout"], "inherited": false, "number": 12.5}`},
		{`functions.inherits.memorySize.number`, `4096`},
		{`functions.inherits.timeout`, `{"value": " 0x384 ", "path": ["provider", "timeout"], "inherited": true, "number": 900}`},
		{`functions.unknown.memorySize`, `{"value": {"$unknown": "${ssm:/memory}", "reason": "${ssm:/memory} is resolved only at deploy time"}, "path": ["functions", "unknown", "memorySize"], "inherited": false}`},
		{`functions.unknown.timeout`, `{"value": "abc", "path": ["functions", "unknown", "timeout"], "inherited": false}`},
	} {
		got, err := input.Find(ast.MustParseRef("x." + c.ref)[1:])
		if err != nil {
			t.Fatalf("%s: %v", c.ref, err)
		}
		if want := ast.MustParseTerm(c.want).Value; got.Compare(want) != 0 {
			t.Errorf("%s = %v, want %v", c.ref, got, want)
		}
	}
}

// TestNumbersWithoutProvider checks the timeout of a function when
// nothing sets one: null, and no number.
func TestNumbersWithoutProvider(t *testing.T) {
	doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: []byte("provider: aws\nfunctions:\n  api:\n    handler: x\n")}, loader.Options{}, loader.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	input := buildInput(doc)
	addNumbers(input)
	for _, c := range []struct{ ref, want string }{
		{`functions.api.timeout`, `{"value": null, "path": null, "inherited": false}`},
		{`functions.api.memorySize.number`, `1024`},
	} {
		got, err := input.Find(ast.MustParseRef("x." + c.ref)[1:])
		if err != nil {
			t.Fatalf("%s: %v", c.ref, err)
		}
		if want := ast.MustParseTerm(c.want).Value; got.Compare(want) != 0 {
			t.Errorf("%s = %v, want %v", c.ref, got, want)
		}
	}
}

// TestNumbersInBase checks that diff mode's input.base has the numbers
// too.
func TestNumbersInBase(t *testing.T) {
	input := derivedInput(t, "functions:\n  api:\n    timeout: 30\n", "functions:\n  api:\n    timeout: \"60\"\n")
	got, err := input.Find(ast.MustParseRef("x.base.functions.api.timeout.number")[1:])
	if err != nil {
		t.Fatal(err)
	}
	if got.Compare(ast.Number("60")) != 0 {
		t.Errorf("base timeout number = %v, want 60", got)
	}
}
