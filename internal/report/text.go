package report

import (
	"bufio"
	"fmt"
	"io"
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
		pos := opts.display(e.File)
		if e.Line > 0 {
			pos = fmt.Sprintf("%s:%d:%d", pos, e.Line, e.Column)
		}
		fmt.Fprintf(bw, "%s: %s: %s\n", paint(ansiBold, pos), paint(ansiRed, "error"), e.Message)
	}
	for _, f := range res.Findings {
		level := string(f.Level)
		switch f.Level {
		case LevelError:
			level = paint(ansiRed, level)
		case LevelWarning:
			level = paint(ansiYellow, level)
		case LevelNote:
			level = paint(ansiCyan, level)
		}
		fmt.Fprintf(bw, "%s: %s: %s %s\n", paint(ansiBold, TextPosition(f, opts)), level, f.Message,
			paint(ansiDim, fmt.Sprintf("(%s %s)", f.RuleID, f.RuleName)))
		for _, r := range f.Related {
			pos := fmt.Sprintf("%s:%d:%d", opts.display(r.File), r.Region.StartLine, r.Region.StartColumn)
			fmt.Fprintf(bw, "  %s: %s\n", paint(ansiDim, pos), r.Message)
		}
	}
	fmt.Fprintln(bw, Summary(res))
	return bw.Flush()
}

// TextPosition is a finding's `path:line:col` as text output shows it.
func TextPosition(f Finding, opts Options) string {
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
		s += fmt.Sprintf("; %s could not be linted", plural(n, "file"))
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
