package policy

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// OPA caches the value of a rule, and the result of a function call, for
// one evaluation only. Many of them read no input: sets and limits built
// from the facts, or a helper's answer for a value (values.as_integer(4)).
// Those are the same for every document of a run, so the run keeps them:
// the first document that works one out stores it, and the others read it.

// constants is the run-wide cache of the values that depend on no input.
// It is safe for concurrent use.
type constants struct {
	// rules holds the paths, from data, of the rules and functions whose
	// every definition reads no input, directly or through what it calls:
	// every value under such a path is constant.
	rules *pathTree

	mu sync.RWMutex
	// values are the kept values by their key's hash. OPA's own cache
	// would keep a tree of maps a key, many times the values' size.
	values map[int][]constantValue
	size   int
}

// constantValue is a kept value; nil with undefined for a rule that is
// undefined.
type constantValue struct {
	key       ast.Ref
	value     *ast.Term
	undefined bool
}

func (c *constants) get(ref ast.Ref) (*ast.Term, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, v := range c.values[ref.Hash()] {
		if v.key.Equal(ref) {
			return v.value, v.undefined
		}
	}
	return nil, false
}

func (c *constants) put(ref ast.Ref, value *ast.Term) {
	h := ref.Hash()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size >= maxConstants {
		return
	}
	for _, v := range c.values[h] {
		if v.key.Equal(ref) {
			return
		}
	}
	// Keep copies: the evaluator reuses the key's slice, and a term of a
	// document's input is carved out of a block of its terms, which one
	// kept term would keep alive with the whole document.
	key := make(ast.Ref, len(ref))
	for i, t := range ref {
		key[i] = ast.NewTerm(t.Value)
	}
	if value != nil {
		value = value.Copy()
	}
	c.values[h] = append(c.values[h], constantValue{key: key, value: value, undefined: value == nil})
	c.size++
}

// maxConstants bounds the values a run keeps: function results are kept
// per distinct argument, which documents can vary without end.
const maxConstants = 1 << 14

// pathTree is a set of paths from data, a step a node.
type pathTree struct {
	children map[string]*pathTree
	// rules are those defined at the path that ends here.
	rules []*ast.Rule
	end   bool
}

func (t *pathTree) add(path []string) *pathTree {
	for _, step := range path {
		if t.children == nil {
			t.children = map[string]*pathTree{}
		}
		next := t.children[step]
		if next == nil {
			next = &pathTree{}
			t.children[step] = next
		}
		t = next
	}
	t.end = true
	return t
}

// walk follows ref from t as far as its steps are strings. It returns the
// node where a path ends, nil where the tree has no such step, or the node
// reached before a step that is no string or at the end of ref; and how
// many of ref's terms it followed.
func (t *pathTree) walk(ref ast.Ref) (*pathTree, int) {
	n := t
	for i, term := range ref {
		step, ok := pathStep(i, term)
		if !ok {
			return n, i
		}
		if n = n.children[step]; n == nil || n.end {
			return n, i + 1
		}
	}
	return n, len(ref)
}

// covers reports whether ref, a cache key from the evaluator, is a value
// the run keeps: a path from data through a constant rule's name, or a
// call of a constant function (its first term is the function's ref, the
// others the arguments), where every term after the rule's name is a
// scalar. A key with a mapping or a list (an argument, or a key looked up
// in a rule's set or object) is left to the evaluation: keeping it would
// keep a part of a document for the run, and finding it again means
// comparing it whole.
func (t *pathTree) covers(ref ast.Ref) bool {
	if len(ref) == 0 {
		return false
	}
	if fn, ok := ref[0].Value.(ast.Ref); ok {
		return scalars(ref[1:]) && t.covers(fn)
	}
	n, followed := t.walk(ref)
	return n != nil && n.end && scalars(ref[followed:])
}

func scalars(terms []*ast.Term) bool {
	for _, t := range terms {
		switch t.Value.(type) {
		case ast.String, ast.Number, ast.Boolean, ast.Null:
		default:
			return false
		}
	}
	return true
}

// newConstants finds the constant rules of a compiled policy set.
func newConstants(c *ast.Compiler) *constants {
	a := constantAnalysis{compiler: c, all: &pathTree{}, memo: map[*ast.Rule]bool{}}
	// Rules by path (package and name): a path is constant when all of
	// its definitions are.
	var ends []*pathTree
	var paths [][]string
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			path, ok := rulePath(m.Package, r)
			if !ok {
				continue
			}
			end := a.all.add(path)
			if len(end.rules) == 0 {
				ends = append(ends, end)
				paths = append(paths, path)
			}
			end.rules = append(end.rules, r)
		}
	}
	constant := &pathTree{}
	for i, end := range ends {
		if !slices.ContainsFunc(end.rules, func(r *ast.Rule) bool { return !a.constant(r) }) {
			constant.add(paths[i])
		}
	}
	return &constants{rules: constant, values: map[int][]constantValue{}}
}

