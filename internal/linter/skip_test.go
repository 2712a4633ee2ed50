package linter_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/linter"
)

// skipService has one finding of MI001 (no VPC), several of others, and
// one of the custom ACME001 (no maxConcurrency).
const skipService = `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  capacityProviders:
    pool: {}
functions:
  api:
    handler: h.api
    capacityProvider: pool
`

// ruleIDs are the rules a lint of skipService reported, in order.
func ruleIDs(t *testing.T, eng *linter.Engine) []string {
	t.Helper()
	return lintedRuleIDs(t, eng, yamlFile("serverless.yml", skipService))
}

// lintedRuleIDs lints files and returns the rules reported, in order
// (empty, not nil, when none); an error in any file fails the test.
func lintedRuleIDs(t *testing.T, eng *linter.Engine, files ...linter.File) []string {
	t.Helper()
	res := eng.Lint(context.Background(), files)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	ids := []string{}
	for _, f := range res.Findings {
		ids = append(ids, f.RuleID)
	}
	return ids
}

// TestSkip checks that skipped rules, built-in and custom, are not
// evaluated, and that the others still are.
func TestSkip(t *testing.T) {
	dirs := []string{"examples/policies"}
	if diff := cmp.Diff([]string{"MI001", "ACME001"}, ruleIDs(t, customEngine(t, dirs...))); diff != "" {
		t.Fatalf("nothing skipped (-want +got):\n%s", diff)
	}
	if got := ruleIDs(t, skippingEngine(t, dirs, []string{"MI001", "ACME001"})); len(got) != 0 {
		t.Errorf("with MI001 and ACME001 skipped, findings of %v", got)
	}
	if diff := cmp.Diff([]string{"ACME001"}, ruleIDs(t, skippingEngine(t, dirs, []string{"MI001"}))); diff != "" {
		t.Errorf("with MI001 skipped (-want +got):\n%s", diff)
	}
}

// TestSkipDirectives checks that the directives know the skipped rules: a
// directive naming a skipped rule is not reported unused (MI900), and a
// skipped MI900 reports nothing.
func TestSkipDirectives(t *testing.T) {
	service := strings.Replace(skipService, "pool: {}", "pool: {} # mi-lint:ignore MI001 -- no VPC yet", 1)
	lint := func(skip ...string) []string {
		return lintedRuleIDs(t, skippingEngine(t, nil, skip), yamlFile("serverless.yml", service))
	}
	if diff := cmp.Diff([]string{}, lint()); diff != "" {
		t.Fatalf("MI001 suppressed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{}, lint("MI001")); diff != "" {
		t.Errorf("MI001 skipped: the directive naming it is not unused (-want +got):\n%s", diff)
	}
	service = strings.Replace(service, "MI001", "MI016", 1)
	if diff := cmp.Diff([]string{"MI001"}, lint("MI016")); diff != "" {
		t.Errorf("MI016 skipped, MI001 runs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"MI001"}, lint("MI900")); diff != "" {
		t.Errorf("MI900 skipped: an unused directive reports nothing (-want +got):\n%s", diff)
	}
}
