package report

import (
	"bufio"
	"encoding/json"
	"io"
	"unicode/utf8"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// The Reviewdog Diagnostic Format (rdf), as reviewdog's protocol buffer
// definition names its fields; reviewdog reads the JSON with the proto's
// own (snake_case) field names.

type rdResult struct {
	Source      *rdSource      `json:"source,omitempty"`
	Diagnostics []rdDiagnostic `json:"diagnostics"`
}

type rdDiagnostic struct {
	Message          string              `json:"message"`
	Location         rdLocation          `json:"location"`
	Severity         string              `json:"severity,omitempty"`
	Source           *rdSource           `json:"source,omitempty"`
	Code             *rdCode             `json:"code,omitempty"`
	OriginalOutput   string              `json:"original_output,omitempty"`
	RelatedLocations []rdRelatedLocation `json:"related_locations,omitempty"`
	Suggestions      []rdSuggestion      `json:"suggestions,omitempty"`
}

// rdSuggestion is a replacement of a range of the diagnostic's file, which
// reviewdog posts as a suggested change.
type rdSuggestion struct {
	Range rdRange `json:"range"`
	Text  string  `json:"text"`
}

type rdSource struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type rdCode struct {
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

type rdLocation struct {
	Path  string   `json:"path"`
	Range *rdRange `json:"range,omitempty"`
}

type rdRange struct {
	Start rdPosition  `json:"start"`
	End   *rdPosition `json:"end,omitempty"`
}

type rdPosition struct {
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
}

type rdRelatedLocation struct {
	Message  string     `json:"message,omitempty"`
	Location rdLocation `json:"location"`
}

// rdSeverity maps levels to rdf's severities.
var rdSeverity = map[finding.Level]string{finding.LevelError: "ERROR", finding.LevelWarning: "WARNING", finding.LevelNote: "INFO"}

// WriteRDJSONL writes reviewdog's rdjsonl: one Diagnostic per line, for
// each unreadable file (ERROR), each notice (WARNING) and each finding,
// for `reviewdog -f=rdjsonl`.
// Paths are relative to the working directory, as reviewdog expects, and
// each diagnostic's original_output is the line text output prints for
// it (without the [fixable] mark), which is what reviewdog's local
// reporter shows. A finding with a fix carries it as suggestions.
func WriteRDJSONL(w io.Writer, res Result, opts Options) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, d := range rdDiagnostics(res, opts) {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteRDJSON writes reviewdog's rdjson: one DiagnosticResult holding the
// diagnostics WriteRDJSONL writes, for `reviewdog -f=rdjson`.
func WriteRDJSON(w io.Writer, res Result, opts Options) error {
	out := rdResult{Source: rdToolSource(opts), Diagnostics: rdDiagnostics(res, opts)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func rdToolSource(opts Options) *rdSource {
	return &rdSource{Name: opts.toolName(), URL: opts.Tool.InformationURI}
}

func rdDiagnostics(res Result, opts Options) []rdDiagnostic {
	source := rdToolSource(opts)
	help := ruleHelp(res.Rules)
	out := make([]rdDiagnostic, 0, len(res.Errors)+len(res.Notices)+len(res.Findings))
	problem := func(e finding.FileError, severity, line string) rdDiagnostic {
		loc := rdLocation{Path: opts.display(e.File)}
		if e.Line > 0 {
			loc.Range = &rdRange{Start: rdPosition{Line: e.Line, Column: rdColumn(opts, e.File, e.Line, e.Column)}}
		}
		return rdDiagnostic{Message: e.Message, Location: loc, Severity: severity, Source: source, OriginalOutput: line}
	}
	for _, e := range res.Errors {
		out = append(out, problem(e, "ERROR", errorLine(e, opts, plain)))
	}
	for _, n := range res.Notices {
		out = append(out, problem(n, "WARNING", noticeLine(n, opts, plain)))
	}
	for _, f := range res.Findings {
		d := rdDiagnostic{
			Message:        f.Message,
			Location:       rdLoc(opts, f.Location),
			Severity:       rdSeverity[f.Level],
			Source:         source,
			Code:           &rdCode{Value: f.RuleID, URL: help[f.RuleID]},
			OriginalOutput: TextLine(f, opts),
		}
		for _, r := range f.Related {
			d.RelatedLocations = append(d.RelatedLocations, rdRelatedLocation{Message: r.Message, Location: rdLoc(opts, r.Location)})
		}
		d.Suggestions = rdSuggestions(opts, f)
		out = append(out, d)
	}
	return out
}

// rdLoc is a location with its exact range; rdf's end is exclusive, as
// mi-lint's is, and its columns count UTF-8 bytes.
func rdLoc(opts Options, l finding.Location) rdLocation {
	loc := rdLocation{Path: opts.display(l.File)}
	r := l.Region
	if r.StartLine <= 0 {
		return loc
	}
	loc.Range = &rdRange{Start: rdPosition{Line: r.StartLine, Column: rdColumn(opts, l.File, r.StartLine, r.StartColumn)}}
	if r.EndLine > 0 {
		loc.Range.End = &rdPosition{Line: r.EndLine, Column: rdColumn(opts, l.File, r.EndLine, r.EndColumn)}
	}
	return loc
}

// rdColumn converts a code-point column to a UTF-8 byte column using the
// line's text when Options.LineText knows it. Columns past the end of the
// line count one byte each beyond it.
func rdColumn(opts Options, file string, line, col int) int {
	if col <= 1 || opts.LineText == nil {
		return col
	}
	text, ok := opts.LineText(file, line)
	if !ok {
		return col
	}
	return byteColumn(text, col)
}

// byteColumn is the 1-based byte column of the 1-based code-point column
// col of text.
func byteColumn(text string, col int) int {
	offset := 0
	for n := 1; n < col; n++ {
		if offset >= len(text) {
			return len(text) + 1 + (col - n)
		}
		_, size := utf8.DecodeRuneInString(text[offset:])
		offset += size
	}
	return offset + 1
}

// rdSuggestions are the edits of a finding's fix, safe or not (a reviewer
// accepts each one), when every edit is in the finding's own file: a
// suggestion can change only the file its comment is on.
func rdSuggestions(opts Options, f finding.Finding) []rdSuggestion {
	if f.Fix == nil {
		return nil
	}
	out := make([]rdSuggestion, 0, len(f.Fix.Edits))
	for _, e := range f.Fix.Edits {
		loc := rdLoc(opts, e.Location)
		if e.File != f.File || loc.Range == nil || loc.Range.End == nil {
			return nil
		}
		out = append(out, rdSuggestion{Range: *loc.Range, Text: e.Text})
	}
	return out
}
