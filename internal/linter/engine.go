// Package linter is a lint run: each file read, loaded, evaluated with the
// policies and its messages redacted, then its own post-processing steps
// applied (suppression directives, the diff base's new-only filter; see
// internal/process), on a pool of workers, through the result cache.
package linter

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"time"

	"github.com/mi-lint/mi-lint/internal/cache"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/process"
	"github.com/mi-lint/mi-lint/internal/report"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

// Engine lints files with a run's policies: each file is read, loaded,
// evaluated, its messages redacted and its directives applied, on all
// cores, through the result cache. Everything a run needs is given to New;
// an Engine is safe for concurrent use.
type Engine struct {
	policies *policy.Set
	eval     *policy.Evaluator
	// fingerprint identifies the policies and facts, for the cache (set
	// only with one).
	fingerprint []byte
	opts        Options
}

// Options configure a lint.
type Options struct {
	// Policies are the rules to run; nil loads the embedded ones alone.
	Policies *policy.Set
	// Skip are the IDs of the rules turned off: they are not evaluated,
	// and the directives' checks know them (a directive naming one is not
	// unused, and a skipped MI900 or MI901 reports nothing).
	Skip   []string
	Loader loader.Options
	Limits loader.Limits
	// Workers is how many files are linted at once; 0 means GOMAXPROCS.
	Workers int
	// Suppress configures inline suppression directives.
	Suppress SuppressOptions
	// Cache, when set, keeps each file's result between runs (see
	// cache.go); CacheSalt identifies the program, so that a rebuilt
	// mi-lint never reads what another build wrote.
	Cache     *cache.Cache
	CacheSalt string
}

// New prepares a lint of the policies. Unless the cache vouches that these
// exact policies compile, it compiles them with ctx (see
// policy.Set.Evaluator); ctx is not kept.
func New(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Limits == (loader.Limits{}) {
		opts.Limits = loader.DefaultLimits
	}
	if opts.Policies == nil {
		var err error
		if opts.Policies, err = policy.Load(policy.Options{}); err != nil {
			return nil, err
		}
	}
	e := &Engine{policies: opts.Policies, opts: opts}
	if opts.Cache != nil {
		var err error
		if e.fingerprint, err = opts.Policies.Fingerprint(); err != nil {
			return nil, err
		}
	}
	var err error
	if e.eval, err = opts.Policies.Evaluator(ctx, opts.Skip); err != nil {
		return nil, err
	}
	return e, nil
}

// Rules returns every rule, sorted by ID.
func (e *Engine) Rules() []finding.Rule { return e.policies.Rules() }

// Evaluate runs every rule that is not skipped on a loaded document (see
// policy.Evaluator.Evaluate).
func (e *Engine) Evaluate(ctx context.Context, doc *loader.Document) ([]finding.Finding, error) {
	return e.eval.Evaluate(ctx, doc)
}

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

// Lint lints files on all cores and returns every finding, notice and
// file error, in deterministic order. One file's failure never stops the
// others.
func (e *Engine) Lint(ctx context.Context, files []File) report.Result {
	workers := e.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	now := e.now()
	steps := e.fileSteps(now)
	var runKey []byte
	if e.opts.Cache != nil {
		runKey = e.runKey(now)
	}
	outcomes := make([]process.FileResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(files), 1)) {
		wg.Go(func() {
			for i := range next {
				if ctx.Err() != nil {
					outcomes[i] = process.FileResult{Err: &finding.FileError{File: files[i].Name, Message: "not linted: the run was interrupted"}}
					continue
				}
				if e.cacheable(files[i]) {
					outcomes[i] = e.checkCached(ctx, files[i], runKey, steps)
				} else {
					outcomes[i] = e.checkDiff(ctx, files[i], steps)
				}
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	res := report.Result{Rules: e.Rules(), Files: len(files)}
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
func (e *Engine) LintFile(ctx context.Context, f File) ([]finding.Finding, *finding.FileError) {
	r := e.Check(ctx, f)
	return r.Findings, r.Err
}

// Check reads, loads and evaluates one file, and applies its
// post-processing steps (its base's new-only filter excepted: see
// Base.NewOnly).
func (e *Engine) Check(ctx context.Context, f File) process.FileResult {
	res := e.check(ctx, f, e.opts.Loader.Files)
	e.applySteps(f.Name, &res, e.fileSteps(e.now()))
	return res
}

// now is the time until= dates are compared with.
func (e *Engine) now() time.Time {
	if e.opts.Suppress.Now != nil {
		return e.opts.Suppress.Now()
	}
	return time.Now()
}

// fileSteps are the steps applied to each file's result, in order; now is
// the time until= dates are compared with.
func (e *Engine) fileSteps(now time.Time) []process.FileStep {
	return []process.FileStep{
		process.Suppress{Options: suppress.Options{
			Rules: e.Rules(),
			// A directive naming a rule that is turned off is not unused.
			Enabled:       func(id string) bool { return !e.eval.Skipped(id) },
			Now:           now,
			RequireReason: e.opts.Suppress.RequireReason,
		}},
		process.NewOnly{},
	}
}

// applySteps applies the steps to the result of the file named name.
func (e *Engine) applySteps(name string, res *process.FileResult, steps []process.FileStep) {
	defer func() {
		// A bug must cost one file, never the run.
		if r := recover(); r != nil {
			*res = process.FileResult{Err: &finding.FileError{File: name, Message: fmt.Sprintf("internal error: %v", r)}}
		}
	}()
	process.RunFile(res, steps...)
}

// check reads, loads and evaluates one file, reading includes from files,
// and reads the suppression directives its steps need. Redaction happens
// here rather than in a step: the secret values are known only while the
// file's document is, and a result never carries them (it is cached).
func (e *Engine) check(ctx context.Context, f File, files fs.FS) (out process.FileResult) {
	defer func() {
		// A bug must cost one file, never the run.
		if r := recover(); r != nil {
			out = process.FileResult{Err: &finding.FileError{File: f.Name, Message: fmt.Sprintf("internal error: %v", r)}}
		}
	}()
	content, err := f.Read()
	if err != nil {
		return process.FileResult{Err: &finding.FileError{File: f.Name, Message: err.Error()}}
	}
	opts := e.opts.Loader
	opts.ComposeParams = f.ComposeParams
	opts.Files = files
	doc, err := loader.Load(loader.Source{Path: f.Name, Content: content}, opts, e.opts.Limits)
	if err != nil {
		if le, ok := errors.AsType[*loader.Error](err); ok {
			return process.FileResult{Err: &finding.FileError{File: le.File, Line: le.Line, Column: le.Col, Message: le.Msg}}
		}
		return process.FileResult{Err: &finding.FileError{File: f.Name, Message: err.Error()}}
	}
	out.Err = e.attachBase(f, opts, doc) // diff mode: input.base
	redact := newRedactor(doc.Secrets)
	for _, w := range doc.Warnings {
		out.Notices = append(out.Notices, finding.Notice{File: w.Range.File, Line: w.Range.Line, Column: w.Range.Col, Message: redact(w.Message)})
	}
	findings, err := e.Evaluate(ctx, doc)
	if err != nil {
		out.Err = &finding.FileError{File: f.Name, Message: redact(err.Error())}
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
	out.Findings = findings
	out.Directives, out.Problems = suppress.Parse(f.Name, text)
	out.Included = includedDirectives(files, f.Name, findings)
	return out
}
