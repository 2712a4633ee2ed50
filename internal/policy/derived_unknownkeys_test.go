package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// TestFunctionsWithUnknownKeys checks the list of functions whose
// capacityProvider has unknown keys, in the document and in its base,
// from a loaded document.
func TestFunctionsWithUnknownKeys(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	const yaml = `
provider:
  name: aws
functions:
  zeta:
    capacityProvider:
      name: pool
      maxConcurency: 8
  plain:
    capacityProvider:
      name: pool
      maxConcurrency: 8
  named:
    capacityProvider: pool
  alpha:
    capacityProvider:
      name: pool
      scaling:
        minimum: 1
  none:
    handler: x
`
	for _, c := range []struct{ yaml, want string }{
		{yaml, `["alpha", "zeta"]`},
		{"provider:\n  name: aws\nfunctions:\n  api:\n    capacityProvider: pool\n", `[]`},
		{"provider:\n  name: aws\n", `[]`},
	} {
		doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: []byte(c.yaml)}, loader.Options{}, loader.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		input, ok := buildInput(doc).(ast.Object)
		if !ok {
			t.Fatal("the input is not an object")
		}
		input.Insert(ast.StringTerm("base"), ast.NewTerm(buildInput(doc)))
		newDerived(facts).addTo(input)
		for _, ref := range []string{"x.functionsWithUnknownKeys", "x.base.functionsWithUnknownKeys"} {
			got, err := input.Find(ast.MustParseRef(ref)[1:])
			if err != nil {
				t.Fatalf("%s: %v", ref, err)
			}
			if want := ast.MustParseTerm(c.want).Value; got.Compare(want) != 0 {
				t.Errorf("%s = %v, want %v", ref, got, want)
			}
		}
	}
}
