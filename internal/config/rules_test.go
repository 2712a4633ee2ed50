package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
)

var knownRules = []finding.Rule{
	{ID: "MI003", Name: "max-vcpu-range", Level: finding.LevelError},
	{ID: "MI016", Name: "few-subnets", Level: finding.LevelNote},
	{ID: "MI018", Name: "unused-capacity-provider", Level: finding.LevelWarning},
	{ID: "MI112", Name: "timeout-too-long", Level: finding.LevelWarning},
	{ID: "ORG001", Name: "team-tag", Level: finding.LevelError},
}

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	c, err := Parse("c.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

func TestResolveRules(t *testing.T) {
	c := mustParse(t, "rules:\n  MI016: off\n  max-vcpu-range: warning\n  team-tag: note\n  MI112: error\n")
	got, err := c.ResolveRules(knownRules)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]RuleSetting{
		"MI016":  {Off: true, Key: "MI016", KeyPos: Pos{2, 3}, Pos: Pos{2, 10}},
		"MI003":  {Level: finding.LevelWarning, Key: "max-vcpu-range", KeyPos: Pos{3, 3}, Pos: Pos{3, 19}},
		"ORG001": {Level: finding.LevelNote, Key: "team-tag", KeyPos: Pos{4, 3}, Pos: Pos{4, 13}},
		"MI112":  {Level: finding.LevelError, Key: "MI112", KeyPos: Pos{5, 3}, Pos: Pos{5, 10}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResolveRules (-want +got):\n%s", diff)
	}
	if s := got["MI016"].String(); s != "off" {
		t.Errorf("String() = %q, want off", s)
	}
	if s := got["MI003"].String(); s != "warning" {
		t.Errorf("String() = %q, want warning", s)
	}

	empty, err := mustParse(t, "stage: dev\n").ResolveRules(knownRules)
	if err != nil || len(empty) != 0 {
		t.Errorf("no rules: got %v, %v", empty, err)
	}
}

func TestResolveRulesErrors(t *testing.T) {
	c := mustParse(t, `rules:
  MI16: off
  mi018: off
  max-vcpu: warning
  few-subnet: note
  timeout_too_long: error
  nothing-like-it: off
  MI003: error
  max-vcpu-range: note
  MI900: off
`)
	got, err := c.ResolveRules(knownRules)
	if got != nil {
		t.Errorf("ResolveRules returned settings with its errors: %v", got)
	}
	want := []string{
		`c.yaml:2:3: unknown rule "MI16"; did you mean "MI016"?`,
		`c.yaml:3:3: unknown rule "mi018"; did you mean "MI018"?`,
		`c.yaml:4:3: unknown rule "max-vcpu"; did you mean "max-vcpu-range"?`,
		`c.yaml:5:3: unknown rule "few-subnet"; did you mean "few-subnets"?`,
		`c.yaml:6:3: unknown rule "timeout_too_long"; did you mean "timeout-too-long"?`,
		`c.yaml:7:3: unknown rule "nothing-like-it"; run 'mi-lint rules' to list the rules`,
		"c.yaml:9:3: max-vcpu-range and MI003 (line 8) both name rule MI003 max-vcpu-range; keep only one of them",
		`c.yaml:10:3: unknown rule "MI900"; run 'mi-lint rules' to list the rules`,
	}
	if diff := cmp.Diff(want, messages(err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// A file with mistakes still gives its valid settings, so that rule names
// are checked in the same run and every mistake is reported at once.
func TestResolveRulesOfAFileWithMistakes(t *testing.T) {
	c, err := Parse("c.yaml", []byte("unknown: 1\nrules:\n  MI16: off\n  MI016: of\npolicies: [missing]\n"))
	if err == nil || c == nil {
		t.Fatalf("Parse = %+v, %v; want the valid settings and an error", c, err)
	}
	_, err = c.ResolveRules(knownRules)
	if diff := cmp.Diff([]string{`c.yaml:3:3: unknown rule "MI16"; did you mean "MI016"?`}, messages(err)); diff != "" {
		t.Errorf("rule errors (-want +got):\n%s", diff)
	}
	// A missing policy directory leaves its rules unknown.
	if c.PoliciesComplete() {
		t.Error("PoliciesComplete with a missing policy directory")
	}
	if ok, _ := Parse("c.yaml", []byte("policies: [.]\n")); !ok.PoliciesComplete() {
		t.Error("not PoliciesComplete with every policy directory found")
	}
}
