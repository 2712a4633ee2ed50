package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/mi-lint/mi-lint/internal/cache"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/report"
	"github.com/mi-lint/mi-lint/internal/suppress"
	"github.com/mi-lint/mi-lint/policies"
)

// query is the one entrypoint evaluated per document; builtinQuery, the
// built-in rules alone, is evaluated only when a custom rule fails.
const (
	query        = "data.milint.main.report"
	builtinQuery = "data.milint.main.builtin"
)

// Engine lints documents with a compiled, prepared policy bundle. It is
// safe for concurrent use.
type Engine struct {
	// policy is compiled in New, or on first use when the cache vouches
	// that these exact policies compile (see New).
	policy *policy
	rules  []report.Rule
	byID   map[string]report.Rule
	// builtin and custom are the Rego rules main.rego can evaluate.
	builtin, custom []report.Rule
	// skipped are the IDs of the rules Skip leaves out.
	skipped []string
	// fingerprint identifies the policies and facts, for the cache (set
	// only with one).
	fingerprint []byte
	opts        Options
}

// policy is the compiled bundle: the prepared query, the store it reads,
// and the modules, kept to prepare the built-in rules' query if a custom
// rule fails.
type policy struct {
	once     sync.Once
	done     atomic.Bool
	compile  func() (*compiled, error)
	compiled *compiled
	err      error

	builtinOnce sync.Once
	builtin     rego.PreparedEvalQuery
	builtinErr  error
}

type compiled struct {
	prepared rego.PreparedEvalQuery
	store    storage.Store
	modules  []Module
}

// get compiles the bundle the first time it is needed.
func (p *policy) get() (*compiled, error) {
	p.once.Do(func() {
		p.compiled, p.err = p.compile()
		p.done.Store(true)
	})
	return p.compiled, p.err
}

// ready reports whether the bundle has been compiled.
func (p *policy) ready() bool { return p.done.Load() }

// builtinQuery prepares, on first use, the query of the built-in rules
// alone (with the same store), evaluated when a custom rule fails.
func (p *policy) builtinQuery(ctx context.Context) (rego.PreparedEvalQuery, error) {
	p.builtinOnce.Do(func() {
		c, err := p.get()
		if err != nil {
			p.builtinErr = err
			return
		}
		p.builtin, p.builtinErr = prepare(ctx, builtinQuery, c.store, c.modules)
	})
	return p.builtin, p.builtinErr
}

// Options configure a lint.
type Options struct {
	Loader loader.Options
	Limits loader.Limits
	// EvalTimeout bounds the policy evaluation of one file.
	EvalTimeout time.Duration
	// Workers is how many files are linted at once; 0 means GOMAXPROCS.
	Workers int
	// PolicyDirs are directories (or single .rego files) of custom Rego
	// rules, run beside the built-in ones; their _test.rego files are
	// left out. See docs/custom-rules.md.
	PolicyDirs []string
	// PolicyBaseDir is what relative PolicyDirs are relative to; empty
	// means the process's working directory. Messages name the files as
	// PolicyDirs does.
	PolicyBaseDir string
	// Suppress configures inline suppression directives.
	Suppress SuppressOptions
	// Facts replaces the rules' data (data.milint.facts), such as a
	// configuration's overrides merged into DefaultFacts; nil uses the
	// embedded facts.
	Facts map[string]any
	// Cache, when set, keeps each file's result between runs (see
	// cache.go); CacheSalt identifies the program, so that a rebuilt
	// mi-lint never reads what another build wrote.
	Cache     *cache.Cache
	CacheSalt string
}

// DefaultEvalTimeout stops a runaway evaluation of one file.
const DefaultEvalTimeout = 10 * time.Second

