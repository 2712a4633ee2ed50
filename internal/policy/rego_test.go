package policy

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/mi-lint/mi-lint/policies"
)

// TestRegoPolicies runs every _test.rego of the bundle with OPA's tester,
// against the same facts a lint uses.
func TestRegoPolicies(t *testing.T) {
	modules, err := parseModules(policies.FS, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	byName := make(map[string]*ast.Module, len(modules))
	tests := 0
	for _, m := range modules {
		byName[m.File] = m.Module
	}
	ctx := context.Background()
	store := inmem.NewFromObject(map[string]any{"milint": map[string]any{"facts": facts}})
	txn := storage.NewTransactionOrDie(ctx, store)
	defer store.Abort(ctx, txn)
	ch, err := tester.NewRunner().
		SetStore(store).
		SetModules(byName).
		RaiseBuiltinErrors(true).
		RunTests(ctx, txn)
	if err != nil {
		t.Fatal(err)
	}
	for r := range ch {
		tests++
		switch {
		case r.Error != nil:
			t.Errorf("%s: %s.%s: %v", r.Location, r.Package, r.Name, r.Error)
		case r.Fail:
			t.Errorf("%s: %s.%s failed", r.Location, r.Package, r.Name)
		}
	}
	if tests == 0 {
		t.Fatal("no Rego tests ran")
	}
}
