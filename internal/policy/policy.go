// Package policy is mi-lint's policy side: it parses the built-in and
// custom Rego modules, reads the rule registry from their METADATA,
// compiles and prepares the query in the custom policies' sandbox, builds
// the input value of a loaded document and evaluates the rules on it, and
// runs the custom policies' own tests (`mi-lint test`).
package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/mi-lint/mi-lint/internal/cache"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/policies"
)

// query is the one entrypoint evaluated per document; builtinQuery, the
// built-in rules alone, is evaluated only when a custom rule fails.
const (
	query        = "data.milint.main.report"
	builtinQuery = "data.milint.main.builtin"
)

// Options configure the policies.
type Options struct {
	// Dirs are directories (or single .rego files) of custom Rego rules,
	// run beside the built-in ones; their _test.rego files are left out.
	// See docs/custom-rules.md.
	Dirs []string
	// BaseDir is what relative Dirs are relative to; empty means the
	// process's working directory. Messages name the files as Dirs does.
	BaseDir string
	// Facts replaces the rules' data (data.milint.facts), such as a
	// configuration's overrides merged into DefaultFacts; nil uses the
	// embedded facts.
	Facts map[string]any
	// EvalTimeout bounds the evaluation of one document; 0 means
	// DefaultEvalTimeout.
	EvalTimeout time.Duration
	// Cache, when set, keeps the rules read from these exact policies, so
	// that a run whose results are all cached neither parses nor compiles
	// them; CacheSalt identifies the program.
	Cache     *cache.Cache
	CacheSalt string
}

// DefaultEvalTimeout stops a runaway evaluation of one file.
const DefaultEvalTimeout = 10 * time.Second

// Set is a run's policies: their rules, read from the METADATA, and the
// modules to compile. Its methods are safe for concurrent use.
type Set struct {
	opts Options
	// rules is every rule, sorted by ID; builtin and custom are the Rego
	// rules main.rego can evaluate.
	rules, builtin, custom []finding.Rule
	byID                   map[string]finding.Rule
	customModules          []Module
	// builtinModules are nil when the rules came from the generated
	// registry or the cache: they are parsed when the policies are
	// compiled.
	builtinModules []Module
	// fingerprint identifies the policies and facts, computed when first
	// asked for (a run without a cache never is).
	fingerprint func() ([]byte, error)
	// vouched is set when the cache recorded that these policies compile.
	vouched bool
	// reference parses the modules whole, compiles with every stage and
	// stores the facts as Go values, as before the start-up savings: the
	// differential test's yardstick.
	reference bool
}

// Load reads the rules of the embedded bundle (from the registry generated
// from it) and the custom policies of opts.Dirs, and their rules. A custom
// policy that is malformed or uses a forbidden built-in is an error naming
// its file and line. With a cache that
// recorded a successful compilation of exactly these policies and facts,
// the rules are read from it.
func Load(opts Options) (*Set, error) {
	if opts.EvalTimeout == 0 {
		opts.EvalTimeout = DefaultEvalTimeout
	}
	s := &Set{opts: opts}
	if len(opts.Dirs) > 0 {
		var err error
		if s.customModules, err = loadPolicyDirs(opts.BaseDir, opts.Dirs, false); err != nil {
			return nil, fmt.Errorf("load custom policies: %w", err)
		}
	}
	s.fingerprint = sync.OnceValues(func() ([]byte, error) {
		fp, err := policyFingerprint(s.customModules, opts.Facts)
		if err != nil {
			return nil, fmt.Errorf("load policies: %w", err)
		}
		return fp, nil
	})
	if opts.Cache != nil {
		key, err := s.registryKey()
		if err != nil {
			return nil, err
		}
		var reg registry
		if opts.Cache.Get(registryKind, key, &reg) {
			s.setRules(reg.Builtin, reg.Custom)
			s.vouched = true
			return s, nil
		}
	}
	builtin, modules, err := builtinRules(builtinRulesJSON)
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	s.builtinModules = modules
	custom, err := checkCustom(s.customModules, builtin)
	if err != nil {
		return nil, fmt.Errorf("load custom policies: %w", err)
	}
	s.setRules(builtin, custom)
	return s, nil
}

