package process

import (
	"github.com/mi-lint/mi-lint/internal/baseline"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/report"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

// FileResult is what linting one file produced, with what the file's own
// steps need: the suppression directives read from the file's text and
// from the files its findings point into, and the diff base's result.
// The run fills those in; the steps consume them and clear them, so a
// processed result holds only what is reported (and is what the result
// cache keeps).
type FileResult struct {
	Findings []finding.Finding
	// Suppressed are findings that inline directives suppressed.
	Suppressed []finding.SuppressedFinding
	Notices    []finding.Notice
	// Err is set when the file could not be read, parsed or evaluated.
	Err *finding.FileError

	// Directives are the file's own directives, and Problems its
	// malformed ones; nil when the file's text was never read as far as
	// its directives (it failed first).
	Directives *suppress.Set      `json:"-"`
	Problems   []suppress.Problem `json:"-"`
	// Included are the directives of the other files the findings point
	// into (includes), in the order the findings first name them.
	Included []*suppress.Set `json:"-"`
	// Base is the result of the file's diff base linted on its own, for
	// NewOnly; nil outside diff mode's new-only filter.
	Base *FileResult `json:"-"`
}

// A FileStep changes one file's result in place. It reads only the
// result, so a file's steps can run as soon as the file is linted, on the
// worker that linted it.
type FileStep interface {
	ProcessFile(res *FileResult)
}

// RunFile applies the steps to res in order.
func RunFile(res *FileResult, steps ...FileStep) {
	for _, s := range steps {
		s.ProcessFile(res)
	}
}

// Suppress applies the inline directives: those of the included files
// suppress their findings, then the file's own suppress what is left and
// are checked themselves (MI900, MI901, malformed directives). The
// directives of an included file are not reported as unused or expired
// here: another service may use them. A base result is processed the
// same way, as the file would be.
type Suppress struct{ Options suppress.Options }

// ProcessFile applies the directives.
func (s Suppress) ProcessFile(res *FileResult) {
	if res.Base != nil {
		s.ProcessFile(res.Base)
	}
	if res.Directives == nil {
		return
	}
	kept := res.Findings
	for _, set := range res.Included {
		applied := set.Apply(kept, s.Options)
		kept = applied.Kept
		res.Suppressed = append(res.Suppressed, suppressedFindings(applied.Suppressed)...)
	}
	applied := res.Directives.Apply(kept, s.Options)
	res.Suppressed = append(res.Suppressed, suppressedFindings(applied.Suppressed)...)
	res.Findings = applied.Findings()
	for _, p := range res.Problems {
		res.Findings = append(res.Findings, p.Finding(s.Options.Rules))
	}
	res.Directives, res.Problems, res.Included = nil, nil, nil
}

func suppressedFindings(in []suppress.Suppressed) []finding.SuppressedFinding {
	out := make([]finding.SuppressedFinding, len(in))
	for i, s := range in {
		out[i] = finding.SuppressedFinding{Finding: s.Finding, Justification: s.Justification,
			Directive: finding.Location{File: s.Directive.File, Region: finding.Region{StartLine: s.Directive.Line, StartColumn: s.Directive.Column}}}
	}
	return out
}

// NewOnly keeps only the findings the base result does not have, matched
// by rule, file and YAML path as a baseline matches them. It follows
// Suppress, so that the base's findings are those the base would report.
type NewOnly struct{}

// ProcessFile filters the findings by the base's.
func (NewOnly) ProcessFile(res *FileResult) {
	if res.Base == nil {
		return
	}
	sorted := report.Result{Findings: res.Findings}
	sorted.Sort() // which of several same-key findings counts as new is stable
	res.Findings, _ = baseline.FromFindings(res.Base.Findings).Filter(sorted.Findings)
	res.Base = nil
}
