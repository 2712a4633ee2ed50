package policy

import (
	"context"
	"encoding/json"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

const constantsModule = `package t

limits contains x if some x in data.facts.list

total := count(limits)

with_total(x) := x + total

reads_input if input.a == 1

via := total if reads_input

uses_input(x) := x + input.b

calls_input := uses_input(1)

shadowed := n if {
	n := total with data.facts.list as []
}

random := rand.intn("x", 10)

mixed := 1

mixed := 1 if input.c

late := total

late := 2 if reads_input

chained := 1 if total > 10

else := 2 if input.d
`

// dynamicModule reads whatever rules of package t a variable selects.
const dynamicModule = `package u

everything := [r | some r in data.t[_]]

limits := [r | some r in data.t.limits]
`

// prepareConstants compiles constantsModule over a store holding
// data.facts.list.
func prepareConstants(t *testing.T, q string) (rego.PreparedEvalQuery, *ast.Compiler, storage.Store) {
	t.Helper()
	var modules []Module
	for file, src := range map[string]string{"t.rego": constantsModule, "u.rego": dynamicModule} {
		m, err := ast.ParseModuleWithOpts(file, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		modules = append(modules, Module{File: file, Source: src, Module: m})
	}
	store := inmem.NewFromObject(map[string]any{"facts": map[string]any{"list": []any{1, 2, 3}}})
	prepared, compiler, err := prepare(context.Background(), q, store, modules, false)
	if err != nil {
		t.Fatal(err)
	}
	return prepared, compiler, store
}

// constantPaths lists the paths the tree marks constant.
func constantPaths(n *pathTree, path []string, out *[]string) {
	if n.end {
		*out = append(*out, strings.Join(path, "."))
		return
	}
	for step, child := range n.children {
		constantPaths(child, append(append([]string(nil), path...), step), out)
	}
}

func TestConstantRules(t *testing.T) {
	_, compiler, _ := prepareConstants(t, "data.t.total")
	var got []string
	constantPaths(newConstants(compiler).rules, nil, &got)
	sort.Strings(got)
	// Not constant: what reads input, directly or through what it calls
	// (via, calls_input, late, chained in its else); a reference that may select any rule
	// (u.everything); a with (shadowed); a non-deterministic built-in
	// (random); a name one of whose definitions reads input (mixed).
	want := []string{"data.t.limits", "data.t.total", "data.t.with_total", "data.u.limits"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("constant rules (-want +got):\n%s", diff)
	}
}

// evalWith evaluates prepared on input, with the run's constants when
// consts is not nil.
func evalWith(t *testing.T, prepared rego.PreparedEvalQuery, consts *constants, input map[string]any) any {
	t.Helper()
	opts := []rego.EvalOption{rego.EvalInput(input)}
	if consts != nil {
		opts = append(opts, rego.EvalVirtualCache(consts.cache()))
	}
	rs, err := prepared.Eval(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 {
		return nil
	}
	return rs[0].Expressions[0].Value
}

// The first evaluation that works a constant out keeps it for the run: a
// later change of the data it was built from is not seen, which shows
// that it is not worked out again. What reads input is worked out anew.
func TestConstantsKeptForTheRun(t *testing.T) {
	ctx := context.Background()
	prepared, compiler, store := prepareConstants(t, "[data.t.total, data.t.with_total(1), data.t.calls_input]")
	consts := newConstants(compiler)
	if got := evalWith(t, prepared, consts, map[string]any{"b": 10}); !cmp.Equal(got, []any{jsonNumber(3), jsonNumber(4), jsonNumber(11)}) {
		t.Fatalf("first evaluation = %v", got)
	}
	if err := storage.WriteOne(ctx, store, storage.ReplaceOp, storage.MustParsePath("/facts/list"), []any{1}); err != nil {
		t.Fatal(err)
	}
	if got := evalWith(t, prepared, consts, map[string]any{"b": 20}); !cmp.Equal(got, []any{jsonNumber(3), jsonNumber(4), jsonNumber(21)}) {
		t.Errorf("with the run's constants = %v, want the kept total 3 and with_total(1) 4, and calls_input 21 anew", got)
	}
	if got := evalWith(t, prepared, nil, map[string]any{"b": 20}); !cmp.Equal(got, []any{jsonNumber(1), jsonNumber(2), jsonNumber(21)}) {
		t.Errorf("without = %v, want everything anew", got)
	}
}

// Under a with, a constant rule may see other data: there the cache is
// neither read nor written.
func TestConstantsNotUsedUnderWith(t *testing.T) {
	prepared, compiler, _ := prepareConstants(t, "[data.t.total, data.t.shadowed, data.t.total]")
	consts := newConstants(compiler)
	for range 2 {
		if got := evalWith(t, prepared, consts, nil); !cmp.Equal(got, []any{jsonNumber(3), jsonNumber(0), jsonNumber(3)}) {
			t.Errorf("got %v, want [3 0 3]", got)
		}
	}
}

func jsonNumber(n int) json.Number { return json.Number(strconv.Itoa(n)) }

// A run looks for its constants only once a second document comes: a
// one-file run never pays for it.
func TestConstantsFoundFromTheSecondDocument(t *testing.T) {
	_, compiler, _ := prepareConstants(t, "data.t.total")
	r := &runConstants{compiler: compiler}
	if r.cache() != nil {
		t.Fatal("the first evaluation has the run's constants")
	}
	if r.ready.Load() != nil {
		t.Fatal("the constants were looked for on the first evaluation")
	}
	if r.cache() != nil {
		t.Fatal("the second evaluation waited for the run's constants")
	}
	for r.ready.Load() == nil {
		runtime.Gosched()
	}
	if _, ok := r.cache().(*evalCache); !ok {
		t.Error("once found, the run's constants are not used")
	}
	var none *runConstants
	if none.cache() != nil {
		t.Error("a run without constants has a cache")
	}
}

// A kept value and its key are copies: a term of a document's input is
// carved out of a block of its terms, which one kept term would keep
// alive, with the whole document, for the rest of the run.
func TestConstantsKeepCopies(t *testing.T) {
	c := &constants{values: map[int][]constantValue{}}
	arg, result := ast.StringTerm("4"), ast.NumberTerm("4")
	key := ast.Ref{ast.RefTerm(ast.VarTerm("data"), ast.StringTerm("f")), arg}
	c.put(key, result)
	got, undefined := c.get(ast.Ref{ast.RefTerm(ast.VarTerm("data"), ast.StringTerm("f")), ast.StringTerm("4")})
	if undefined || got == nil || !got.Equal(result) {
		t.Fatalf("get = %v, %v; want 4", got, undefined)
	}
	kept := c.values[key.Hash()][0]
	if kept.key[1] == arg || kept.value == result {
		t.Error("the kept key or value is the evaluation's own term")
	}
	c.put(ast.Ref{ast.StringTerm("undefined")}, nil)
	if got, undefined := c.get(ast.Ref{ast.StringTerm("undefined")}); got != nil || !undefined {
		t.Errorf("an undefined value reads back as %v, %v", got, undefined)
	}
}

// Only keys of scalars are kept: a mapping or a list as an argument, or as
// a key looked up in a rule's set, stays the evaluation's.
func TestConstantsCoverScalarKeysOnly(t *testing.T) {
	tree := &pathTree{}
	tree.add([]string{"data", "t", "limits"})
	fn := ast.RefTerm(ast.VarTerm("data"), ast.StringTerm("t"), ast.StringTerm("limits"))
	for ref, want := range map[string]bool{
		`data.t.limits`:          true,
		`data.t.limits[1]`:       true,
		`data.t.limits[[1]]`:     false,
		`data.t.limits[{"a":1}]`: false,
		`data.t.other`:           false,
		`data.t`:                 false,
	} {
		if got := tree.covers(ast.MustParseRef(ref)); got != want {
			t.Errorf("covers(%s) = %v, want %v", ref, got, want)
		}
	}
	for args, want := range map[string]bool{`["x", 1, true, null]`: true, `[["x"]]`: false, `[{"a": 1}]`: false} {
		key := ast.Ref{fn}
		list, ok := ast.MustParseTerm(args).Value.(*ast.Array)
		if !ok {
			t.Fatalf("%s is no list", args)
		}
		list.Foreach(func(a *ast.Term) { key = append(key, a) })
		if got := tree.covers(key); got != want {
			t.Errorf("covers(call with %s) = %v, want %v", args, got, want)
		}
	}
}
