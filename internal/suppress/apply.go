package suppress

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/textdist"
)

// Options are what Apply needs besides the findings.
type Options struct {
	// Rules are every rule a directive may name: the registry's, the
	// user's custom rules and MI900 and MI901 among them; MI900's and
	// MI901's findings take their names and levels from here. A name
	// matches a rule's ID or name, ignoring case.
	Rules []finding.Rule
	// Enabled reports whether a rule ran. A directive entry naming a rule
	// that did not run is never reported unused, and Apply reports no
	// MI900 or MI901 finding when that rule is not enabled. nil means
	// every rule ran.
	Enabled func(id string) bool
	// Now is the time until= dates are compared with, on its calendar day
	// in its location.
	Now time.Time
	// RequireReason reports every directive without a reason (MI900).
	RequireReason bool
}

// Position is where a directive is.
type Position struct {
	File         string
	Line, Column int
}

// Suppressed is a finding a directive suppressed.
type Suppressed struct {
	Finding finding.Finding
	// Justification is the directive's reason, "" when it gave none.
	Justification string
	// Directive is the directive that suppressed the finding: the most
	// specific one when several cover it.
	Directive Position
}

// Result is the findings of a file sorted by the directives.
type Result struct {
	// Kept are the findings no directive suppressed, in input order,
	// findings of other files included.
	Kept []finding.Finding
	// Suppressed are the findings a directive suppressed, in input order,
	// then the suppressed MI900 and MI901 findings.
	Suppressed []Suppressed
	// Directives are the MI900 and MI901 findings about the directives
	// that no directive suppressed, sorted by position.
	Directives []finding.Finding
}

// Findings returns what is reported: Kept, then Directives.
func (r Result) Findings() []finding.Finding {
	return append(slices.Clip(r.Kept), r.Directives...)
}

// IDs of the directive rules.
const (
	UnusedID  = "MI900"
	ExpiredID = "MI901"
)

// isMeta reports whether a rule is about directives: "all" does not cover
// those, and naming them never makes a directive unused.
func isMeta(id string) bool { return id == UnusedID || id == ExpiredID }

// entry is one rule named by a directive.
type entry struct {
	written string
	id      string // "" when unknown; All for all
	used    bool
}

type active struct {
	*Directive
	entries []entry
	expired bool
}

// names returns the indexes of the entries that name rule id: by ID or
// name, or, unless explicitOnly and for rules other than MI900 and MI901,
// as "all".
func (a *active) names(id string, explicitOnly bool) []int {
	var out []int
	for i, e := range a.entries {
		if e.id == id || e.id == All && !explicitOnly && !isMeta(id) {
			out = append(out, i)
		}
	}
	return out
}

