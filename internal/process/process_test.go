package process_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/process"
	"github.com/mi-lint/mi-lint/internal/report"
)

func at(rule, file string, line int, level finding.Level) finding.Finding {
	return finding.Finding{RuleID: rule, Level: level, YAMLPath: "provider.x",
		Location: finding.Location{File: file, Region: finding.Region{StartLine: line, StartColumn: 1}}}
}

// unsorted is a result as the run hands it over: findings of files in the
// order the workers finished.
func unsorted() report.Result {
	return report.Result{
		Rules: []finding.Rule{{ID: "MI016", Level: finding.LevelNote}, {ID: "MI003", Level: finding.LevelError}, {ID: "MI201", Level: finding.LevelWarning}},
		Findings: []finding.Finding{
			at("MI201", "b.yml", 3, finding.LevelWarning),
			at("MI003", "a.yml", 9, finding.LevelError),
			at("MI016", "a.yml", 2, finding.LevelNote),
		},
	}
}

// TestChain runs the steps in order: sorted, the rule settings applied
// (MI016 off, MI201 raised to error), the baseline written from what is
// left, and then the findings it records left out.
func TestChain(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "baseline.json")
	var written bytes.Buffer
	write := func(p string, w func(io.Writer) error) error {
		if err := w(&written); err != nil {
			return err
		}
		return os.WriteFile(p, written.Bytes(), 0o644)
	}
	res := unsorted()
	steps := []process.Step{
		process.Sort{},
		process.RuleSettings{"MI016": {Off: true}, "MI201": {Level: finding.LevelError}},
		process.WriteBaseline{Path: path, Write: write},
		process.Baseline{Path: path},
	}
	if err := process.Run(&res, steps...); err != nil {
		t.Fatal(err)
	}
	want := report.Result{
		Rules:        []finding.Rule{{ID: "MI003", Level: finding.LevelError}, {ID: "MI201", Level: finding.LevelError}},
		BaselineUsed: true,
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if !bytes.Contains(written.Bytes(), []byte(`"rule": "MI201"`)) || bytes.Contains(written.Bytes(), []byte(`"MI016"`)) {
		t.Errorf("the baseline holds what the rule settings left, not what they removed:\n%s", written.String())
	}

	res = unsorted()
	if err := process.Run(&res, process.Sort{}, process.RuleSettings(nil)); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, f := range res.Findings {
		got = append(got, f.RuleID)
	}
	if diff := cmp.Diff([]string{"MI016", "MI003", "MI201"}, got); diff != "" {
		t.Errorf("sorted without settings (-want +got):\n%s", diff)
	}
}

// TestChainStops checks that the chain stops at a failing step: a
// baseline that cannot be read is an error, and no later step runs.
func TestChainStops(t *testing.T) {
	res := unsorted()
	missing := filepath.Join(t.TempDir(), "none.json")
	later := process.WriteBaseline{Path: "unused", Write: func(string, func(io.Writer) error) error {
		return errors.New("a step after the failing one ran")
	}}
	err := process.Run(&res, process.Baseline{Path: missing}, later)
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "read baseline: ") {
		t.Fatalf("err = %v, want read baseline: ... not exist", err)
	}
	if res.BaselineUsed || len(res.Findings) != 3 {
		t.Errorf("a failed baseline changed the result: %+v", res)
	}
}
