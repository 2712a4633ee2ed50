package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// TestMinimumEnvironments checks the minimum execution environments the
// input gives a function's capacityProvider, written as a Rego term, for
// each form and each way of writing scaling.min ("" where it is absent).
func TestMinimumEnvironments(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	withDefault := newScalingDerived(facts)
	noDefault := newScalingDerived(map[string]any{"limits": map[string]any{}})
	cases := []struct {
		block, want, withoutDefault string
	}{
		{`"pool"`, `3`, ``},
		{`{"name": "pool"}`, `3`, ``},
		{`{"name": "pool", "scaling": null}`, `3`, ``},
		{`{"name": "pool", "scaling": {"max": 10}}`, `3`, ``},
		{`{"scaling": {"min": null}}`, `3`, ``},
		{`{"scaling": {"min": 0}}`, `0`, `0`},
		{`{"scaling": {"min": 5}}`, `5`, `5`},
		{`{"scaling": {"min": 5.0}}`, `5.0`, `5.0`},
		// The schema's type integer coerces these.
		{`{"scaling": {"min": "4"}}`, `4`, `4`},
		{`{"scaling": {"min": " 0x10 "}}`, `16`, `16`},
		{`{"scaling": {"min": [2]}}`, `2`, `2`},
		{`{"scaling": {"min": true}}`, `1`, `1`},
		// No whole number from 0.
		{`{"scaling": {"min": -1}}`, ``, ``},
		{`{"scaling": {"min": 2.5}}`, ``, ``},
		{`{"scaling": {"min": "abc"}}`, ``, ``},
		{`{"scaling": {"min": {}}}`, ``, ``},
		// Not known.
		{`{"scaling": {"min": {"$unknown": "${ssm:/m}", "reason": "r"}}}`, ``, ``},
		{`{"scaling": {"min": {"Ref": "Min"}}}`, ``, ``},
		{`{"scaling": {"$unknown": "${ssm:/s}", "reason": "r"}}`, ``, ``},
		{`{"scaling": {"$unknown": "${ssm:/s}", "reason": "r", "min": 1}}`, ``, ``},
		{`{"scaling": {"Ref": "Scaling"}}`, ``, ``},
		{`{"scaling": "auto"}`, ``, ``},
		{`{"$unknown": "${file(cp.yml)}", "reason": "r"}`, ``, ``},
		{`{"Fn::GetAtt": ["Pool", "Arn"]}`, ``, ``},
		// The invalid forms.
		{`12`, ``, ``},
		{`["pool"]`, ``, ``},
	}
	text := func(t *ast.Term) string {
		if t == nil {
			return ""
		}
		return t.String()
	}
	for _, c := range cases {
		block := ast.MustParseTerm(c.block).Value
		if got := text(withDefault.minimum(block)); got != c.want {
			t.Errorf("minimum(%s) = %q, want %q", c.block, got, c.want)
		}
		if got := text(noDefault.minimum(block)); got != c.withoutDefault {
			t.Errorf("without a default: minimum(%s) = %q, want %q", c.block, got, c.withoutDefault)
		}
	}
}

// TestMinimumEnvironmentsInTheInput checks that the field reaches each
// function's capacityProvider, and only the functions that have one.
func TestMinimumEnvironmentsInTheInput(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	content := []byte(`service: shop
provider:
  name: aws
  capacityProviders:
    pool: {}
functions:
  plain:
    handler: a.handler
  named:
    handler: b.handler
    capacityProvider: pool
  scaled:
    handler: c.handler
    capacityProvider:
      name: pool
      scaling:
        min: "7"
`)
	doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: content}, loader.Options{}, loader.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	input := buildInput(doc)
	newDerived(facts).addTo(input)
	got := map[string]string{}
	for _, name := range []string{"plain", "named", "scaled"} {
		ref := ast.MustParseRef("x.functions." + name + ".capacityProvider.minimumEnvironments")[1:]
		if v, err := input.Find(ref); err == nil {
			got[name] = v.String()
		}
	}
	want := map[string]string{"named": "3", "scaled": "7"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("minimumEnvironments (-want +got):\n%s", diff)
	}
}