// setRules records the rules of the METADATA and builds the registry of
// every rule, the directives' own (MI900, MI901) included.
func (s *Set) setRules(builtin, custom []finding.Rule) {
	s.builtin, s.custom = builtin, custom
	rules := slices.Concat(builtin, custom)
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	s.rules = rules
	s.byID = make(map[string]finding.Rule, len(rules))
	for _, r := range rules {
		s.byID[r.ID] = r
	}
}

// Rules returns every rule, sorted by ID.
func (s *Set) Rules() []finding.Rule { return s.rules }

// Fingerprint identifies the policies and facts, for a cache key.
func (s *Set) Fingerprint() ([]byte, error) { return s.fingerprint() }

// Evaluator returns an evaluator of every rule but the skipped ones (rule
// IDs), so that a rule a configuration turns off costs nothing. Unless the
// cache vouched that these policies compile, it compiles them now, with
// ctx, so that a custom policy that does not compile is reported before
// any file is linted; otherwise the first Evaluate compiles them, with its
// own ctx.
func (s *Set) Evaluator(ctx context.Context, skipped []string) (*Evaluator, error) {
	ev := &Evaluator{set: s, skipped: slices.Clone(skipped)}
	if s.vouched {
		return ev, nil
	}
	if _, err := ev.get(ctx); err != nil {
		return nil, err
	}
	if s.opts.Cache != nil {
		// Best effort: without it, the next run compiles again.
		if key, err := s.registryKey(); err == nil {
			_ = s.opts.Cache.Put(registryKind, key, registry{Builtin: s.builtin, Custom: s.custom})
		}
	}
	return ev, nil
}

// Evaluator evaluates a Set's rules, but the skipped ones, on documents.
// It is safe for concurrent use.
type Evaluator struct {
	set     *Set
	skipped []string

	once     sync.Once
	done     atomic.Bool
	compiled *compiled
	err      error

	builtinOnce sync.Once
	builtin     rego.PreparedEvalQuery
	builtinErr  error
}

// compiled is the compiled bundle: the prepared query, the store it reads,
// and the modules, kept to prepare the built-in rules' query if a custom
// rule fails.
type compiled struct {
	prepared rego.PreparedEvalQuery
	store    storage.Store
	modules  []Module
	// derived adds to each document's input what the run's facts give it.
	derived *derived
	// constants keeps the values that read no input for the whole run;
	// nil for the reference evaluation, which works everything out anew.
	constants *runConstants
}

// get compiles the bundle the first time it is needed, with the ctx of
// that call.
func (ev *Evaluator) get(ctx context.Context) (*compiled, error) {
	ev.once.Do(func() {
		ev.compiled, ev.err = ev.compile(ctx)
		ev.done.Store(true)
	})
	return ev.compiled, ev.err
}

// Compiled reports whether the policies have been compiled.
func (ev *Evaluator) Compiled() bool { return ev.done.Load() }

// Rules returns every rule, sorted by ID, the skipped ones included.
func (ev *Evaluator) Rules() []finding.Rule { return ev.set.rules }

// Skipped reports whether rule id is left out.
func (ev *Evaluator) Skipped(id string) bool { return slices.Contains(ev.skipped, id) }