// rulePath is the path from data of the rule's package and name, as
// strings: data.milint.lib.values.known is [data milint lib values known].
func rulePath(pkg *ast.Package, r *ast.Rule) ([]string, bool) {
	path := make([]string, 0, len(pkg.Path)+1)
	for i, t := range pkg.Path {
		step, ok := pathStep(i, t)
		if !ok {
			return nil, false
		}
		path = append(path, step)
	}
	// A rule's name is a variable in its head's reference: a step like
	// data at the front of a path.
	name, ok := pathStep(0, r.Head.Ref()[0])
	return append(path, name), ok
}

// pathStep is the i-th term of a path from data as a string: data, the
// variable at the front, or a string.
func pathStep(i int, t *ast.Term) (string, bool) {
	switch v := t.Value.(type) {
	case ast.Var:
		return string(v), i == 0
	case ast.String:
		return string(v), true
	}
	return "", false
}

// constantAnalysis decides which rules read no input.
type constantAnalysis struct {
	compiler *ast.Compiler
	// all holds every rule's path.
	all  *pathTree
	memo map[*ast.Rule]bool
}

// constant reports whether rule r gives the same value for every input:
// no reference to input, no with, no non-deterministic built-in, no
// reference that could select rules it does not name, and only constant
// rules among those it depends on.
func (a *constantAnalysis) constant(r *ast.Rule) bool {
	if v, ok := a.memo[r]; ok {
		return v
	}
	a.memo[r] = false // a cycle (which the compiler refuses) is not constant
	ok := a.readsNoInput(r)
	if ok {
		for dep := range a.compiler.Graph.Dependencies(r) {
			if d, isRule := dep.(*ast.Rule); !isRule || !a.constant(d) {
				ok = false
				break
			}
		}
	}
	a.memo[r] = ok
	return ok
}

// readsNoInput looks at r's head and bodies, its else chain included.
func (a *constantAnalysis) readsNoInput(r *ast.Rule) bool {
	ok := true
	ast.WalkExprs(r, func(e *ast.Expr) bool {
		if len(e.With) > 0 {
			ok = false
		}
		if e.IsCall() {
			if b, isBuiltin := ast.BuiltinMap[e.Operator().String()]; isBuiltin && b.Nondeterministic {
				ok = false
			}
		}
		return !ok
	})
	if ok {
		ast.WalkTerms(r, func(t *ast.Term) bool {
			switch v := t.Value.(type) {
			case ast.Var:
				if v.Equal(ast.InputRootDocument.Value) {
					ok = false
				}
			case ast.Ref:
				if !a.selectsOnlyNamedRules(v) {
					ok = false
				}
			}
			return !ok
		})
	}
	return ok
}

// selectsOnlyNamedRules reports whether a reference names the rules it
// reads: a base document, or a path that reaches a rule's name before any
// variable. data.milint.rules[_][_].report does not: it may read any rule.
func (a *constantAnalysis) selectsOnlyNamedRules(ref ast.Ref) bool {
	if !ref.HasPrefix(ast.DefaultRootRef) {
		return true
	}
	// Stopped, or walked to its end, inside the tree: the reference may
	// read rules it does not name.
	n, _ := a.all.walk(ref)
	return n == nil || n.end
}

// runConstants finds the run's constants once a second document is
// evaluated, in the background: a one-file run never pays for the
// analysis, and the documents evaluated meanwhile work everything out
// themselves. A nil *runConstants keeps nothing.
type runConstants struct {
	compiler  *ast.Compiler
	evaluated atomic.Int64
	ready     atomic.Pointer[constants]
}

// cache returns the virtual cache for the next evaluation; nil (OPA's own)
// until the run's constants are known.
func (r *runConstants) cache() topdown.VirtualCache {
	if r == nil {
		return nil
	}
	if c := r.ready.Load(); c != nil {
		return c.cache()
	}
	if r.evaluated.Add(1) == 2 {
		go func() { r.ready.Store(newConstants(r.compiler)) }()
	}
	return nil
}

// cache returns the virtual cache for one evaluation: its own values, and
// the run's constants.
func (c *constants) cache() topdown.VirtualCache {
	return &evalCache{run: c, own: topdown.NewVirtualCache()}
}

// evalCache is one evaluation's virtual cache. Inside a with (depth > 0)
// even a constant rule may see other data, so there it keeps to its own.
type evalCache struct {
	run   *constants
	own   topdown.VirtualCache
	depth int
}

func (e *evalCache) Push() {
	e.depth++
	e.own.Push()
}

func (e *evalCache) Pop() {
	e.depth--
	e.own.Pop()
}

func (e *evalCache) Get(ref ast.Ref) (*ast.Term, bool) {
	if e.depth == 0 && e.run.rules.covers(ref) {
		if v, undefined := e.run.get(ref); v != nil || undefined {
			return v, undefined
		}
	}
	return e.own.Get(ref)
}

func (e *evalCache) Put(ref ast.Ref, value *ast.Term) {
	if e.depth == 0 && e.run.rules.covers(ref) {
		e.run.put(ref, value)
	}
	e.own.Put(ref, value)
}

func (e *evalCache) Keys() []ast.Ref { return e.own.Keys() }
