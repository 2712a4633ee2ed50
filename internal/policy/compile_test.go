package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/policies"
)

// compileEveryStage compiles modules as opa check --strict does, with every
// stage, the sandbox's capabilities and strict mode.
func compileEveryStage(modules []Module) error {
	byName := make(map[string]*ast.Module, len(modules))
	for _, m := range modules {
		byName[m.File] = m.Module
	}
	c := ast.NewCompiler().WithCapabilities(sandboxCapabilities()).WithStrict(true)
	c.Compile(byName)
	if c.Failed() {
		return c.Errors
	}
	return nil
}

// TestEmbeddedPoliciesCompileWithEveryStage keeps the checks a run over
// the embedded policies skips (checkOnlyStages) enforced: the bundle, tests
// included, must pass every stage.
func TestEmbeddedPoliciesCompileWithEveryStage(t *testing.T) {
	modules, err := parseModules(policies.FS, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := compileEveryStage(modules); err != nil {
		t.Fatalf("the embedded policies fail a compiler check: %v", err)
	}
}

// TestCompileEveryStageCatchesCheckOnlyMistakes shows that the check above
// can fail: a type error and an unsafe head are caught only by stages a run
// skips.
func TestCompileEveryStageCatchesCheckOnlyMistakes(t *testing.T) {
	for name, src := range map[string]string{
		"type":        "package x\n\np if { 1 == \"a\" + 1 }\n",
		"unsafe head": "package x\n\np contains y if { true }\n",
		"recursion":   "package x\n\np if { q }\n\nq if { p }\n",
	} {
		t.Run(name, func(t *testing.T) {
			m, err := ast.ParseModuleWithOpts("x.rego", src, ast.ParserOptions{RegoVersion: ast.RegoV1})
			if err != nil {
				t.Fatal(err)
			}
			if err := compileEveryStage([]Module{{File: "x.rego", Source: src, Module: m}}); err == nil {
				t.Fatalf("compiled with every stage, want an error")
			}
		})
	}
}

// TestCheckOnlyStagesExist guards against an OPA upgrade renaming a stage,
// which WithSkipStages would silently ignore.
func TestCheckOnlyStagesExist(t *testing.T) {
	all := ast.AllStages()
	for _, s := range unusedRewriteStages {
		if !slices.Contains(all, s) {
			t.Errorf("stage %s is not one of OPA's compiler stages", s)
		}
	}
	for _, s := range checkOnlyStages {
		if !slices.Contains(all, s) {
			t.Errorf("stage %s is not one of OPA's compiler stages", s)
		}
		if !strings.HasPrefix(string(s), "Check") && s != ast.StageBuildRequiredCapabilities {
			t.Errorf("stage %s is not a check", s)
		}
	}
}

// TestSkippedRulesAreNotCompiled: a rule turned off costs no compilation,
// whether the rules were read from the parsed policies (a stale generated
// registry) or from the generated registry or the cache (then its file is
// not even parsed); every other rule's module is compiled.
func TestSkippedRulesAreNotCompiled(t *testing.T) {
	for _, fromCache := range []bool{false, true} {
		s, err := Load(Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !fromCache {
			// As when the generated registry is stale.
			if s.builtinModules, err = parseModules(policies.FS, false, nil); err != nil {
				t.Fatal(err)
			}
		}
		skipped := s.builtin[0]
		ev, err := s.Evaluator(t.Context(), []string{skipped.ID})
		if err != nil {
			t.Fatal(err)
		}
		c, err := ev.get(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		compiled := map[string]bool{}
		for _, m := range c.modules {
			compiled[builtinSpace.file(m.File)] = true
		}
		for _, r := range s.builtin {
			if r.ID == skipped.ID && compiled[r.File] {
				t.Errorf("from cache %v: skipped rule %s's %s was compiled", fromCache, r.ID, r.File)
			}
			if r.ID != skipped.ID && !compiled[r.File] {
				t.Errorf("from cache %v: rule %s's %s was not compiled", fromCache, r.ID, r.File)
			}
		}
	}
}

// TestSkippedRewritesChangeNothing: the embedded policies, as a run parses
// them, compile to the same modules without the rewriting stages a run
// skips as with them.
func TestSkippedRewritesChangeNothing(t *testing.T) {
	compile := func(skip []ast.StageID) map[string]string {
		modules, err := parseCompactModules(nil)
		if err != nil {
			t.Fatal(err)
		}
		byName := make(map[string]*ast.Module, len(modules))
		for _, m := range modules {
			byName[m.File] = m.Module
		}
		c := ast.NewCompiler().WithCapabilities(sandboxCapabilities()).WithSkipStages(skip...)
		c.Compile(byName)
		if c.Failed() {
			t.Fatal(c.Errors)
		}
		out := make(map[string]string, len(c.Modules))
		for name, m := range c.Modules {
			out[name] = m.String()
		}
		return out
	}
	if diff := cmp.Diff(compile(checkOnlyStages), compile(embeddedSkippedStages())); diff != "" {
		t.Errorf("skipping %v changes the compiled policies (-with +without):\n%s", unusedRewriteStages, diff)
	}
}

// TestSkippedRewritesCanMatter shows that the comparison above can fail: a
// print call is erased only by a stage a run skips.
func TestSkippedRewritesCanMatter(t *testing.T) {
	src := "package x\n\np if { print(1) }\n"
	compile := func(skip []ast.StageID) string {
		m, err := ast.ParseModuleWithOpts("x.rego", src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		c := ast.NewCompiler().WithSkipStages(skip...)
		c.Compile(map[string]*ast.Module{"x.rego": m})
		if c.Failed() {
			t.Fatal(c.Errors)
		}
		return c.Modules["x.rego"].String()
	}
	if compile(checkOnlyStages) == compile(embeddedSkippedStages()) {
		t.Error("skipping the rewriting stages left a print call as it is erased")
	}
}