// compile compiles the modules with the facts and prepares the query.
func (ev *Evaluator) compile(ctx context.Context) (*compiled, error) {
	s := ev.set
	// A skipped rule's module is neither compiled nor, when the rules came
	// from the cache, parsed: no other module refers to a rule's package.
	skippedFiles := map[string]bool{}
	for _, r := range s.builtin {
		if ev.Skipped(r.ID) {
			skippedFiles[r.File] = true
		}
	}
	evaluated := func(file string) bool { return !skippedFiles[builtinSpace.file(file)] }
	var builtin []Module
	if s.builtinModules == nil {
		parse := parseCompactModules
		if s.reference {
			parse = func(keep func(string) bool) ([]Module, error) { return parseModules(policies.FS, false, keep) }
		}
		var err error
		if builtin, err = parse(evaluated); err != nil {
			return nil, fmt.Errorf("load policies: %w", err)
		}
	} else {
		for _, m := range s.builtinModules {
			if evaluated(m.File) {
				builtin = append(builtin, m)
			}
		}
	}
	modules := slices.Concat(builtin, s.customModules)
	facts := s.opts.Facts
	if facts == nil {
		var err error
		if facts, err = DefaultFacts(); err != nil {
			return nil, fmt.Errorf("load policies: %w", err)
		}
	}
	// The rules read the facts on every document: stored as AST values,
	// they are converted from Go values once, not on every read.
	store := inmem.NewFromObjectWithOpts(map[string]any{"milint": map[string]any{
		"facts": facts,
		"run":   ev.runData(),
	}}, inmem.OptReturnASTValuesOnRead(!s.reference))
	prepared, compiler, err := prepare(ctx, query, store, modules, len(s.customModules) == 0 && !s.reference)
	if err != nil {
		return nil, err
	}
	c := &compiled{prepared: prepared, store: store, modules: modules, derived: newDerived(facts)}
	if !s.reference {
		c.constants = &runConstants{compiler: compiler}
	}
	return c, nil
}

// builtinQuery prepares, on first use, the query of the built-in rules
// alone (with the same store), evaluated when a custom rule fails.
func (ev *Evaluator) builtinQuery(ctx context.Context) (rego.PreparedEvalQuery, error) {
	ev.builtinOnce.Do(func() {
		c, err := ev.get(ctx)
		if err != nil {
			ev.builtinErr = err
			return
		}
		ev.builtin, _, ev.builtinErr = prepare(ctx, builtinQuery, c.store, c.modules, false)
	})
	return ev.builtin, ev.builtinErr
}

// checkOnlyStages are the compiler stages that only look for mistakes
// and change nothing the evaluator uses. The embedded policies pass them
// in go test and CI (TestEmbeddedPoliciesCompileWithEveryStage, opa check
// --strict), so a run over them alone skips them; custom policies are
// always compiled with every stage.
var checkOnlyStages = []ast.StageID{
	ast.StageCheckUnusedImports,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls,
	ast.StageCheckRuleConflicts,
	ast.StageCheckUndefinedFuncs,
	ast.StageCheckSafetyRuleHeads,
	ast.StageCheckRecursion,
	ast.StageCheckTypes,
	ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins,
	ast.StageBuildRequiredCapabilities,
}

// unusedRewriteStages are the compiler stages that rewrite what the
// embedded policies do not use (print calls, template strings, with),
// which still walk every rule to find nothing. A run over the embedded
// policies alone skips them too; TestSkippedRewritesChangeNothing compiles
// the bundle with and without them and compares the results.
var unusedRewriteStages = []ast.StageID{
	ast.StageRewritePrintCalls,
	ast.StageRewriteTemplateStrings,
	ast.StageRewriteWithValues,
}

// embeddedSkippedStages are the stages a run over the embedded policies
// alone skips.
func embeddedSkippedStages() []ast.StageID {
	return slices.Concat(checkOnlyStages, unusedRewriteStages)
}

// prepare compiles the modules and prepares a query on the store, and
// returns the compiler, which knows the rules' dependencies; with
// embeddedOnly (the modules are the embedded bundle alone) it skips the
// check-only and unused rewriting stages.
func prepare(ctx context.Context, q string, store storage.Store, modules []Module, embeddedOnly bool) (rego.PreparedEvalQuery, *ast.Compiler, error) {
	var compiler *ast.Compiler
	regoOpts := []func(*rego.Rego){
		rego.Query(q),
		rego.Store(store),
		rego.StrictBuiltinErrors(true),
		rego.Capabilities(sandboxCapabilities()),
		rego.CompilerHook(func(c *ast.Compiler) {
			compiler = c
			if embeddedOnly {
				c.WithSkipStages(embeddedSkippedStages()...)
			}
		}),
	}
	for _, m := range modules {
		regoOpts = append(regoOpts, rego.ParsedModule(m.Module))
	}
	prepared, err := rego.New(regoOpts...).PrepareForEval(ctx)
	if err != nil {
		return rego.PreparedEvalQuery{}, nil, fmt.Errorf("compile policies: %w", policyErrors(err))
	}
	return prepared, compiler, nil
}