// New compiles the embedded bundle, with the custom policies of
// opts.PolicyDirs, and prepares the query. A custom policy that is
// malformed, uses a forbidden built-in or does not compile is an error
// naming its file and line.
//
// With a cache that recorded a successful compilation of exactly these
// policies and facts, New reads the rules from it and compiles only when a
// file needs evaluating: a run whose files are all cached never compiles.
func New(ctx context.Context, opts Options) (*Engine, error) {
	var custom []Module
	if len(opts.PolicyDirs) > 0 {
		var err error
		if custom, err = loadPolicyDirs(opts.PolicyBaseDir, opts.PolicyDirs, false); err != nil {
			return nil, fmt.Errorf("load custom policies: %w", err)
		}
	}
	if opts.EvalTimeout == 0 {
		opts.EvalTimeout = DefaultEvalTimeout
	}
	if opts.Limits == (loader.Limits{}) {
		opts.Limits = loader.DefaultLimits
	}
	e := &Engine{opts: opts}
	if opts.Cache != nil {
		var err error
		if e.fingerprint, err = policyFingerprint(custom, opts.Facts); err != nil {
			return nil, fmt.Errorf("load policies: %w", err)
		}
		var reg registry
		if opts.Cache.Get(registryKind, e.registryKey(), &reg) {
			e.setRules(reg.Builtin, reg.Custom)
			e.policy = &policy{compile: func() (*compiled, error) {
				builtin, err := parseModules(policies.FS, false)
				if err != nil {
					return nil, fmt.Errorf("load policies: %w", err)
				}
				return e.compile(ctx, append(builtin, custom...))
			}}
			return e, nil
		}
	}

	builtinModules, err := parseModules(policies.FS, false)
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	builtin, err := readRules(builtinModules)
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	customRules, err := checkCustom(custom, builtin)
	if err != nil {
		return nil, fmt.Errorf("load custom policies: %w", err)
	}
	e.setRules(builtin, customRules)
	c, err := e.compile(ctx, append(builtinModules, custom...))
	if err != nil {
		return nil, err
	}
	e.policy = &policy{compile: func() (*compiled, error) { return c, nil }}
	_, _ = e.policy.get() // compiled already
	if opts.Cache != nil {
		// Best effort: without it, the next run compiles again.
		_ = opts.Cache.Put(registryKind, e.registryKey(), registry{Builtin: builtin, Custom: customRules})
	}
	return e, nil
}

// setRules records the rules of the METADATA and builds the registry of
// every rule, the directives' own (MI900, MI901) included.
func (e *Engine) setRules(builtin, custom []report.Rule) {
	e.builtin, e.custom = builtin, custom
	rules := slices.Concat(builtin, custom)
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	e.rules = rules
	e.byID = make(map[string]report.Rule, len(rules))
	for _, r := range rules {
		e.byID[r.ID] = r
	}
}

// compile compiles the modules with the facts and prepares the query.
func (e *Engine) compile(ctx context.Context, modules []Module) (*compiled, error) {
	facts := e.opts.Facts
	if facts == nil {
		var err error
		if facts, err = DefaultFacts(); err != nil {
			return nil, fmt.Errorf("load policies: %w", err)
		}
	}
	store := inmem.NewFromObject(map[string]any{"milint": map[string]any{
		"facts": facts,
		"run":   e.runData(),
	}})
	prepared, err := prepare(ctx, query, store, modules)
	if err != nil {
		return nil, err
	}
	return &compiled{prepared: prepared, store: store, modules: modules}, nil
}

// prepare compiles the modules and prepares a query on the store.
func prepare(ctx context.Context, q string, store storage.Store, modules []Module) (rego.PreparedEvalQuery, error) {
	regoOpts := []func(*rego.Rego){
		rego.Query(q),
		rego.Store(store),
		rego.StrictBuiltinErrors(true),
		rego.Capabilities(sandboxCapabilities()),
	}
	for _, m := range modules {
		regoOpts = append(regoOpts, rego.ParsedModule(m.Module))
	}
	prepared, err := rego.New(regoOpts...).PrepareForEval(ctx)
	if err != nil {
		return rego.PreparedEvalQuery{}, fmt.Errorf("compile policies: %w", policyErrors(err))
	}
	return prepared, nil
}

// runPath is where main.rego reads the rules to evaluate.
var runPath = storage.Path{"milint", "run"}

// runData lists the rules main.rego evaluates, by category and name: all
// but the skipped ones and the built-in directive rules, which have no
// Rego (the suppress step reports them).
func (e *Engine) runData() map[string]any {
	list := func(rules []report.Rule, custom bool) []any {
		out := []any{}
		for _, r := range rules {
			if e.runs(r.ID) && (custom || r.Category != suppress.Category) {
				out = append(out, map[string]any{"category": r.Category, "name": r.Name})
			}
		}
		return out
	}
	return map[string]any{"builtin": list(e.builtin, false), "custom": list(e.custom, true)}
}

// runs reports whether a rule runs: whether Skip left it in.
func (e *Engine) runs(id string) bool { return !slices.Contains(e.skipped, id) }

