package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// scalingDerived gives each function's capacityProvider the minimum
// number of execution environments it keeps, as the framework deploys it:
// rules that add these up over a provider's functions would otherwise
// coerce every function's scaling.min on every document. See
// docs/input.md, "Minimum execution environments".
type scalingDerived struct {
	// defaultMinimum is facts.limits.minExecutionEnvironments.default;
	// nil when the facts lack it, and then no default is given.
	defaultMinimum *ast.Term
}

func newScalingDerived(facts map[string]any) scalingDerived {
	limits, _ := facts["limits"].(map[string]any)
	minimum, _ := limits["minExecutionEnvironments"].(map[string]any)
	d, ok := minimum["default"]
	if !ok {
		return scalingDerived{}
	}
	v, err := ast.InterfaceToValue(d)
	if err != nil {
		return scalingDerived{}
	}
	return scalingDerived{defaultMinimum: ast.NewTerm(v)}
}

// addTo adds minimumEnvironments to a function's capacityProvider ref,
// from block, the function's capacityProvider as written.
func (s scalingDerived) addTo(ref ast.Object, block ast.Value) {
	if n := s.minimum(block); n != nil {
		ref.Insert(ast.InternedTerm("minimumEnvironments"), n)
	}
}

// minimum is the object form's scaling.min as the framework's schema
// coerces it (type integer), when it is a whole number from 0; the
// default where no min is written (the string form, no scaling, or none
// in it; null counts as absent). Nil for the other forms, and where
// scaling or min is something else: unknown, an intrinsic, or no whole
// number from 0.
func (s scalingDerived) minimum(block ast.Value) *ast.Term {
	if _, ok := block.(ast.String); ok {
		return s.defaultMinimum
	}
	obj, ok := block.(ast.Object)
	if !ok || opaque(obj) {
		return nil
	}
	scaling := written(obj, "scaling")
	if scaling == nil {
		return s.defaultMinimum
	}
	config, ok := scaling.Value.(ast.Object)
	if !ok || opaque(config) {
		return nil
	}
	minimum := written(config, "min")
	if minimum == nil {
		return s.defaultMinimum
	}
	n, ok := asInteger(minimum.Value)
	if !ok || n.Compare(ast.Number("0")) < 0 {
		return nil
	}
	return ast.NewTerm(n)
}
