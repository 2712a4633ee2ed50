package linter

import (
	"io/fs"
	"time"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

// SuppressOptions configure inline `# mi-lint:ignore` directives.
type SuppressOptions struct {
	// Now is today for `until=` dates; nil means time.Now.
	Now func() time.Time
	// RequireReason reports directives that give no reason.
	RequireReason bool
}

// applySuppressions applies the directives of the linted file, and of the
// included files findings point into, to a file's findings. It returns
// what is reported (the kept findings, the MI900/MI901 findings of the
// file's own directives, malformed directives) and what was suppressed.
// The directives of an included file suppress its findings, but are not
// reported as unused or expired here: another service may use them.
func (e *Engine) applySuppressions(files fs.FS, name string, content []byte, findings []finding.Finding) ([]finding.Finding, []finding.SuppressedFinding) {
	// A directive naming a rule that is turned off is not unused.
	opts := suppress.Options{
		Rules:         e.Rules(),
		Enabled:       func(id string) bool { return !e.eval.Skipped(id) },
		Now:           time.Now(),
		RequireReason: e.opts.Suppress.RequireReason,
	}
	if e.opts.Suppress.Now != nil {
		opts.Now = e.opts.Suppress.Now()
	}
	var suppressed []finding.SuppressedFinding
	kept := findings
	for _, inc := range includedFiles(files, name, findings) {
		set, _ := suppress.Parse(inc.name, inc.content)
		res := set.Apply(kept, opts)
		kept = res.Kept
		suppressed = append(suppressed, toReport(res.Suppressed)...)
	}
	set, problems := suppress.Parse(name, content)
	res := set.Apply(kept, opts)
	suppressed = append(suppressed, toReport(res.Suppressed)...)
	out := res.Findings()
	for _, p := range problems {
		out = append(out, p.Finding(e.Rules()))
	}
	return out, suppressed
}

type includedFile struct {
	name    string
	content []byte
}

// includedFiles reads the other files findings point into, through the
// root-confined file system includes are read with.
func includedFiles(fsys fs.FS, name string, findings []finding.Finding) []includedFile {
	if fsys == nil {
		return nil
	}
	var out []includedFile
	seen := map[string]bool{name: true}
	for _, f := range findings {
		if seen[f.File] {
			continue
		}
		seen[f.File] = true
		if content, err := fs.ReadFile(fsys, f.File); err == nil {
			out = append(out, includedFile{name: f.File, content: content})
		}
	}
	return out
}

func toReport(in []suppress.Suppressed) []finding.SuppressedFinding {
	out := make([]finding.SuppressedFinding, len(in))
	for i, s := range in {
		out[i] = finding.SuppressedFinding{Finding: s.Finding, Justification: s.Justification,
			Directive: finding.Location{File: s.Directive.File, Region: finding.Region{StartLine: s.Directive.Line, StartColumn: s.Directive.Column}}}
	}
	return out
}
