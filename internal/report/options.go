package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
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
}

func (o Options) display(file string) string {
	if o.DisplayPath == nil {
		return file
	}
	return o.DisplayPath(file)
}

// Formatter writes a result in one format.
type Formatter func(w io.Writer, res Result, opts Options) error

// formatters are the output formats by name; one file each.
var formatters = map[string]Formatter{
	"text":  WriteText,
	"json":  WriteJSON,
	"sarif": WriteSARIF,
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
func CountFindings(findings []Finding) Counts {
	var c Counts
	for _, f := range findings {
		switch f.Level {
		case LevelError:
			c.Errors++
		case LevelWarning:
			c.Warnings++
		case LevelNote:
			c.Notes++
		}
	}
	return c
}
