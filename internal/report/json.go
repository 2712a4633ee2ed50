package report

import (
	"io"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// JSONVersion is the version of the JSON output shape; it changes only
// when a field changes meaning or goes away.
const JSONVersion = 1

type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	// Suppressed are findings inline directives suppressed.
	Suppressed []jsonSuppressed `json:"suppressed"`
	Errors     []jsonError      `json:"errors"`
	Notices    []jsonError      `json:"notices"`
	Summary    jsonSummary      `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonRule struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jsonLocation struct {
	File        string `json:"file"`
	StartLine   int    `json:"startLine"`
	StartColumn int    `json:"startColumn"`
	EndLine     int    `json:"endLine"`
	EndColumn   int    `json:"endColumn"`
}

type jsonRelated struct {
	jsonLocation
	Message string `json:"message"`
}

type jsonFinding struct {
	Rule     jsonRule      `json:"rule"`
	Level    finding.Level `json:"level"`
	Message  string        `json:"message"`
	YAMLPath string        `json:"yamlPath"`
	jsonLocation
	Related []jsonRelated `json:"related"`
	// Fix is the rule's remedy; null when it offers none.
	Fix *jsonFix `json:"fix"`
}

type jsonFix struct {
	Description string `json:"description"`
	// Safe fixes are the ones --fix applies; the others need
	// --unsafe-fixes.
	Safe  bool       `json:"safe"`
	Edits []jsonEdit `json:"edits"`
}

// jsonEdit replaces the text of a region (empty for an insertion).
type jsonEdit struct {
	jsonLocation
	Text string `json:"text"`
}

type jsonSuppressed struct {
	jsonFinding
	Justification string `json:"justification"`
}

// jsonError is a file error or notice; one without a position (an
// unreadable file) has no line and column, never a made-up 0.
type jsonError struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notes    int `json:"notes"`
	// Fixable counts the findings whose fix --fix applies.
	Fixable int `json:"fixable"`
	// FilesFailed counts files with an error: not linted, or linted in
	// part (a custom rule or, in diff mode, the base failed).
	FilesFailed int `json:"filesFailed"`
	// BaselineStale counts baseline entries that matched no finding; absent
	// without --baseline.
	BaselineStale *int `json:"baselineStale,omitempty"`
}

func jsonLoc(l finding.Location) jsonLocation {
	return jsonLocation{File: l.File, StartLine: l.Region.StartLine, StartColumn: l.Region.StartColumn,
		EndLine: l.Region.EndLine, EndColumn: l.Region.EndColumn}
}

// WriteJSON writes the result as one JSON document (see docs/json.md).
// File names are relative to the source root.
func WriteJSON(w io.Writer, res Result, opts Options) error {
	c := CountFindings(res.Findings)
	out := jsonReport{
		Version:    JSONVersion,
		Tool:       jsonTool{Name: opts.Tool.Name, Version: opts.Tool.Version},
		Findings:   []jsonFinding{},
		Suppressed: []jsonSuppressed{},
		Errors:     make([]jsonError, 0, len(res.Errors)),
		Notices:    make([]jsonError, 0, len(res.Notices)),
		Summary:    jsonSummary{Files: res.Files, Errors: c.Errors, Warnings: c.Warnings, Notes: c.Notes, FilesFailed: len(res.Errors), Fixable: CountFixable(res.Findings)},
	}
	if res.BaselineUsed {
		out.Summary.BaselineStale = &res.BaselineStale
	}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, jsonError(e))
	}
	for _, n := range res.Notices {
		out.Notices = append(out.Notices, jsonError(n))
	}
	// Findings are written one at a time, after the frame.
	return encodeStreamed(w, true, out,
		streamedArray{Key: "findings", Depth: 1, Len: len(res.Findings), Item: func(i int) any { return toJSONFinding(res.Findings[i]) }},
		streamedArray{Key: "suppressed", Depth: 1, Len: len(res.Suppressed), Item: func(i int) any {
			sf := res.Suppressed[i]
			return jsonSuppressed{jsonFinding: toJSONFinding(sf.Finding), Justification: sf.Justification}
		}},
	)
}

func toJSONFinding(f finding.Finding) jsonFinding {
	jf := jsonFinding{
		Rule: jsonRule{ID: f.RuleID, Name: f.RuleName}, Level: f.Level, Message: f.Message,
		YAMLPath: f.YAMLPath, jsonLocation: jsonLoc(f.Location), Related: make([]jsonRelated, 0, len(f.Related)),
	}
	for _, r := range f.Related {
		jf.Related = append(jf.Related, jsonRelated{jsonLocation: jsonLoc(r.Location), Message: r.Message})
	}
	if f.Fix != nil {
		jf.Fix = &jsonFix{Description: f.Fix.Description, Safe: f.Fix.Safe, Edits: make([]jsonEdit, 0, len(f.Fix.Edits))}
		for _, e := range f.Fix.Edits {
			jf.Fix.Edits = append(jf.Fix.Edits, jsonEdit{jsonLocation: jsonLoc(e.Location), Text: e.Text})
		}
	}
	return jf
}
