package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// Options tune how a result is written.
type Options struct {
	Tool Tool
	// Color turns on ANSI colours in text output.
	Color bool
	// DisplayPath renders a root-relative file name for people (text
	// output), such as relative to the working directory. Nil keeps it.
	DisplayPath func(string) string
	// SrcRootURI is the file:// URI of the source root, for SARIF's
	// originalUriBaseIds; empty leaves the base to the consumer.
	SrcRootURI string
	// SARIFCategory is the SARIF run's automationDetails.id, which GitHub
	// code scanning reads as the category that keeps several analyses of
	// one repository apart. Empty means DefaultSARIFCategory; a trailing
	// slash is added when missing, so that the whole value is the category.
	SARIFCategory string
	// LineText returns the text of a line (1-based) of a file named as in
	// Finding.File, without its line break; ok is false when it is not
	// known. Formats that count columns in UTF-8 bytes (rdjson, rdjsonl)
	// use it to convert mi-lint's code-point columns; nil leaves columns
	// as they are, which is exact for ASCII lines.
	LineText func(file string, line int) (text string, ok bool)
	// ShowSuppressed lists suppressed findings in text output.
	ShowSuppressed bool
	// SARIFSuppressed includes suppressed findings in SARIF, marked with
	// an inSource suppression; GitHub would otherwise open them as alerts.
	SARIFSuppressed bool
	// FailLevel is --fail-level: the lowest level of a finding that fails
	// the run (error, warning, note), or none. Formats that mark failures
	// (junit) mark only those. Empty means every finding fails.
	FailLevel string
}

// fails reports whether a finding is at or above FailLevel.
func (o Options) fails(f finding.Finding) bool {
	if o.FailLevel == "" {
		return true
	}
	threshold := finding.Level(o.FailLevel).Rank()
	return threshold > 0 && f.Level.Rank() >= threshold
}

func (o Options) display(file string) string {
	if o.DisplayPath == nil {
		return file
	}
	return o.DisplayPath(file)
}

// toolName is the tool's name in reports that need one.
func (o Options) toolName() string {
	if o.Tool.Name == "" {
		return "mi-lint"
	}
	return o.Tool.Name
}

// Formatter writes a result in one format.
type Formatter func(w io.Writer, res Result, opts Options) error

// formatters are the output formats by name; one file each.
var formatters = map[string]Formatter{
	"text":       WriteText,
	"json":       WriteJSON,
	"sarif":      WriteSARIF,
	"github":     WriteGitHub,
	"rdjson":     WriteRDJSON,
	"rdjsonl":    WriteRDJSONL,
	"checkstyle": WriteCheckstyle,
	"junit":      WriteJUnit,
}

// FormatNames lists the output formats.
func FormatNames() []string {
	names := make([]string, 0, len(formatters))
	for n := range formatters {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// FormatterFor returns the formatter of a format name.
func FormatterFor(name string) (Formatter, error) {
	f, ok := formatters[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q: valid formats are %s", name, strings.Join(FormatNames(), ", "))
	}
	return f, nil
}

// Counts tallies findings by level.
type Counts struct {
	Errors, Warnings, Notes int
}

// CountFindings tallies a result's findings by level.
func CountFindings(findings []finding.Finding) Counts {
	var c Counts
	for _, f := range findings {
		switch f.Level {
		case finding.LevelError:
			c.Errors++
		case finding.LevelWarning:
			c.Warnings++
		case finding.LevelNote:
			c.Notes++
		}
	}
	return c
}

// CountFixable counts the findings whose fix is safe: what --fix applies.
func CountFixable(findings []finding.Finding) int {
	n := 0
	for _, f := range findings {
		if f.Fix != nil && f.Fix.Safe {
			n++
		}
	}
	return n
}

// CountFixes counts the findings with a fix, safe or not.
func CountFixes(findings []finding.Finding) int {
	n := 0
	for _, f := range findings {
		if f.Fix != nil {
			n++
		}
	}
	return n
}