// runData lists the custom rules main.rego evaluates, by category and
// name: all but the skipped ones. The built-in rules need no list: a
// skipped one is not compiled.
func (ev *Evaluator) runData() map[string]any {
	custom := []any{}
	for _, r := range ev.set.custom {
		if !ev.Skipped(r.ID) {
			custom = append(custom, map[string]any{"category": r.Category, "name": r.Name})
		}
	}
	return map[string]any{"custom": custom}
}

// Evaluate runs every rule on a loaded document. When the evaluation
// fails (a custom rule runs out of time or errs) and the built-in rules
// alone succeed, it returns their findings together with the error, so
// that a broken custom rule never hides the built-in findings.
func (ev *Evaluator) Evaluate(ctx context.Context, doc *loader.Document) ([]finding.Finding, error) {
	c, err := ev.get(ctx)
	if err != nil {
		return nil, err
	}
	input := buildInput(doc)
	c.derived.addTo(input)
	findings, err := ev.evaluate(ctx, doc, input, c.prepared, query, c.constants)
	if err == nil || !ev.runsCustom() {
		return findings, err
	}
	builtin, berr := ev.builtinQuery(ctx)
	if berr != nil {
		return nil, err
	}
	if findings, berr = ev.evaluate(ctx, doc, input, builtin, builtinQuery, c.constants); berr != nil {
		return nil, err
	}
	return findings, fmt.Errorf("%w (the built-in rules' findings are reported)", err)
}

// runsCustom reports whether a custom rule is evaluated.
func (ev *Evaluator) runsCustom() bool {
	for _, r := range ev.set.custom {
		if !ev.Skipped(r.ID) {
			return true
		}
	}
	return false
}

// evaluate runs one prepared query on a document's input.
func (ev *Evaluator) evaluate(ctx context.Context, doc *loader.Document, input ast.Value, prepared rego.PreparedEvalQuery, q string, consts *runConstants) ([]finding.Finding, error) {
	timeout := ev.set.opts.EvalTimeout
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	opts := []rego.EvalOption{rego.EvalParsedInput(input)}
	if vc := consts.cache(); vc != nil {
		opts = append(opts, rego.EvalVirtualCache(vc))
	}
	rs, err := prepared.Eval(ctx, opts...)
	if err != nil {
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("evaluate policies: stopped after %s", timeout)
		}
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil
	}
	raw, ok := rs[0].Expressions[0].Value.([]any)
	if !ok {
		return nil, fmt.Errorf("evaluate policies: %s is not a set of findings", q)
	}
	findings := make([]finding.Finding, 0, len(raw))
	for _, r := range raw {
		f, err := ev.set.finding(doc, r)
		if err != nil {
			return nil, fmt.Errorf("evaluate policies: %w", err)
		}
		findings = append(findings, f)
	}
	return findings, nil
}

// ruleFinding is the shape lib.result builds.
type ruleFinding struct {
	Rule    string `json:"rule"`
	Path    []any  `json:"path"`
	Message string `json:"message"`
	Level   string `json:"level"`
	Related []struct {
		Path    []any  `json:"path"`
		Message string `json:"message"`
	} `json:"related"`
	Fix *ruleFix `json:"fix"`
}

// ruleFix is the remedy lib.result.with_fix adds.
type ruleFix struct {
	Path []any  `json:"path"`
	Part string `json:"part"`
	Text string `json:"text"`
	Safe bool   `json:"safe"`
}

