package suppress_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/fixture"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

const repoRoot = "../.."

type engineKey struct {
	stage, region string
	now           time.Time
	requireReason bool
}

var (
	enginesMu sync.Mutex
	engines   = map[engineKey]*linter.Engine{}
)

// lint lints src with the real engine, which applies its directives as a
// run does: it returns what was suppressed and what is reported.
func lint(t *testing.T, lo loader.Options, name string, src []byte, now time.Time, requireReason bool) ([]finding.SuppressedFinding, []finding.Finding) {
	t.Helper()
	key := engineKey{lo.Stage, lo.Region, now, requireReason}
	enginesMu.Lock()
	eng, ok := engines[key]
	if !ok {
		var err error
		eng, err = linter.New(context.Background(), linter.Options{Loader: lo, Suppress: linter.SuppressOptions{
			Now: func() time.Time { return now }, RequireReason: requireReason,
		}})
		if err != nil {
			enginesMu.Unlock()
			t.Fatal(err)
		}
		engines[key] = eng
	}
	enginesMu.Unlock()
	res := eng.Check(context.Background(), linter.File{Name: name, Read: func() ([]byte, error) { return src, nil }})
	if res.Err != nil {
		t.Fatalf("%s:%d:%d: %s", res.Err.File, res.Err.Line, res.Err.Column, res.Err.Message)
	}
	return res.Suppressed, res.Findings
}

var suppressedMark = regexp.MustCompile(`#\s*suppressed:\s*(.+)$`)

// TestFixtures lints each testdata/suppress/*.yml with the engine and its
// directives. Reported findings are marked `# want: MI003` (MI900@col for
// a directive's '#'), suppressed ones `# suppressed: MI003`, on the
// finding's start line; both are matched exactly. The header
// `# mi-lint-fixture:` may set stage, region, now (YYYY-MM-DD, default
// 2026-06-15) and require-reason=true.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(repoRoot, "testdata", "suppress", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".yml"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wants, opts, err := fixture.Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			var lo loader.Options
			now := day("2026-06-15")
			requireReason := false
			for k, v := range opts {
				switch k {
				case "stage":
					lo.Stage = v
				case "region":
					lo.Region = v
				case "now":
					now = day(v)
				case "require-reason":
					requireReason = v == "true"
				default:
					t.Fatalf("unknown fixture option %q", k)
				}
			}
			name := "testdata/suppress/" + filepath.Base(path)
			suppressed, reported := lint(t, lo, name, src, now, requireReason)

			var want, got []string
			for _, w := range wants {
				want = append(want, w.String())
			}
			for _, f := range reported {
				if f.File != name {
					t.Errorf("finding in another file: %+v", f)
				}
				got = append(got, fixture.Want{Rule: f.RuleID, Line: f.Region.StartLine, Column: f.Region.StartColumn}.String())
			}
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("reported findings (-want +got):\n%s", diff)
			}

			var wantSup, gotSup []string
			for i, l := range strings.Split(string(src), "\n") {
				if m := suppressedMark.FindStringSubmatch(l); m != nil {
					for _, id := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' }) {
						wantSup = append(wantSup, fmt.Sprintf("%d %s", i+1, id))
					}
				}
			}
			for _, s := range suppressed {
				gotSup = append(gotSup, fmt.Sprintf("%d %s", s.Region.StartLine, s.RuleID))
				if s.Directive.File != name || s.Directive.Region.StartLine == 0 {
					t.Errorf("suppressed by no directive: %+v", s)
				}
			}
			slices.Sort(wantSup)
			slices.Sort(gotSup)
			if diff := cmp.Diff(wantSup, gotSup); diff != "" {
				t.Errorf("suppressed findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRuleExamples lints the METADATA example and fix of MI900 and MI901
// with the engine and their directives: the example must trigger the rule,
// the fix must report nothing at all.
func TestRuleExamples(t *testing.T) {
	eng, err := linter.New(t.Context(), linter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var directiveRules []finding.Rule
	for _, r := range eng.Rules() {
		if r.Category == suppress.Category {
			directiveRules = append(directiveRules, r)
		}
	}
	if len(directiveRules) != 2 {
		t.Fatalf("the registry has %d directive rules, want MI900 and MI901", len(directiveRules))
	}
	for _, r := range directiveRules {
		t.Run(r.ID, func(t *testing.T) {
			_, reported := lint(t, loader.Options{}, "serverless.yml", []byte(r.Example), time.Now(), false)
			if !slices.ContainsFunc(reported, func(f finding.Finding) bool { return f.RuleID == r.ID }) {
				t.Errorf("the example does not trigger %s: %v", r.ID, reported)
			}
			if _, reported := lint(t, loader.Options{}, "serverless.yml", []byte(r.Fixed), time.Now(), true); len(reported) > 0 {
				t.Errorf("the fixed example reports %v", reported)
			}
		})
	}
}
