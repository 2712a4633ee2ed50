package engine

import (
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// inputBuilder turns a loaded document into the Rego input value directly,
// with no JSON round trip. Nodes shared between places (the effective
// values reuse configuration nodes) are converted once.
type inputBuilder struct {
	done map[*loader.Node]*ast.Term
}

func buildInput(doc *loader.Document) ast.Value {
	b := inputBuilder{done: make(map[*loader.Node]*ast.Term)}
	return b.term(doc.Input).Value
}

func (b *inputBuilder) term(v any) *ast.Term {
	switch x := v.(type) {
	case nil:
		return ast.NullTerm()
	case bool:
		return ast.BooleanTerm(x)
	case int:
		return ast.IntNumberTerm(x)
	case string:
		return ast.StringTerm(x)
	case *loader.Node:
		return b.node(x)
	case loader.Path:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			terms[i] = b.term(e)
		}
		return ast.ArrayTerm(terms...)
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			terms[i] = b.term(e)
		}
		return ast.ArrayTerm(terms...)
	case map[string]any:
		pairs := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			pairs = append(pairs, [2]*ast.Term{ast.StringTerm(k), b.term(e)})
		}
		return ast.ObjectTerm(pairs...)
	}
	panic("engine: unsupported input value type") // a loader bug; recovered per file
}

func (b *inputBuilder) node(n *loader.Node) *ast.Term {
	if t, ok := b.done[n]; ok {
		return t
	}
	var t *ast.Term
	switch n.Kind {
	case loader.KindNull:
		t = ast.NullTerm()
	case loader.KindBool:
		t = ast.BooleanTerm(n.Bool)
	case loader.KindNumber:
		t = ast.NewTerm(ast.Number(n.Str))
		if _, err := strconv.ParseFloat(n.Str, 64); err != nil {
			t = ast.StringTerm(n.Str)
		}
	case loader.KindString:
		t = ast.StringTerm(n.Str)
	case loader.KindList:
		terms := make([]*ast.Term, len(n.Items))
		for i, item := range n.Items {
			terms[i] = b.node(item)
		}
		t = ast.ArrayTerm(terms...)
	case loader.KindMap:
		pairs := make([][2]*ast.Term, len(n.Entries))
		for i, e := range n.Entries {
			pairs[i] = [2]*ast.Term{ast.StringTerm(e.Key), b.node(e.Value)}
		}
		t = ast.ObjectTerm(pairs...)
	case loader.KindUnknown:
		pairs := [][2]*ast.Term{
			{ast.StringTerm("$unknown"), ast.StringTerm(n.Str)},
			{ast.StringTerm("reason"), ast.StringTerm(n.Reason)},
		}
		if n.Tag != "" {
			pairs = append(pairs, [2]*ast.Term{ast.StringTerm("tag"), ast.StringTerm(n.Tag)})
		}
		t = ast.ObjectTerm(pairs...)
	}
	b.done[n] = t
	return t
}
