package suppress_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

const file = "serverless.yml"

var testRules = []finding.Rule{
	{ID: "MI003", Name: "max-vcpu-range", Level: finding.LevelError},
	{ID: "MI004", Name: "manual-scaling-without-policies", Level: finding.LevelError},
	{ID: "MI016", Name: "few-subnets", Level: finding.LevelNote},
	{ID: "MI201", Name: "versioning-disabled", Level: finding.LevelWarning},
	{ID: "ACME001", Name: "acme-tags", Level: finding.LevelWarning},
	{ID: "MI900", Name: "unused-suppression", Level: finding.LevelWarning, Category: suppress.Category},
	{ID: "MI901", Name: "expired-suppression", Level: finding.LevelWarning, Category: suppress.Category},
}

// at is a finding of rule at a line (of the test file unless the rule is
// written file:RULE).
func at(rule string, line int) finding.Finding {
	f := file
	if name, id, ok := strings.Cut(rule, ":"); ok {
		f, rule = name, id
	}
	r := finding.Rule{ID: rule, Name: "unknown", Level: finding.LevelError}
	for _, c := range testRules {
		if c.ID == rule {
			r = c
		}
	}
	return finding.Finding{
		RuleID: r.ID, RuleName: r.Name, Level: r.Level, Message: "problem",
		Location: finding.Location{File: f, Region: finding.Region{StartLine: line, StartColumn: 3, EndLine: line + 1, EndColumn: 4}},
		YAMLPath: "a.b",
	}
}

func directiveFinding(id, name, level string, line, col, endCol int, msg string) finding.Finding {
	return finding.Finding{
		RuleID: id, RuleName: name, Level: finding.Level(level), Message: msg,
		Location: finding.Location{File: "s.yml", Region: finding.Region{StartLine: line, StartColumn: col, EndLine: line, EndColumn: endCol}},
	}
}

func keptString(fs []finding.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		s := fmt.Sprintf("%s@%d", f.RuleID, f.Region.StartLine)
		if f.File != file {
			s = f.File + ":" + s
		}
		out = append(out, s)
	}
	return out
}

func suppressedString(ss []suppress.Suppressed) []string {
	var out []string
	for _, s := range ss {
		if s.Directive.File != file {
			out = append(out, "wrong file "+s.Directive.File)
		}
		out = append(out, fmt.Sprintf("%s@%d by %d:%d %q", s.Finding.RuleID, s.Finding.Region.StartLine, s.Directive.Line, s.Directive.Column, s.Justification))
	}
	return out
}

// directiveString renders an MI900/MI901 finding, checking the parts that
// are the same for all.
func directiveString(fs []finding.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		r := f.Region
		s := fmt.Sprintf("%d:%d-%d %s: %s", r.StartLine, r.StartColumn, r.EndColumn, f.RuleID, f.Message)
		want := map[string]string{"MI900": "unused-suppression", "MI901": "expired-suppression"}[f.RuleID]
		if f.RuleName != want || f.Level != finding.LevelWarning || f.File != file || r.EndLine != r.StartLine || f.Subject == "" || f.Related != nil {
			s += fmt.Sprintf(" (bad finding %+v)", f)
		}
		out = append(out, s)
	}
	return out
}

// today is early on 2026-06-15 in its zone, still 2026-06-14 in UTC: the
// day that counts is the local one.
var today = time.Date(2026, 6, 15, 1, 30, 0, 0, time.FixedZone("UTC+10", 10*3600))

