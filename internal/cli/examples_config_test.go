package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runInExamples runs mi-lint as a user would in examples/: its
// .mi-lint.yaml is the configuration found, with its custom policies and
// its baseline.
func runInExamples(t *testing.T, args ...string) run {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "examples")
	return runIn(dir, strings.NewReader(""), append([]string{"--no-cache"}, args...)...)
}

// TestExamplesConfig: examples/.mi-lint.yaml, the example that uses every
// key, works as shipped. Its baseline records the orders service's
// findings, so a run in examples/ reports only catalog's function that the
// example's custom rule ACME001 rejects, and no baseline entry is stale.
// With -update the baseline is written again as its comment says.
func TestExamplesConfig(t *testing.T) {
	if *update {
		out := runInExamples(t, "--write-baseline", ".mi-lint-baseline.json", "orders")
		if out.code != 0 {
			t.Fatalf("--write-baseline: exit %d, stderr %q", out.code, out.stderr)
		}
	}
	out := runInExamples(t, "--format", "json")
	if out.code != 1 {
		t.Errorf("exit code %d, want 1 (an error-level finding, fail-level error)\nstderr: %s", out.code, out.stderr)
	}
	if len(out.stderr) != 0 {
		t.Errorf("stderr: %s", out.stderr)
	}
	type position struct {
		Rule   string
		File   string
		Line   int
		Column int
		Level  string
	}
	var got struct {
		Findings []struct {
			Rule struct {
				ID string `json:"id"`
			} `json:"rule"`
			Level       string `json:"level"`
			File        string `json:"file"`
			StartLine   int    `json:"startLine"`
			StartColumn int    `json:"startColumn"`
		} `json:"findings"`
		Errors  []json.RawMessage `json:"errors"`
		Summary struct {
			Files         int `json:"files"`
			FilesFailed   int `json:"filesFailed"`
			BaselineStale int `json:"baselineStale"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(out.stdout, &got); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, out.stdout)
	}
	var findings []position
	for _, f := range got.Findings {
		findings = append(findings, position{f.Rule.ID, f.File, f.StartLine, f.StartColumn, f.Level})
	}
	want := []position{{"ACME001", "examples/catalog/serverless.yml", 43, 5, "error"}}
	if diff := cmp.Diff(want, findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if len(got.Errors) != 0 {
		t.Errorf("errors: %s", got.Errors)
	}
	if got.Summary.Files != 2 || got.Summary.FilesFailed != 0 || got.Summary.BaselineStale != 0 {
		t.Errorf("summary: %d files, %d failed, %d stale baseline entries; want 2, 0, 0 (regenerate the baseline with -update if a finding's key changed)",
			got.Summary.Files, got.Summary.FilesFailed, got.Summary.BaselineStale)
	}
}