func (s *Set) finding(doc *loader.Document, raw any) (finding.Finding, error) {
	var rf ruleFinding
	if err := remarshal(raw, &rf); err != nil {
		return finding.Finding{}, fmt.Errorf("malformed finding %v: %w", raw, err)
	}
	rule, ok := s.byID[rf.Rule]
	if !ok {
		return finding.Finding{}, fmt.Errorf("finding of unknown rule %q: build findings with data.milint.lib.result.fail", rf.Rule)
	}
	level := rule.Level
	if rf.Level != "" {
		level = finding.Level(rf.Level)
		if level.Rank() == 0 {
			return finding.Finding{}, fmt.Errorf("rule %s reported level %q", rule.ID, rf.Level)
		}
	}
	path := docPath(rf.Path)
	loc, _ := doc.Locate(path)
	f := finding.Finding{
		RuleID:   rule.ID,
		RuleName: rule.Name,
		Level:    level,
		Message:  rf.Message,
		Location: location(loc.Range),
		YAMLPath: pathString(path),
	}
	if rf.Fix != nil {
		fix, err := fixOf(doc, rf.Fix)
		if err != nil {
			return finding.Finding{}, fmt.Errorf("rule %s: %w", rule.ID, err)
		}
		f.Fix = fix
	}
	for _, r := range loc.Related {
		f.Related = append(f.Related, finding.RelatedLocation{Location: location(r.Range), Message: r.Message})
	}
	var subject []string
	for _, r := range rf.Related {
		subject = append(subject, pathString(docPath(r.Path)))
		rl, _ := doc.Locate(docPath(r.Path))
		f.Related = append(f.Related, finding.RelatedLocation{Location: location(rl.Range), Message: r.Message})
		for _, via := range rl.Related {
			f.Related = append(f.Related, finding.RelatedLocation{Location: location(via.Range), Message: via.Message})
		}
	}
	// The places the rule relates the value to are part of what the finding
	// is about: two functions inheriting one provider setting are two
	// findings at one path.
	f.Subject = strings.Join(subject, " ")
	return f, nil
}

// remarshal decodes a Rego result (JSON-shaped Go values) into a struct.
func remarshal(in any, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// docPath turns a path from Rego (numbers arrive as json.Number or float)
// into a loader path.
func docPath(p []any) loader.Path {
	out := make(loader.Path, 0, len(p))
	for _, e := range p {
		switch v := e.(type) {
		case string:
			out = append(out, v)
		case float64:
			out = append(out, int(v))
		case json.Number:
			i, err := v.Int64()
			if err != nil {
				return out
			}
			out = append(out, int(i))
		}
	}
	return out
}

func location(r loader.Range) finding.Location {
	return finding.Location{File: r.File, Region: finding.Region{
		StartLine: r.Line, StartColumn: r.Col, EndLine: r.EndLine, EndColumn: r.EndCol,
	}}
}

// fixOf turns a rule's remedy into edits of the text where the key or value
// is written; nil when that text is not the value's own (see
// loader.Document.Home), so there is nothing to edit safely.
func fixOf(doc *loader.Document, rf *ruleFix) (*finding.Fix, error) {
	var description string
	switch rf.Part {
	case "key":
		description = fmt.Sprintf("Rename the key to `%s`", rf.Text)
	case "value":
		description = fmt.Sprintf("Change the value to `%s`", rf.Text)
	case "entry":
		path := docPath(rf.Path)
		r, ok := doc.EntrySpan(path)
		if !ok {
			return nil, nil
		}
		description = fmt.Sprintf("Remove `%s`", pathString(path[len(path)-1:]))
		return &finding.Fix{Description: description, Safe: rf.Safe, Edits: []finding.Edit{{Location: location(r)}}}, nil
	default:
		return nil, fmt.Errorf("fix of part %q: it must be key, value or entry", rf.Part)
	}
	if rf.Text == "" || strings.ContainsAny(rf.Text, "\"'\\\n\r#:{}[],&*!|>%@`") {
		return nil, fmt.Errorf("fix text %q: it must be a plain scalar", rf.Text)
	}
	r, ok := doc.Home(docPath(rf.Path), rf.Part == "key")
	if !ok {
		return nil, nil
	}
	return &finding.Fix{Description: description, Safe: rf.Safe, Edits: []finding.Edit{{Location: location(r), Text: rf.Text}}}, nil
}