// Apply suppresses the findings that the set's directives cover, and
// reports the directives that are unused, name unknown rules, have
// expired or (with RequireReason) give no reason. Only findings whose
// File is the set's file are considered; a finding is covered when its
// start line is. A nil Set keeps every finding.
//
// MI900 and MI901 findings point at the directive's line. They are
// suppressed by the directive itself when it names that rule, by a
// directive covering its line that names it, or by an ignore-file naming
// it; "all" does not cover them. A directive naming MI900 is thus never
// reported (except for a missing reason, which cannot be suppressed).
func (s *Set) Apply(findings []finding.Finding, opts Options) Result {
	var res Result
	if s == nil {
		res.Kept = findings
		return res
	}
	if len(s.directives) == 0 {
		// Most files: nothing is suppressed and there is nothing to
		// report about directives.
		res.Kept = append(res.Kept, findings...)
		return res
	}
	enabled := opts.Enabled
	if enabled == nil {
		enabled = func(string) bool { return true }
	}
	resolve, known := resolver(opts.Rules)
	dirs := make([]*active, len(s.directives))
	for i := range s.directives {
		d := &s.directives[i]
		a := &active{Directive: d, expired: d.expired(opts.Now)}
		for _, w := range d.Rules {
			a.entries = append(a.entries, entry{written: w, id: resolve(w)})
		}
		dirs[i] = a
	}
	// Most specific first: a line before a block before the file.
	order := slices.Clone(dirs)
	slices.SortStableFunc(order, func(a, b *active) int {
		return cmp.Compare(a.span(), b.span())
	})

	for _, f := range findings {
		if f.File != s.file {
			res.Kept = append(res.Kept, f)
			continue
		}
		var by *active
		for _, a := range order {
			if a.expired || !a.covers(f.Region.StartLine) {
				continue
			}
			hits := a.names(f.RuleID, false)
			for _, i := range hits {
				a.entries[i].used = true
			}
			if len(hits) > 0 && by == nil {
				by = a
			}
		}
		if by == nil {
			res.Kept = append(res.Kept, f)
			continue
		}
		res.Suppressed = append(res.Suppressed, suppressed(f, s.file, by))
	}

	rules := map[string]finding.Rule{UnusedID: ruleFor(opts.Rules, UnusedID), ExpiredID: ruleFor(opts.Rules, ExpiredID)}
	for _, a := range dirs {
		var out []finding.Finding
		directiveFinding := func(id, msg string) finding.Finding {
			r := rules[id]
			return finding.Finding{
				RuleID: r.ID, RuleName: r.Name, Level: r.Level, Message: msg,
				Location: finding.Location{File: s.file, Region: finding.Region{
					StartLine: a.Line, StartColumn: a.Column, EndLine: a.Line, EndColumn: a.EndColumn,
				}},
				YAMLPath: a.Node, Subject: a.Text,
			}
		}
		if a.expired {
			out = append(out, directiveFinding(ExpiredID, fmt.Sprintf(
				"%s was valid until %s and has expired: it no longer suppresses anything; fix what it suppressed, or move the date",
				a.written(), a.Until.Format(time.DateOnly))))
		} else {
			var unused []string
			for _, e := range a.entries {
				switch {
				case e.id == "":
					msg := fmt.Sprintf("%s names %q, which is not a rule", a.Kind, e.written)
					if hint := textdist.Nearest(e.written, known); hint != "" {
						msg += fmt.Sprintf("; did you mean %s?", hint)
					}
					out = append(out, directiveFinding(UnusedID, msg))
				case !e.used && !isMeta(e.id) && (e.id == All || enabled(e.id)):
					unused = append(unused, e.written)
				}
			}
			where := "here"
			if a.Kind == IgnoreFile {
				where = "in this file"
			}
			switch {
			case len(unused) == 0:
			case len(unused) == len(a.entries):
				out = append(out, directiveFinding(UnusedID, fmt.Sprintf(
					"%s suppresses nothing: there is no %s %s; remove the directive", a.written(), findingOf(unused), where)))
			default:
				out = append(out, directiveFinding(UnusedID, fmt.Sprintf(
					"%s suppresses no %s %s; remove %s from it", a.written(), findingOf(unused), where, andList(unused))))
			}
		}
		for _, f := range out {
			if !enabled(f.RuleID) {
				continue
			}
			if by := s.metaSuppressor(a, dirs, f); by != nil {
				res.Suppressed = append(res.Suppressed, suppressed(f, s.file, by))
				continue
			}
			res.Directives = append(res.Directives, f)
		}
		if opts.RequireReason && a.Reason == "" && !a.expired && enabled(UnusedID) {
			// Not suppressible: a directive could otherwise excuse itself.
			res.Directives = append(res.Directives, directiveFinding(UnusedID, fmt.Sprintf(
				"%s gives no reason, which --require-reason requires: add one after \" -- \", as in %q",
				a.written(), "# "+a.written()+" -- why this is safe")))
		}
	}
	slices.SortStableFunc(res.Directives, func(a, b finding.Finding) int {
		return cmp.Or(
			cmp.Compare(a.Region.StartLine, b.Region.StartLine),
			cmp.Compare(a.Region.StartColumn, b.Region.StartColumn),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return res
}

// metaSuppressor returns the directive that suppresses f, an MI900 or
// MI901 finding about directive d, or nil.
func (s *Set) metaSuppressor(d *active, dirs []*active, f finding.Finding) *active {
	if !d.expired && len(d.names(f.RuleID, true)) > 0 {
		return d
	}
	for _, a := range dirs {
		if a != d && !a.expired && a.covers(f.Region.StartLine) && len(a.names(f.RuleID, true)) > 0 {
			return a
		}
	}
	return nil
}

// Finding returns the problem as an MI900 finding (a malformed directive
// suppresses nothing), for the caller to report with the file's findings;
// rules describe MI900.
func (p Problem) Finding(rules []finding.Rule) finding.Finding {
	r := ruleFor(rules, UnusedID)
	return finding.Finding{
		RuleID: r.ID, RuleName: r.Name, Level: r.Level,
		Message: p.Message + "; as written, it suppresses nothing",
		Location: finding.Location{File: p.File, Region: finding.Region{
			StartLine: p.Line, StartColumn: p.Column, EndLine: p.Line, EndColumn: p.EndColumn,
		}},
		YAMLPath: p.Node, Subject: p.Text,
	}
}

// Notice returns the problem as a notice.
func (p Problem) Notice() finding.Notice {
	return finding.Notice{File: p.File, Line: p.Line, Column: p.Column, Message: p.Message}
}

// span orders directives from the most specific: the fewest lines
// covered, an ignore-file last.
func (a *active) span() int {
	if a.Kind == IgnoreFile {
		return int(^uint(0) >> 1)
	}
	return a.ToLine - a.FromLine
}

func suppressed(f finding.Finding, file string, by *active) Suppressed {
	return Suppressed{
		Finding:       f,
		Justification: by.Reason,
		Directive:     Position{File: file, Line: by.Line, Column: by.Column},
	}
}

// resolver returns a function mapping a rule ID or name (any case) to its
// ID, "" when unknown, and the IDs and names for suggestions.
func resolver(rules []finding.Rule) (func(string) string, []string) {
	byKey := map[string]string{All: All}
	var known []string
	for _, r := range rules {
		for _, k := range []string{r.ID, r.Name} {
			if k == "" {
				continue
			}
			if _, dup := byKey[strings.ToLower(k)]; !dup {
				known = append(known, k)
			}
			byKey[strings.ToLower(k)] = r.ID
		}
	}
	return func(s string) string { return byKey[strings.ToLower(s)] }, known
}

// findingOf renders "MI003 finding", "MI003 or MI004 finding", or just
// "finding" when the rules include "all".
func findingOf(rules []string) string {
	for _, r := range rules {
		if strings.EqualFold(r, All) {
			return "finding"
		}
	}
	return list(rules, "or") + " finding"
}

func andList(items []string) string { return list(items, "and") }

func list(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}
