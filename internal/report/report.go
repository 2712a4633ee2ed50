// Package report holds a run's result and writes it in the output
// formats. It knows nothing of YAML or of the policy engine.
package report

import (
	"cmp"
	"slices"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// Result is everything a run produced.
type Result struct {
	// Rules are the rules that ran, sorted by ID.
	Rules    []finding.Rule
	Findings []finding.Finding
	// Suppressed are findings inline directives suppressed; they do not
	// count for the exit code and are shown only on request.
	Suppressed []finding.SuppressedFinding
	Errors     []finding.FileError
	// Notices are problems that did not stop a file, such as an include
	// that does not exist or a serverless.ts that cannot be read.
	Notices []finding.Notice
	// BaselineUsed tells that a baseline filtered the findings, and
	// BaselineStale how many of its entries no longer match any finding.
	BaselineUsed  bool
	BaselineStale int
	// Files is how many files were linted, failed ones included.
	Files int
	// FileNames names the files that were linted, failed ones included,
	// like Finding.File, when the caller knows them; formats that list
	// clean files too (checkstyle, junit) use them.
	FileNames []string
}

// Sort puts findings and errors in their one deterministic order: file,
// line, column, rule, then the rest.
func (r *Result) Sort() {
	slices.SortStableFunc(r.Findings, compareFindings)
	slices.SortStableFunc(r.Suppressed, func(a, b finding.SuppressedFinding) int { return compareFindings(a.Finding, b.Finding) })
	slices.SortStableFunc(r.Errors, compareFileErrors)
	slices.SortStableFunc(r.Notices, compareFileErrors)
	slices.SortFunc(r.Rules, func(a, b finding.Rule) int { return cmp.Compare(a.ID, b.ID) })
	slices.Sort(r.FileNames)
	r.FileNames = slices.Compact(r.FileNames)
}

func compareFindings(a, b finding.Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Region.StartLine, b.Region.StartLine),
		cmp.Compare(a.Region.StartColumn, b.Region.StartColumn),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.YAMLPath, b.YAMLPath),
		cmp.Compare(a.Message, b.Message),
	)
}

func compareFileErrors(a, b finding.FileError) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Message, b.Message))
}

// Tool identifies mi-lint in reports.
type Tool struct {
	Name           string
	Version        string
	InformationURI string
}
