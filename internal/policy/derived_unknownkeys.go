package policy

import (
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
)

// addFunctionsWithUnknownKeys lists, as functionsWithUnknownKeys, the
// names of the functions whose capacityProvider has unknown keys (a
// non-empty unknownKeys, which addTo has added by then), in name order.
// Few functions have any: unknown-key (MI017) reads this short list
// instead of every function of every document. See docs/input.md,
// "Functions with unknown keys".
func addFunctionsWithUnknownKeys(root ast.Object) {
	fns, ok := valueAt(root, "functions").(ast.Object)
	if !ok {
		return
	}
	var names []string
	fns.Foreach(func(name, fn *ast.Term) {
		obj, ok := fn.Value.(ast.Object)
		if !ok {
			return
		}
		ref, ok := valueAt(obj, "capacityProvider").(ast.Object)
		if !ok {
			return
		}
		keys, ok := valueAt(ref, "unknownKeys").(*ast.Array)
		if !ok || keys.Len() == 0 {
			return
		}
		if s, ok := name.Value.(ast.String); ok {
			names = append(names, string(s))
		}
	})
	sort.Strings(names)
	terms := make([]*ast.Term, len(names))
	for i, name := range names {
		terms[i] = ast.StringTerm(name)
	}
	root.Insert(ast.InternedTerm("functionsWithUnknownKeys"), ast.ArrayTerm(terms...))
}
