package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"

	"github.com/mi-lint/mi-lint/internal/finding"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

// WriteText writes one line per unreadable file and per finding,
// `path:line:col: level: message (MI001 missing-vpc)`, each related
// location of a finding on an indented line after it
// (`  path:line:col: message`, so that tools matching the first shape
// skip it), then a summary.
func WriteText(w io.Writer, res Result, opts Options) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, e := range res.Errors {
		fmt.Fprintln(bw, errorLine(e, opts, paint))
	}
	for _, n := range res.Notices {
		fmt.Fprintln(bw, noticeLine(n, opts, paint))
	}
	for _, f := range res.Findings {
		fmt.Fprintln(bw, findingLine(f, opts, paint)+fixMark(f, paint))
		for _, r := range f.Related {
			pos := fmt.Sprintf("%s:%d:%d", opts.display(r.File), r.Region.StartLine, r.Region.StartColumn)
			fmt.Fprintf(bw, "  %s: %s\n", paint(ansiDim, pos), r.Message)
		}
	}
	if opts.ShowSuppressed {
		for _, sf := range res.Suppressed {
			fmt.Fprintf(bw, "%s %s\n", findingLine(sf.Finding, opts, paint), paint(ansiDim, "[suppressed: "+cmp.Or(sf.Justification, "no reason given")+"]"))
		}
	}
	fmt.Fprintln(bw, Summary(res))
	return bw.Flush()
}

// fixMark marks a finding whose fix --fix applies, and one with a fix
// only --unsafe-fixes applies.
func fixMark(f finding.Finding, paint painter) string {
	switch {
	case f.Fix == nil:
		return ""
	case f.Fix.Safe:
		return " " + paint(ansiDim, "[fixable]")
	}
	return " " + paint(ansiDim, "[unsafe fix]")
}

// painter colours a part of a line of text output, or leaves it plain.
type painter func(code, s string) string

func plain(_, s string) string { return s }

// errorLine is the text output's line for an unreadable file.
func errorLine(e finding.FileError, opts Options, paint painter) string {
	return problemLine(e, "error", ansiRed, opts, paint)
}

// ErrorLine is the text output's line for an unreadable file, uncoloured:
// `path:line:col: error: message`, or `path: error: message` for an error
// with no position.
func ErrorLine(e finding.FileError, opts Options) string { return errorLine(e, opts, plain) }

// noticeLine is the text output's line for a notice: a problem that did
// not stop the file.
func noticeLine(n finding.Notice, opts Options, paint painter) string {
	return problemLine(n, "notice", ansiCyan, opts, paint)
}

func problemLine(e finding.FileError, label, colour string, opts Options, paint painter) string {
	pos := opts.display(e.File)
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", pos, e.Line, e.Column)
	}
	return fmt.Sprintf("%s: %s: %s", paint(ansiBold, pos), paint(colour, label), e.Message)
}

// findingLine is the text output's first line for a finding.
func findingLine(f finding.Finding, opts Options, paint painter) string {
	level := string(f.Level)
	switch f.Level {
	case finding.LevelError:
		level = paint(ansiRed, level)
	case finding.LevelWarning:
		level = paint(ansiYellow, level)
	case finding.LevelNote:
		level = paint(ansiCyan, level)
	}
	return fmt.Sprintf("%s: %s: %s %s", paint(ansiBold, TextPosition(f, opts)), level, f.Message,
		paint(ansiDim, fmt.Sprintf("(%s %s)", f.RuleID, f.RuleName)))
}

// TextLine is the line text output prints for a finding, uncoloured:
// `path:line:col: level: message (MI001 missing-vpc)`.
func TextLine(f finding.Finding, opts Options) string { return findingLine(f, opts, plain) }

// TextPosition is a finding's `path:line:col` as text output shows it.
func TextPosition(f finding.Finding, opts Options) string {
	return fmt.Sprintf("%s:%d:%d", opts.display(f.File), f.Region.StartLine, f.Region.StartColumn)
}

// Summary is the closing line of text output.
func Summary(res Result) string {
	c := CountFindings(res.Findings)
	total := c.Errors + c.Warnings + c.Notes
	s := fmt.Sprintf("%s in %s", plural(total, "problem"), plural(res.Files, "file"))
	if total > 0 {
		s = fmt.Sprintf("%s (%s, %s, %s)", s, plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Notes, "note"))
	}
	if n := len(res.Errors); n > 0 {
		s += fmt.Sprintf("; %s could not be linted in full", plural(n, "file"))
	}
	if n := len(res.Notices); n > 0 {
		s += "; " + plural(n, "notice")
	}
	if n := len(res.Suppressed); n > 0 {
		s += fmt.Sprintf("; %d suppressed", n)
	}
	switch safe, all := CountFixable(res.Findings), CountFixes(res.Findings); {
	case safe == 0 && all > 0:
		s += fmt.Sprintf("; %d fixable with --fix --unsafe-fixes", all)
	case safe == all && all > 0:
		s += fmt.Sprintf("; %d fixable with --fix", safe)
	case safe > 0:
		s += fmt.Sprintf("; %d fixable with --fix (%d more with --unsafe-fixes)", safe, all-safe)
	}
	switch n := res.BaselineStale; {
	case n == 1:
		s += "; 1 baseline entry no longer matches (prune the baseline)"
	case n > 1:
		s += fmt.Sprintf("; %d baseline entries no longer match (prune the baseline)", n)
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
