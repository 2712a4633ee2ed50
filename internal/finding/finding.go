// Package finding holds what a run reports, apart from how it is written:
// the levels, the rule descriptors, findings and their locations,
// suppressed findings, and the errors and notices about input files.
package finding

import "strings"

// Level is a SARIF level.
type Level string

// The levels, most severe first.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNote    Level = "note"
)

// Levels lists the levels, most severe first.
var Levels = []Level{LevelError, LevelWarning, LevelNote}

// Rank orders levels: higher is more severe; 0 for an unknown level.
func (l Level) Rank() int {
	switch l {
	case LevelError:
		return 3
	case LevelWarning:
		return 2
	case LevelNote:
		return 1
	}
	return 0
}

// Rule describes a rule, from its METADATA.
type Rule struct {
	ID          string
	Name        string
	Level       Level
	Category    string
	Summary     string
	Description string
	HelpURI     string
	// File is the Rego file that defines the rule, relative to the
	// repository root.
	File string
	// Example is a small configuration the rule reports; Fixed is the same
	// configuration corrected.
	Example string
	Fixed   string
	// BaseExample is the base revision Example and Fixed are changes of,
	// for the rules that judge a change (diff mode); empty for the others.
	BaseExample string
	// Fix says what fix the rule offers with its findings: FixSafe,
	// FixUnsafe or FixNone.
	Fix string
	// Sources are the public sources of the facts the rule judges by.
	Sources []Source
	// Tags are the METADATA's custom.tags, such as TagSecurity.
	Tags []string
}

// TagSecurity tags a rule whose findings are security matters; GitHub
// code scanning gives a security severity only to such rules.
const TagSecurity = "security"

// The fixes a rule may offer (METADATA custom.fix).
const (
	// FixSafe: --fix applies the rule's fixes (a rule may also offer a
	// suggestion where the remedy is less certain).
	FixSafe = "safe"
	// FixUnsafe: the rule's fixes are suggestions, which change behaviour
	// or cost; --fix applies them only with --unsafe-fixes.
	FixUnsafe = "unsafe"
	// FixNone: the rule offers no fix.
	FixNone = "none"
)

// Source is one piece of public evidence for a fact a rule uses.
type Source struct {
	// Fact is the fact's path under data.milint.facts, such as
	// limits.maxVCpuCount.min.
	Fact string
	// Kind is the kind of evidence: API model, CloudFormation schema,
	// framework source, CDK source, AWS docs, AWS error text.
	Kind string
	// Ref is a URL, or owner/repo:path for a file of a public repository.
	Ref string
	// Says is what the source states, in brief.
	Says string
}

// URL is where Ref can be read: Ref itself, or the GitHub address of an
// owner/repo:path reference on the repository's default branch.
func (s Source) URL() string {
	if strings.Contains(s.Ref, "://") {
		return s.Ref
	}
	repo, file, ok := strings.Cut(s.Ref, ":")
	if !ok {
		return s.Ref
	}
	return "https://github.com/" + repo + "/blob/HEAD/" + file
}

// Region is a span of a file; lines and columns are 1-based, counted in
// Unicode code points, and the end is exclusive.
type Region struct {
	StartLine   int
	StartColumn int
	EndLine     int
	EndColumn   int
}

// Location is a region of a file named relative to the source root, with
// forward slashes.
type Location struct {
	File   string
	Region Region
}

// RelatedLocation is a secondary place a finding involves.
type RelatedLocation struct {
	Location
	Message string
}

// Finding is one problem a rule found.
type Finding struct {
	RuleID   string
	RuleName string
	Level    Level
	Message  string
	Location
	// YAMLPath addresses the offending value, such as
	// provider.capacityProviders.highMem.scaling.maxVCpuCount; with the
	// rule and file it identifies a finding across edits that shift lines.
	YAMLPath string
	// Subject tells apart findings of one rule at one YAMLPath that are
	// about different things: the YAML paths of the places a rule relates
	// the value to (the functions that inherit one provider setting), or
	// the text of a directive. Empty for most findings.
	Subject string
	Related []RelatedLocation
	// Fix is the rule's remedy, nil when it offers none.
	Fix *Fix `json:",omitempty"`
}

// FileError is an input that could not be read or parsed. Line and Column
// are 0 when unknown.
type FileError struct {
	File    string
	Line    int
	Column  int
	Message string
}

// SuppressedFinding is a finding an inline directive suppressed, with the
// directive's reason.
type SuppressedFinding struct {
	Finding
	Justification string
	// Directive is where the suppressing directive is written.
	Directive Location
}

// Notice is a problem that did not stop a file from being linted; it has
// the shape of a FileError.
type Notice = FileError

// Fix is a remedy a rule offers with a finding: edits of the text where the
// offending key or value is written. Safe fixes are certainly what the
// author meant and change nothing else; the others are suggestions that
// change behaviour or cost.
type Fix struct {
	Description string
	Safe        bool
	Edits       []Edit
}

// Edit replaces the text of a region of a file (empty for an insertion)
// with Text.
type Edit struct {
	Location
	Text string
}