func TestApply(t *testing.T) {
	tests := []struct {
		name          string
		src           string
		findings      []finding.Finding
		requireReason bool
		enabled       func(string) bool
		now           time.Time
		kept          []string
		suppressed    []string
		directives    []string
	}{
		{
			name: "end of line: that line only",
			src: `a:
  b: 8 # mi-lint:ignore MI003 -- approved
  c: 8
`,
			findings:   []finding.Finding{at("MI003", 2), at("MI003", 3), at("MI004", 2)},
			kept:       []string{"MI003@3", "MI004@2"},
			suppressed: []string{`MI003@2 by 2:8 "approved"`},
		},
		{
			name: "line above: the next line",
			src: `a:
  # mi-lint:ignore MI003 -- approved
  b: 8
  c: 8
`,
			findings:   []finding.Finding{at("MI003", 3), at("MI003", 4)},
			kept:       []string{"MI003@4"},
			suppressed: []string{`MI003@3 by 2:3 "approved"`},
		},
		{
			name: "a mapping key: its whole block, nested",
			src: `provider:
  capacityProviders:
    # mi-lint:ignore MI003
    pool:
      scaling:
        maxVCpuCount: 8
      vpc:
        deep:
          maxVCpuCount: 8
    other:
      maxVCpuCount: 8
`,
			findings:   []finding.Finding{at("MI003", 2), at("MI003", 4), at("MI003", 6), at("MI003", 9), at("MI003", 11)},
			kept:       []string{"MI003@2", "MI003@11"},
			suppressed: []string{`MI003@4 by 3:5 ""`, `MI003@6 by 3:5 ""`, `MI003@9 by 3:5 ""`},
		},
		{
			name: "a key with a flow value: its line",
			src: `a: {maxVCpuCount: 8} # mi-lint:ignore MI003
b: {maxVCpuCount: 8}
`,
			findings:   []finding.Finding{at("MI003", 1), at("MI003", 2)},
			kept:       []string{"MI003@2"},
			suppressed: []string{`MI003@1 by 1:22 ""`},
		},
		{
			name: "list items",
			src: `events:
  # mi-lint:ignore MI003
  - http:
      path: /
  - sqs: x # mi-lint:ignore MI004
  - sns: y
`,
			findings:   []finding.Finding{at("MI003", 3), at("MI003", 4), at("MI004", 5), at("MI004", 6), at("MI003", 6)},
			kept:       []string{"MI004@6", "MI003@6"},
			suppressed: []string{`MI003@3 by 2:3 ""`, `MI003@4 by 2:3 ""`, `MI004@5 by 5:12 ""`},
		},
		{
			name: "only the start line of a finding counts",
			src: `a: 1
b: 2 # mi-lint:ignore MI003
`,
			findings: []finding.Finding{at("MI003", 1)}, // spans lines 1-2
			kept:     []string{"MI003@1"},
			directives: []string{
				`2:6-28 MI900: mi-lint:ignore MI003 suppresses nothing: there is no MI003 finding here; remove the directive`,
			},
		},
		{
			name: "ignore-file",
			src: `a: 1
b: 2
# mi-lint:ignore-file MI201 -- the stage sets versioning
`,
			findings:   []finding.Finding{at("MI201", 1), at("MI201", 2), at("MI003", 2)},
			kept:       []string{"MI003@2"},
			suppressed: []string{`MI201@1 by 3:1 "the stage sets versioning"`, `MI201@2 by 3:1 "the stage sets versioning"`},
		},
		{
			name: "names and IDs, any case",
			src: `a: 1 # mi-lint:ignore max-vcpu-range
b: 2 # mi-lint:ignore mi004, ACME-TAGS
c: 3 # mi-lint:ignore acme001
`,
			findings:   []finding.Finding{at("MI003", 1), at("MI004", 2), at("ACME001", 2), at("ACME001", 3)},
			suppressed: []string{`MI003@1 by 1:6 ""`, `MI004@2 by 2:6 ""`, `ACME001@2 by 2:6 ""`, `ACME001@3 by 3:6 ""`},
		},
		{
			name: "all",
			src: `a: 1 # mi-lint:ignore all -- legacy
b: 2
`,
			findings:   []finding.Finding{at("MI003", 1), at("ACME001", 1), at("MI003", 2)},
			kept:       []string{"MI003@2"},
			suppressed: []string{`MI003@1 by 1:6 "legacy"`, `ACME001@1 by 1:6 "legacy"`},
		},
		{
			name: "all does not cover MI900",
			src: `a: 1 # mi-lint:ignore MI003
b: 2 # mi-lint:ignore all
# mi-lint:ignore-file all
`,
			directives: []string{
				`1:6-28 MI900: mi-lint:ignore MI003 suppresses nothing: there is no MI003 finding here; remove the directive`,
				`2:6-26 MI900: mi-lint:ignore all suppresses nothing: there is no finding here; remove the directive`,
				`3:1-26 MI900: mi-lint:ignore-file all suppresses nothing: there is no finding in this file; remove the directive`,
			},
		},
		{
			name: "several IDs, all used",
			src: `a: 1 # mi-lint:ignore MI003, MI004 -- both
`,
			findings:   []finding.Finding{at("MI004", 1), at("MI003", 1)},
			suppressed: []string{`MI004@1 by 1:6 "both"`, `MI003@1 by 1:6 "both"`},
		},
		{
			name: "several IDs, some unused",
			src: `a: 1 # mi-lint:ignore MI003, MI004,few-subnets -- r
b: 2 # mi-lint:ignore-file MI201, MI016
`,
			findings:   []finding.Finding{at("MI004", 1), at("MI201", 2)},
			suppressed: []string{`MI004@1 by 1:6 "r"`, `MI201@2 by 2:6 ""`},
			directives: []string{
				`1:6-52 MI900: mi-lint:ignore MI003, MI004, few-subnets suppresses no MI003 or few-subnets finding here; remove MI003 and few-subnets from it`,
				`2:6-40 MI900: mi-lint:ignore-file MI201, MI016 suppresses no MI016 finding in this file; remove MI016 from it`,
			},
		},
		{
			name: "unused ignore-file",
			src: `# mi-lint:ignore-file MI201, MI003 -- r
a: 1
`,
			directives: []string{
				`1:1-40 MI900: mi-lint:ignore-file MI201, MI003 suppresses nothing: there is no MI201 or MI003 finding in this file; remove the directive`,
			},
		},
		{
			name: "a directive covering nothing is unused",
			src: `a: 1
# mi-lint:ignore MI003
`,
			findings: []finding.Finding{at("MI003", 1)},
			kept:     []string{"MI003@1"},
			directives: []string{
				`2:1-23 MI900: mi-lint:ignore MI003 suppresses nothing: there is no MI003 finding here; remove the directive`,
			},
		},
		{
			name: "until today still applies",
			src: `a: 1 # mi-lint:ignore MI003 until=2026-06-15 -- r
`,
			findings:   []finding.Finding{at("MI003", 1)},
			suppressed: []string{`MI003@1 by 1:6 "r"`},
		},
		{
			name: "until tomorrow applies",
			src: `a: 1 # mi-lint:ignore MI003 until=2026-06-16 -- r
`,
			findings:   []finding.Finding{at("MI003", 1)},
			suppressed: []string{`MI003@1 by 1:6 "r"`},
		},
		{
			name: "until yesterday has expired",
			src: `a: 1 # mi-lint:ignore MI003, nope until=2026-06-14 -- r
`,
			findings: []finding.Finding{at("MI003", 1)},
			kept:     []string{"MI003@1"},
			directives: []string{
				`1:6-56 MI901: mi-lint:ignore MI003, nope was valid until 2026-06-14 and has expired: it no longer suppresses anything; fix what it suppressed, or move the date`,
			},
		},
		{
			name: "the day is now's own calendar day",
			src: `a: 1 # mi-lint:ignore MI003 until=2026-06-15 -- r
`,
			now:      time.Date(2026, 6, 16, 0, 0, 0, 0, time.UTC),
			findings: []finding.Finding{at("MI003", 1)},
			kept:     []string{"MI003@1"},
			directives: []string{
				`1:6-50 MI901: mi-lint:ignore MI003 was valid until 2026-06-15 and has expired: it no longer suppresses anything; fix what it suppressed, or move the date`,
			},
		},
		{
			name: "an expired ignore-file",
			src: `# mi-lint:ignore-file MI201 until=2020-01-01
a: 1
`,
			findings: []finding.Finding{at("MI201", 2)},
			kept:     []string{"MI201@2"},
			directives: []string{
				`1:1-45 MI901: mi-lint:ignore-file MI201 was valid until 2020-01-01 and has expired: it no longer suppresses anything; fix what it suppressed, or move the date`,
			},
		},
		{
			name: "another directive still applies when one has expired",
			src: `# mi-lint:ignore-file MI003 -- r
a: 1 # mi-lint:ignore MI003 until=2020-01-01
`,
			findings:   []finding.Finding{at("MI003", 2)},
			suppressed: []string{`MI003@2 by 1:1 "r"`},
			directives: []string{
				`2:6-45 MI901: mi-lint:ignore MI003 was valid until 2020-01-01 and has expired: it no longer suppresses anything; fix what it suppressed, or move the date`,
			},
		},
		{
			name: "the most specific directive is credited, all used",
			src: `# mi-lint:ignore-file MI003 -- file
a:
  # mi-lint:ignore MI003 -- block
  b:
    c: 1 # mi-lint:ignore MI003 -- line
    d: 2
`,
			findings:   []finding.Finding{at("MI003", 5), at("MI003", 6), at("MI003", 2)},
			suppressed: []string{`MI003@5 by 5:10 "line"`, `MI003@6 by 3:3 "block"`, `MI003@2 by 1:1 "file"`},
		},
		{
			name: "unknown rules",
			src: `a: 1 # mi-lint:ignore MI0003, max-vcpu-rang, MI003, nonsense, acme-tag -- r
`,
			findings:   []finding.Finding{at("MI003", 1)},
			suppressed: []string{`MI003@1 by 1:6 "r"`},
			directives: []string{
				`1:6-76 MI900: mi-lint:ignore names "MI0003", which is not a rule; did you mean MI003?`,
				`1:6-76 MI900: mi-lint:ignore names "acme-tag", which is not a rule; did you mean acme-tags?`,
				`1:6-76 MI900: mi-lint:ignore names "max-vcpu-rang", which is not a rule; did you mean max-vcpu-range?`,
				`1:6-76 MI900: mi-lint:ignore names "nonsense", which is not a rule`,
			},
		},
		{
			name: "an unknown rule only is not also unused",
			src: `a: 1 # mi-lint:ignore MI999
`,
			directives: []string{
				`1:6-28 MI900: mi-lint:ignore names "MI999", which is not a rule`,
			},
		},
		{
			name: "findings of other files are kept and not matched",
			src: `a: 1 # mi-lint:ignore MI003
`,
			findings: []finding.Finding{at("other.yml:MI003", 1), at("MI003", 1)},
			kept:     []string{"other.yml:MI003@1"},
			suppressed: []string{
				`MI003@1 by 1:6 ""`,
			},
		},
		{
			name: "require reason",
			src: `a: 1 # mi-lint:ignore MI003
b: 2 # mi-lint:ignore MI003 --
c: 3 # mi-lint:ignore MI003 -- fine
d: 4 # mi-lint:ignore MI003, MI900
# mi-lint:ignore-file MI900
e: 5 # mi-lint:ignore MI003 until=2020-01-01
`,
			requireReason: true,
			findings:      []finding.Finding{at("MI003", 1), at("MI003", 2), at("MI003", 3), at("MI003", 4)},
			suppressed: []string{
				`MI003@1 by 1:6 ""`, `MI003@2 by 2:6 ""`, `MI003@3 by 3:6 "fine"`, `MI003@4 by 4:6 ""`,
			},
			directives: []string{
				`1:6-28 MI900: mi-lint:ignore MI003 gives no reason, which --require-reason requires: add one after " -- ", as in "# mi-lint:ignore MI003 -- why this is safe"`,
				`2:6-31 MI900: mi-lint:ignore MI003 gives no reason, which --require-reason requires: add one after " -- ", as in "# mi-lint:ignore MI003 -- why this is safe"`,
				`4:6-35 MI900: mi-lint:ignore MI003, MI900 gives no reason, which --require-reason requires: add one after " -- ", as in "# mi-lint:ignore MI003, MI900 -- why this is safe"`,
				`5:1-28 MI900: mi-lint:ignore-file MI900 gives no reason, which --require-reason requires: add one after " -- ", as in "# mi-lint:ignore-file MI900 -- why this is safe"`,
				`6:6-45 MI901: mi-lint:ignore MI003 was valid until 2020-01-01 and has expired: it no longer suppresses anything; fix what it suppressed, or move the date`,
			},
		},
		{
			name: "a directive naming MI900 is not reported unused",
			src: `a: 1 # mi-lint:ignore MI003, unused-suppression -- only in prod
b: 2 # mi-lint:ignore MI003, MI900, MI0003 -- only in prod
`,
			findings: []finding.Finding{},
			suppressed: []string{
				`MI900@1 by 1:6 "only in prod"`,
				`MI900@2 by 2:6 "only in prod"`,
				`MI900@2 by 2:6 "only in prod"`,
			},
		},
		{
			name: "MI900 on a key covers the directives in its block",
			src: `a: # mi-lint:ignore MI900 -- generated
  b: 1 # mi-lint:ignore MI003
  c: 2 # mi-lint:ignore MI003
d: 3 # mi-lint:ignore MI003
`,
			findings:   []finding.Finding{at("MI003", 3)},
			suppressed: []string{`MI003@3 by 3:8 ""`, `MI900@2 by 1:4 "generated"`},
			directives: []string{
				`4:6-28 MI900: mi-lint:ignore MI003 suppresses nothing: there is no MI003 finding here; remove the directive`,
			},
		},
		{
			name: "ignore-file MI900 and MI901",
			src: `# mi-lint:ignore-file MI900, MI901 -- migrating
a: 1 # mi-lint:ignore MI003
b: 2 # mi-lint:ignore MI003 until=2020-01-01
c: 3 # mi-lint:ignore MI9999
`,
			findings: []finding.Finding{at("MI003", 3)},
			kept:     []string{"MI003@3"},
			suppressed: []string{
				`MI900@2 by 1:1 "migrating"`,
				`MI901@3 by 1:1 "migrating"`,
				`MI900@4 by 1:1 "migrating"`,
			},
		},
		{
			name: "MI901 is not suppressed by the expired directive itself",
			src: `a: 1 # mi-lint:ignore MI003, MI901 until=2020-01-01
`,
			findings: []finding.Finding{at("MI003", 1)},
			kept:     []string{"MI003@1"},
			directives: []string{
				`1:6-52 MI901: mi-lint:ignore MI003, MI901 was valid until 2020-01-01 and has expired: it no longer suppresses anything; fix what it suppressed, or move the date`,
			},
		},
		{
			name: "a rule that did not run is not unused",
			src: `a: 1 # mi-lint:ignore few-subnets
b: 2 # mi-lint:ignore MI016, MI003
`,
			enabled: func(id string) bool { return id != "MI016" },
			directives: []string{
				`2:6-35 MI900: mi-lint:ignore MI016, MI003 suppresses no MI003 finding here; remove MI003 from it`,
			},
		},
		{
			name: "MI900 and MI901 turned off",
			src: `a: 1 # mi-lint:ignore MI003
b: 2 # mi-lint:ignore MI003 until=2020-01-01
c: 3 # mi-lint:ignore nope
`,
			requireReason: true,
			enabled:       func(id string) bool { return id != "MI900" && id != "MI901" },
			findings:      []finding.Finding{at("MI003", 2)},
			kept:          []string{"MI003@2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, problems := suppress.Parse(file, []byte(tt.src))
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			now := today
			if !tt.now.IsZero() {
				now = tt.now
			}
			res := set.Apply(tt.findings, suppress.Options{Rules: testRules, Enabled: tt.enabled, Now: now, RequireReason: tt.requireReason})
			if diff := cmp.Diff(tt.kept, keptString(res.Kept), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("kept (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.suppressed, suppressedString(res.Suppressed), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("suppressed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.directives, directiveString(res.Directives), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("directive findings (-want +got):\n%s", diff)
			}
			// Nothing is lost or made up: every input finding comes out once.
			if n := len(res.Kept) + len(res.Suppressed) - countMeta(res.Suppressed); n != len(tt.findings) {
				t.Errorf("%d findings in, %d out", len(tt.findings), n)
			}
			if got, want := len(res.Findings()), len(res.Kept)+len(res.Directives); got != want {
				t.Errorf("Findings() has %d, want %d", got, want)
			}
		})
	}
}

func countMeta(ss []suppress.Suppressed) int {
	n := 0
	for _, s := range ss {
		if s.Finding.RuleID == "MI900" || s.Finding.RuleID == "MI901" {
			n++
		}
	}
	return n
}

func TestApplyKeepsFindingsUnchanged(t *testing.T) {
	set, _ := suppress.Parse(file, []byte("a: 1 # mi-lint:ignore MI003 -- r\nb: 2\n"))
	in := []finding.Finding{at("MI003", 1), at("MI004", 2)}
	in[0].Related = []finding.RelatedLocation{{Location: finding.Location{File: "x.yml"}, Message: "m"}}
	res := set.Apply(in, suppress.Options{Rules: testRules, Now: today})
	if diff := cmp.Diff(in[0], res.Suppressed[0].Finding); diff != "" {
		t.Errorf("suppressed finding changed (-in +out):\n%s", diff)
	}
	if diff := cmp.Diff(in[1:], res.Kept); diff != "" {
		t.Errorf("kept findings changed (-in +out):\n%s", diff)
	}
}

func TestApplyNilSet(t *testing.T) {
	var set *suppress.Set
	in := []finding.Finding{at("MI003", 1)}
	res := set.Apply(in, suppress.Options{Now: today})
	if diff := cmp.Diff(in, res.Kept); diff != "" || res.Suppressed != nil || res.Directives != nil {
		t.Errorf("nil set: %+v", res)
	}
}

func TestApplyWithoutDirectives(t *testing.T) {
	set, problems := suppress.Parse(file, []byte("a: 1 # just a comment\n"))
	if len(problems) != 0 || len(set.Directives()) != 0 {
		t.Fatalf("got %v %v", set.Directives(), problems)
	}
	in := []finding.Finding{at("MI003", 1)}
	res := set.Apply(in, suppress.Options{Rules: testRules, Now: today, RequireReason: true})
	if diff := cmp.Diff(in, res.Kept); diff != "" || res.Suppressed != nil || res.Directives != nil {
		t.Errorf("no directives: %+v", res)
	}
}

// The same set applied twice gives the same result: Apply does not keep
// state in the set.
func TestApplyIsRepeatable(t *testing.T) {
	set, _ := suppress.Parse(file, []byte("a: 1 # mi-lint:ignore MI003\n"))
	first := set.Apply([]finding.Finding{at("MI003", 1)}, suppress.Options{Rules: testRules, Now: today})
	second := set.Apply(nil, suppress.Options{Rules: testRules, Now: today})
	if len(first.Directives) != 0 || len(second.Directives) != 1 {
		t.Errorf("first %v, second %v", first.Directives, second.Directives)
	}
}
