package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mi-lint/mi-lint/internal/cli"
	"github.com/mi-lint/mi-lint/internal/report"
)

// sarifFingerprints lints serverless.yml in dir as SARIF and returns, per
// finding in output order, its rule, start line and partial fingerprint.
func sarifFingerprints(t *testing.T, dir string) (rules []string, lines []int, prints []string) {
	t.Helper()
	out, code := cli.Output(dir, "-f", "sarif", "serverless.yml")
	if code != cli.ExitFindings {
		t.Fatalf("exit code %d, want %d\n%s", code, cli.ExitFindings, out)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	for _, r := range log.Runs[0].Results {
		fp := r.PartialFingerprints[report.FingerprintKey]
		if fp == "" {
			t.Fatalf("result %s has no partialFingerprints[%q]", r.RuleID, report.FingerprintKey)
		}
		rules = append(rules, r.RuleID)
		lines = append(lines, r.Locations[0].PhysicalLocation.Region.StartLine)
		prints = append(prints, fp)
	}
	return rules, lines, prints
}

// TestFingerprintsSurviveLineShifts lints a file, then the same file with
// lines inserted above and between its findings: every finding moves
// down, and keeps its fingerprint, so code scanning tracks it as the same
// alert.
func TestFingerprintsSurviveLineShifts(t *testing.T) {
	original, err := os.ReadFile(inRepo(t, "testdata/golden/input/orders/serverless.yml"))
	if err != nil {
		t.Fatal(err)
	}
	shifted := "# A comment block added\n# at the top of the file.\n\n" + strings.Replace(string(original),
		"  name: aws\n", "  name: aws\n  # a new setting between the findings\n  stage: dev\n", 1)
	if shifted == "# A comment block added\n# at the top of the file.\n\n"+string(original) {
		t.Fatal("the fixture no longer has the line this test inserts after")
	}

	before, after := t.TempDir(), t.TempDir()
	for dir, content := range map[string]string{before: string(original), after: shifted} {
		if err := os.WriteFile(filepath.Join(dir, "serverless.yml"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rules1, lines1, prints1 := sarifFingerprints(t, before)
	rules2, lines2, prints2 := sarifFingerprints(t, after)

	if len(prints1) < 3 {
		t.Fatalf("only %d findings: the fixture must have several", len(prints1))
	}
	if !slices.Equal(rules1, rules2) {
		t.Fatalf("findings differ after inserting lines: %v, then %v", rules1, rules2)
	}
	for i := range prints1 {
		if lines2[i] <= lines1[i] {
			t.Errorf("%s: line %d, then %d: the inserted lines did not move it", rules1[i], lines1[i], lines2[i])
		}
		if prints1[i] != prints2[i] {
			t.Errorf("%s moved from line %d to %d and its fingerprint changed: %s, then %s",
				rules1[i], lines1[i], lines2[i], prints1[i], prints2[i])
		}
	}
	// Distinct findings keep distinct fingerprints, or code scanning would
	// merge their alerts.
	seen := map[string]int{}
	for i, fp := range prints1 {
		if j, ok := seen[fp]; ok {
			t.Errorf("findings %d (%s) and %d (%s) share the fingerprint %s", j, rules1[j], i, rules1[i], fp)
		}
		seen[fp] = i
	}
}
