package policy

import (
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// derived holds what the input adds to the loaded document from the run's
// facts, computed once per run: the rules would otherwise derive it on
// every document. See docs/input.md, "Derived from the facts".
type derived struct {
	// providerLevels and functionLevels are the schema's closed levels
	// (facts.schema.capacityProvider and .functionCapacityProvider), keyed
	// by place, each with its known keys.
	providerLevels, functionLevels map[string]map[string]bool
	// instanceTypes reads the capacity providers' instance type names.
	instanceTypes *instanceTypeReader
	stack         stackDerived
	scaling       scalingDerived
}

// newDerived reads the facts the derived fields need. Facts that lack
// them, or have another shape, derive nothing: the rules that read the
// fields then find nothing to report, as they would on the facts alone.
func newDerived(facts map[string]any) *derived {
	schema, _ := facts["schema"].(map[string]any)
	return &derived{
		providerLevels: schemaLevels(schema["capacityProvider"]),
		functionLevels: schemaLevels(schema["functionCapacityProvider"]),
		instanceTypes:  newInstanceTypeReader(facts),
		stack:          newStackDerived(facts),
		scaling:        newScalingDerived(facts),
	}
}

// schemaLevels indexes a schema's levels by place, a level's path written
// as placeKey writes a place in the document ("*" is any list index).
func schemaLevels(v any) map[string]map[string]bool {
	levels, _ := v.([]any)
	index := make(map[string]map[string]bool, len(levels))
	for _, l := range levels {
		level, _ := l.(map[string]any)
		path, _ := level["path"].([]any)
		keys, _ := level["keys"].([]any)
		var place strings.Builder
		for _, step := range path {
			s, _ := step.(string)
			if s == "*" {
				place.WriteString(indexStep)
			} else {
				place.WriteString(keyStep + s)
			}
		}
		known := index[place.String()]
		if known == nil {
			known = make(map[string]bool, len(keys))
			index[place.String()] = known
		}
		for _, k := range keys {
			if s, ok := k.(string); ok {
				known[s] = true
			}
		}
	}
	return index
}

// A place is a sequence of steps, each a key (keyStep and the key) or a
// list index (indexStep); the separator keeps keys apart whatever they hold.
const (
	keyStep   = "\x00k"
	indexStep = "\x00i"
)

// addTo adds the derived fields to a document's input value, and to its
// base's: unknownKeys to each capacity provider and to each function's
// capacityProvider, instanceTypes to each capacity provider, and the
// functions whose capacityProvider has unknown keys.
func (d *derived) addTo(input ast.Value) {
	root, ok := input.(ast.Object)
	if !ok {
		return
	}
	if base := valueAt(root, "base"); base != nil {
		d.addTo(base)
	}
	d.stack.addTo(root)
	addNumbers(root)
	if cps, ok := valueAt(root, "capacityProviders").(ast.Object); ok {
		cps.Foreach(func(_, cp *ast.Term) {
			obj, ok := cp.Value.(ast.Object)
			if !ok {
				return
			}
			obj.Insert(ast.InternedTerm("unknownKeys"), unknownKeys(valueAt(obj, "config"), d.providerLevels))
			d.instanceTypes.addTo(obj)
		})
	}
	if fns, ok := valueAt(root, "functions").(ast.Object); ok {
		var withUnknownKeys []string
		fns.Foreach(func(name, fn *ast.Term) {
			obj, ok := fn.Value.(ast.Object)
			if !ok {
				return
			}
			ref, ok := valueAt(obj, "capacityProvider").(ast.Object)
			if !ok {
				return
			}
			config, _ := valueAt(obj, "config").(ast.Object)
			var block ast.Value
			if config != nil {
				block = valueAt(config, "capacityProvider")
			}
			keys := unknownKeys(block, d.functionLevels)
			ref.Insert(ast.InternedTerm("unknownKeys"), keys)
			if list, ok := keys.Value.(*ast.Array); ok && list.Len() > 0 {
				if s, ok := name.Value.(ast.String); ok {
					withUnknownKeys = append(withUnknownKeys, string(s))
				}
			}
			d.scaling.addTo(ref, block)
		})
		root.Insert(ast.InternedTerm("functionsWithUnknownKeys"), namesTerm(withUnknownKeys))
	}
}

// namesTerm is functionsWithUnknownKeys: the names of the functions whose
// capacityProvider has unknown keys, in name order. Few functions have
// any: unknown-key (MI017) reads this short list instead of every function
// of every document. See docs/input.md, "Functions with unknown keys".
func namesTerm(names []string) *ast.Term {
	sort.Strings(names)
	terms := make([]*ast.Term, len(names))
	for i, name := range names {
		terms[i] = ast.StringTerm(name)
	}
	return ast.ArrayTerm(terms...)
}

func valueAt(obj ast.Object, key string) ast.Value {
	if t := obj.Get(ast.InternedTerm(key)); t != nil {
		return t.Value
	}
	return nil
}

// unknownKeys lists, as [place, key] pairs, each key of a mapping inside
// block (block included) at a level the schema closes that the level does
// not list; place is the mapping's path relative to block. A mapping that
// is unknown or an intrinsic is not judged: its keys are not settings.
func unknownKeys(block ast.Value, levels map[string]map[string]bool) *ast.Term {
	var found []*ast.Term
	var rel []*ast.Term
	var walk func(v ast.Value, place string)
	walk = func(v ast.Value, place string) {
		switch x := v.(type) {
		case ast.Object:
			if known, closed := levels[place]; closed && !opaque(x) {
				for _, k := range x.Keys() {
					if s, ok := k.Value.(ast.String); !ok || !known[string(s)] {
						found = append(found, ast.ArrayTerm(ast.ArrayTerm(append([]*ast.Term(nil), rel...)...), k))
					}
				}
			}
			for _, k := range x.Keys() {
				s, ok := k.Value.(ast.String)
				if !ok {
					continue
				}
				rel = append(rel, k)
				walk(x.Get(k).Value, place+keyStep+string(s))
				rel = rel[:len(rel)-1]
			}
		case *ast.Array:
			for i := range x.Len() {
				rel = append(rel, ast.InternedTerm(i))
				walk(x.Elem(i).Value, place+indexStep)
				rel = rel[:len(rel)-1]
			}
		}
	}
	if block != nil {
		walk(block, "")
	}
	return ast.ArrayTerm(found...)
}

// opaque holds for an unknown value or a CloudFormation intrinsic, as
// data.milint.lib.values.known does not.
func opaque(obj ast.Object) bool {
	if u := obj.Get(ast.InternedTerm("$unknown")); u != nil {
		if _, ok := u.Value.(ast.String); ok {
			return true
		}
	}
	if obj.Len() != 1 {
		return false
	}
	k, ok := obj.Keys()[0].Value.(ast.String)
	return ok && (strings.HasPrefix(string(k), "Fn::") || k == "Ref" || k == "Condition")
}
