package baseline

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
)

func at(rule, file, path string, line int) finding.Finding {
	return finding.Finding{RuleID: rule, YAMLPath: path, Location: finding.Location{File: file, Region: finding.Region{StartLine: line, StartColumn: 1}}}
}

func TestWriteIsStableAndCounts(t *testing.T) {
	findings := []finding.Finding{
		at("MI108", "b/serverless.yml", "provider.memorySize", 4),
		at("MI003", "a/serverless.yml", "provider.capacityProviders.pool.scaling.maxVCpuCount", 9),
		at("MI108", "b/serverless.yml", "provider.memorySize", 4),
	}
	var buf bytes.Buffer
	if err := Write(&buf, findings); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "findings": [
    {
      "rule": "MI003",
      "file": "a/serverless.yml",
      "yamlPath": "provider.capacityProviders.pool.scaling.maxVCpuCount",
      "count": 1
    },
    {
      "rule": "MI108",
      "file": "b/serverless.yml",
      "yamlPath": "provider.memorySize",
      "count": 2
    }
  ]
}
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("baseline (-want +got):\n%s", diff)
	}
}

// TestFilterSurvivesLineShifts checks the point of a baseline: a finding
// that moved to another line is still known; a new one is reported; one
// that disappeared is counted as stale.
func TestFilterSurvivesLineShifts(t *testing.T) {
	var buf bytes.Buffer
	old := []finding.Finding{
		at("MI003", "a.yml", "provider.capacityProviders.pool.scaling.maxVCpuCount", 9),
		at("MI201", "a.yml", "functions.api.capacityProvider", 20),
		at("MI108", "a.yml", "provider.memorySize", 4),
		at("MI108", "a.yml", "provider.memorySize", 4),
	}
	if err := Write(&buf, old); err != nil {
		t.Fatal(err)
	}
	b, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	now := []finding.Finding{
		at("MI003", "a.yml", "provider.capacityProviders.pool.scaling.maxVCpuCount", 14), // shifted by 5 lines
		at("MI108", "a.yml", "provider.memorySize", 9),
		at("MI108", "a.yml", "provider.memorySize", 9),
		at("MI108", "a.yml", "provider.memorySize", 9), // a third function now inherits it
		at("MI001", "a.yml", "provider.capacityProviders.pool", 11),
	}
	fresh, stale := b.Filter(now)
	want := []finding.Finding{now[3], now[4]}
	if diff := cmp.Diff(want, fresh); diff != "" {
		t.Errorf("fresh (-want +got):\n%s", diff)
	}
	if stale != 1 {
		t.Errorf("stale = %d, want 1 (the MI201 finding is gone)", stale)
	}
}

func TestReadRejectsBadFiles(t *testing.T) {
	for name, src := range map[string]string{
		"not json":      "nope",
		"wrong version": `{"version": 2, "findings": []}`,
		"unknown field": `{"version": 1, "findings": [], "extra": true}`,
		"zero count":    `{"version": 1, "findings": [{"rule": "MI003", "file": "a.yml", "yamlPath": "x", "count": 0}]}`,
	} {
		if _, err := Read(strings.NewReader(src)); err == nil {
			t.Errorf("%s: Read accepted %s", name, src)
		}
	}
}

// Findings at one path about different things (two functions inheriting
// one value) are separate entries; an entry written before subjects
// existed still matches a finding without one.
func TestSubjectKeys(t *testing.T) {
	inherit := func(fn string) finding.Finding {
		f := at("MI108", "s.yml", "provider.memorySize", 4)
		f.Subject = "functions." + fn
		return f
	}
	var buf bytes.Buffer
	if err := Write(&buf, []finding.Finding{inherit("api"), inherit("worker")}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), `"subject"`); n != 2 || strings.Contains(buf.String(), `"count": 2`) {
		t.Errorf("want two entries with a subject each:\n%s", buf.String())
	}
	b, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	fresh, stale := b.Filter([]finding.Finding{inherit("api"), inherit("jobs")})
	if len(fresh) != 1 || fresh[0].Subject != "functions.jobs" || stale != 1 {
		t.Errorf("Filter = %+v, stale %d; want only jobs new and worker stale", fresh, stale)
	}

	old, err := Read(strings.NewReader(`{"version": 1, "findings": [{"rule": "MI003", "file": "s.yml", "yamlPath": "p", "count": 1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if fresh, _ := old.Filter([]finding.Finding{at("MI003", "s.yml", "p", 1)}); len(fresh) != 0 {
		t.Errorf("an entry without a subject no longer matches: %+v", fresh)
	}
}
