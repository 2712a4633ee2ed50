package process_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/process"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

var directiveRules = []finding.Rule{
	{ID: "MI003", Name: "memory-range", Level: finding.LevelError},
	{ID: "MI016", Name: "few-subnets", Level: finding.LevelNote},
	{ID: "MI201", Name: "version-functions", Level: finding.LevelWarning},
	{ID: "MI900", Name: "unused-suppression", Level: finding.LevelWarning},
	{ID: "MI901", Name: "expired-suppression", Level: finding.LevelWarning},
}

// ownText has a directive that suppresses MI003, one that suppresses
// nothing (MI201 is reported two lines below it) and a malformed one.
const ownText = `service: a
memory: 99999 # mi-lint:ignore MI003 -- sized by hand
provider:
  stage: dev # mi-lint:ignore MI201
  versionFunctions: true
# mi-lint:ignore
`

// includedText suppresses the include's MI016, and has an unused
// directive that is not reported here.
const includedText = "subnetIds: [subnet-1] # mi-lint:ignore MI016 -- dev\nsecurityGroupIds: [] # mi-lint:ignore MI003\n"

// fileResult is a.yml's result as the run hands it to the steps.
func fileResult() process.FileResult {
	own, problems := suppress.Parse("a.yml", []byte(ownText))
	included, _ := suppress.Parse("vpc.yml", []byte(includedText))
	return process.FileResult{
		Findings: []finding.Finding{
			at("MI003", "a.yml", 2, finding.LevelError),
			at("MI016", "vpc.yml", 1, finding.LevelNote),
			at("MI201", "a.yml", 5, finding.LevelWarning),
		},
		Directives: own, Problems: problems, Included: []*suppress.Set{included},
	}
}

func places(fs []finding.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s:%d", f.RuleID, f.File, f.Region.StartLine))
	}
	return out
}

// TestSuppress checks the suppression step: the include's directives
// suppress its finding and are not checked; the file's own suppress its
// finding, and the unused and the malformed one are reported as MI900.
// The directives are consumed: a second pass changes nothing.
func TestSuppress(t *testing.T) {
	step := process.Suppress{Options: suppress.Options{Rules: directiveRules, Now: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)}}
	res := fileResult()
	process.RunFile(&res, step)
	if diff := cmp.Diff([]string{"MI201 a.yml:5", "MI900 a.yml:4", "MI900 a.yml:6"}, places(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	var suppressed []string
	for _, s := range res.Suppressed {
		suppressed = append(suppressed, fmt.Sprintf("%s by %s:%d (%s)", s.RuleID, s.Directive.File, s.Directive.Region.StartLine, s.Justification))
	}
	if diff := cmp.Diff([]string{"MI016 by vpc.yml:1 (dev)", "MI003 by a.yml:2 (sized by hand)"}, suppressed); diff != "" {
		t.Errorf("suppressed (-want +got):\n%s", diff)
	}
	if res.Directives != nil || res.Problems != nil || res.Included != nil {
		t.Errorf("the directives were left in the result: %+v", res)
	}
	again := res
	process.RunFile(&again, step)
	if diff := cmp.Diff(res, again, cmp.AllowUnexported(suppress.Set{})); diff != "" {
		t.Errorf("a second pass changed the result (-first +second):\n%s", diff)
	}
}

// TestSuppressUnread checks that a result whose file was never read as
// far as its directives (it failed) passes unchanged.
func TestSuppressUnread(t *testing.T) {
	res := process.FileResult{
		Findings: []finding.Finding{at("MI003", "a.yml", 2, finding.LevelError)},
		Err:      &finding.FileError{File: "a.yml", Message: "evaluation failed"},
	}
	want := res
	process.RunFile(&res, process.Suppress{Options: suppress.Options{Rules: directiveRules}}, process.NewOnly{})
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
}

// TestNewOnly checks the new-only filter after suppression: the base is
// suppressed as the file would be (its MI003 suppressed, its unused
// directive reported), and what it reports is not new, MI900 included;
// a base with MI003 suppressed does not hide the file's MI003.
func TestNewOnly(t *testing.T) {
	head := fileResult()
	base := fileResult()
	base.Findings = base.Findings[:1] // MI003 only, which its directive suppresses
	head.Base = &base
	head.Directives, head.Problems = suppress.Parse("a.yml", []byte("service: a\nmemory: 99999\nprovider:\n  stage: dev # mi-lint:ignore MI201\n  versionFunctions: true\n"))
	steps := []process.FileStep{
		process.Suppress{Options: suppress.Options{Rules: directiveRules}},
		process.NewOnly{},
	}
	process.RunFile(&head, steps...)
	// The base reports MI900 at a.yml:4 (and 6) too, so the head's MI900 at
	// line 4 is not new; its MI003 is, since the base's was suppressed.
	if diff := cmp.Diff([]string{"MI003 a.yml:2", "MI201 a.yml:5"}, places(head.Findings)); diff != "" {
		t.Errorf("new findings (-want +got):\n%s", diff)
	}
	if head.Base != nil {
		t.Error("the base was left in the result")
	}
}