// Skip leaves the rules skip names out of every later evaluation, so that a
// rule a configuration turns off costs nothing, and out of the directives'
// checks (a directive naming a skipped rule is not unused, and a skipped
// MI900 or MI901 reports nothing). Call it before linting.
func (e *Engine) Skip(ctx context.Context, skip func(id string) bool) error {
	e.skipped = nil
	for _, r := range e.rules {
		if skip(r.ID) {
			e.skipped = append(e.skipped, r.ID)
		}
	}
	if !e.policy.ready() {
		return nil // compile writes the list
	}
	c, err := e.policy.get()
	if err != nil {
		return err
	}
	if err := storage.WriteOne(ctx, c.store, storage.ReplaceOp, runPath, e.runData()); err != nil {
		return fmt.Errorf("skip rules: %w", err)
	}
	return nil
}

// Rules returns the rules of the bundle, sorted by ID.
func (e *Engine) Rules() []report.Rule { return e.rules }

// File is one input to lint: the name findings use (relative to the source
// root, slash-separated), how to read it, and the params a compose file
// passes it, if any.
type File struct {
	Name          string
	Read          func() ([]byte, error)
	ComposeParams map[string]*loader.Node
	// Base is the file's base revision in diff mode (see Base); nil
	// otherwise.
	Base *Base
}

// FileResult is what linting one file produced.
type FileResult struct {
	Findings []report.Finding
	// Suppressed are findings that inline directives suppressed.
	Suppressed []report.SuppressedFinding
	Notices    []report.Notice
	// Err is set when the file could not be read, parsed or evaluated.
	Err *report.FileError
}

// Lint lints files on all cores and returns every finding, notice and
// file error, in deterministic order. One file's failure never stops the
// others.
func (e *Engine) Lint(ctx context.Context, files []File) report.Result {
	workers := e.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var runKey []byte
	if e.opts.Cache != nil {
		runKey = e.runKey()
	}
	outcomes := make([]FileResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					outcomes[i] = FileResult{Err: &report.FileError{File: files[i].Name, Message: "not linted: the run was interrupted"}}
					continue
				}
				if e.cacheable(files[i]) {
					outcomes[i] = e.checkCached(ctx, files[i], runKey)
				} else {
					outcomes[i] = e.checkDiff(ctx, files[i])
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	res := report.Result{Rules: e.rules, Files: len(files)}
	for _, f := range files {
		res.FileNames = append(res.FileNames, f.Name)
	}
	for _, o := range outcomes {
		res.Findings = append(res.Findings, o.Findings...)
		res.Notices = append(res.Notices, o.Notices...)
		res.Suppressed = append(res.Suppressed, o.Suppressed...)
		if o.Err != nil {
			res.Errors = append(res.Errors, *o.Err)
		}
	}
	res.Sort()
	return res
}

// LintFile reads, loads and evaluates one file, returning its findings or
// its error.
func (e *Engine) LintFile(ctx context.Context, f File) ([]report.Finding, *report.FileError) {
	r := e.Check(ctx, f)
	return r.Findings, r.Err
}

// Check reads, loads and evaluates one file.
func (e *Engine) Check(ctx context.Context, f File) FileResult {
	return e.check(ctx, f, e.opts.Loader.Files)
}

// check is Check with the files includes are read from.
func (e *Engine) check(ctx context.Context, f File, files fs.FS) (out FileResult) {
	defer func() {
		// A bug must cost one file, never the run.
		if r := recover(); r != nil {
			out = FileResult{Err: &report.FileError{File: f.Name, Message: fmt.Sprintf("internal error: %v", r)}}
		}
	}()
	content, err := f.Read()
	if err != nil {
		return FileResult{Err: &report.FileError{File: f.Name, Message: err.Error()}}
	}
	opts := e.opts.Loader
	opts.ComposeParams = f.ComposeParams
	opts.Files = files
	doc, err := loader.Load(loader.Source{Path: f.Name, Content: content}, opts, e.opts.Limits)
	if err != nil {
		var le *loader.Error
		if errors.As(err, &le) {
			return FileResult{Err: &report.FileError{File: le.File, Line: le.Line, Column: le.Col, Message: le.Msg}}
		}
		return FileResult{Err: &report.FileError{File: f.Name, Message: err.Error()}}
	}
	out.Err = e.attachBase(f, opts, doc) // diff mode: input.base
	redact := newRedactor(doc.Secrets)
	for _, w := range doc.Warnings {
		out.Notices = append(out.Notices, report.Notice{File: w.Range.File, Line: w.Range.Line, Column: w.Range.Col, Message: redact(w.Message)})
	}
	findings, err := e.Evaluate(ctx, doc)
	if err != nil {
		out.Err = &report.FileError{File: f.Name, Message: redact(err.Error())}
		if findings == nil {
			return out
		}
	}
	for i := range findings {
		findings[i].Message = redact(findings[i].Message)
		for j := range findings[i].Related {
			findings[i].Related[j].Message = redact(findings[i].Related[j].Message)
		}
	}
	// Directives are read from the text as the loader decoded it (a UTF-16
	// file's comments are UTF-16 bytes until then).
	text, err := loader.Text(f.Name, content)
	if err != nil {
		text = content
	}
	out.Findings, out.Suppressed = e.applySuppressions(files, f.Name, text, findings)
	return out
}

// Evaluate runs every rule on a loaded document. When the evaluation
// fails (a custom rule runs out of time or errs) and the built-in rules
// alone succeed, it returns their findings together with the error, so
// that a broken custom rule never hides the built-in findings.
func (e *Engine) Evaluate(ctx context.Context, doc *loader.Document) ([]report.Finding, error) {
	c, err := e.policy.get()
	if err != nil {
		return nil, err
	}
	input := buildInput(doc)
	findings, err := e.evaluate(ctx, doc, input, c.prepared, query)
	if err == nil || !e.runsCustom() {
		return findings, err
	}
	builtin, berr := e.policy.builtinQuery(ctx)
	if berr != nil {
		return nil, err
	}
	if findings, berr = e.evaluate(ctx, doc, input, builtin, builtinQuery); berr != nil {
		return nil, err
	}
	return findings, fmt.Errorf("%w (the built-in rules' findings are reported)", err)
}

// runsCustom reports whether a custom rule is evaluated.
func (e *Engine) runsCustom() bool {
	for _, r := range e.custom {
		if e.runs(r.ID) {
			return true
		}
	}
	return false
}

// evaluate runs one prepared query on a document's input.
func (e *Engine) evaluate(ctx context.Context, doc *loader.Document, input ast.Value, prepared rego.PreparedEvalQuery, q string) ([]report.Finding, error) {
	ctx, cancel := context.WithTimeout(ctx, e.opts.EvalTimeout)
	defer cancel()
	rs, err := prepared.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("evaluate policies: stopped after %s", e.opts.EvalTimeout)
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
	findings := make([]report.Finding, 0, len(raw))
	for _, r := range raw {
		f, err := e.finding(doc, r)
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
}

func (e *Engine) finding(doc *loader.Document, raw any) (report.Finding, error) {
	var rf ruleFinding
	if err := remarshal(raw, &rf); err != nil {
		return report.Finding{}, fmt.Errorf("malformed finding %v: %w", raw, err)
	}
	rule, ok := e.byID[rf.Rule]
	if !ok {
		return report.Finding{}, fmt.Errorf("finding of unknown rule %q: build findings with data.milint.lib.result.fail", rf.Rule)
	}
	level := rule.Level
	if rf.Level != "" {
		level = report.Level(rf.Level)
		if level.Rank() == 0 {
			return report.Finding{}, fmt.Errorf("rule %s reported level %q", rule.ID, rf.Level)
		}
	}
	path := docPath(rf.Path)
	loc, _ := doc.Locate(path)
	f := report.Finding{
		RuleID:   rule.ID,
		RuleName: rule.Name,
		Level:    level,
		Message:  rf.Message,
		Location: location(loc.Range),
		YAMLPath: pathString(path),
	}
	for _, r := range loc.Related {
		f.Related = append(f.Related, report.RelatedLocation{Location: location(r.Range), Message: r.Message})
	}
	for _, r := range rf.Related {
		rl, _ := doc.Locate(docPath(r.Path))
		f.Related = append(f.Related, report.RelatedLocation{Location: location(rl.Range), Message: r.Message})
		for _, via := range rl.Related {
			f.Related = append(f.Related, report.RelatedLocation{Location: location(via.Range), Message: via.Message})
		}
	}
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

func location(r loader.Range) report.Location {
	return report.Location{File: r.File, Region: report.Region{
		StartLine: r.Line, StartColumn: r.Col, EndLine: r.EndLine, EndColumn: r.EndCol,
	}}
}
