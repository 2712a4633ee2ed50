package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/engine"
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

// ruleIDs are the rules a lint reported, in order.
func ruleIDs(t *testing.T, eng *engine.Engine) []string {
	t.Helper()
	res := eng.Lint(context.Background(), []engine.File{yamlFile("serverless.yml", skipService)})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	var ids []string
	for _, f := range res.Findings {
		ids = append(ids, f.RuleID)
	}
	return ids
}

// TestSkip checks that skipped rules, built-in and custom, are not
// evaluated, that the others still are, and that a later Skip replaces an
// earlier one.
func TestSkip(t *testing.T) {
	ctx := context.Background()
	eng := customEngine(t, "examples/policies")
	all := ruleIDs(t, eng)
	if diff := cmp.Diff([]string{"MI001", "ACME001"}, all); diff != "" {
		t.Fatalf("without Skip (-want +got):\n%s", diff)
	}

	skip := map[string]bool{"MI001": true, "ACME001": true}
	if err := eng.Skip(ctx, func(id string) bool { return skip[id] }); err != nil {
		t.Fatal(err)
	}
	if got := ruleIDs(t, eng); len(got) != 0 {
		t.Errorf("with MI001 and ACME001 skipped, findings of %v", got)
	}

	if err := eng.Skip(ctx, func(id string) bool { return id == "MI001" }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ACME001"}, ruleIDs(t, eng)); diff != "" {
		t.Errorf("with MI001 skipped (-want +got):\n%s", diff)
	}
}

// TestSkipDirectives checks that the directives know the skipped rules: a
// directive naming a skipped rule is not reported unused (MI900), and a
// skipped MI900 reports nothing.
func TestSkipDirectives(t *testing.T) {
	ctx := context.Background()
	service := strings.Replace(skipService, "pool: {}", "pool: {} # mi-lint:ignore MI001 -- no VPC yet", 1)
	lint := func(eng *engine.Engine) []string {
		res := eng.Lint(ctx, []engine.File{yamlFile("serverless.yml", service)})
		if len(res.Errors) > 0 {
			t.Fatalf("errors: %v", res.Errors)
		}
		ids := []string{}
		for _, f := range res.Findings {
			ids = append(ids, f.RuleID)
		}
		return ids
	}
	eng := customEngine(t)
	if diff := cmp.Diff([]string{}, lint(eng)); diff != "" {
		t.Fatalf("MI001 suppressed (-want +got):\n%s", diff)
	}
	if err := eng.Skip(ctx, func(id string) bool { return id == "MI001" }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{}, lint(eng)); diff != "" {
		t.Errorf("MI001 skipped: the directive naming it is not unused (-want +got):\n%s", diff)
	}
	if err := eng.Skip(ctx, func(id string) bool { return id == "MI016" }); err != nil {
		t.Fatal(err)
	}
	service = strings.Replace(service, "MI001", "MI016", 1)
	if diff := cmp.Diff([]string{"MI001"}, lint(eng)); diff != "" {
		t.Errorf("MI016 skipped, MI001 runs (-want +got):\n%s", diff)
	}
	if err := eng.Skip(ctx, func(id string) bool { return id == "MI900" }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"MI001"}, lint(eng)); diff != "" {
		t.Errorf("MI900 skipped: an unused directive reports nothing (-want +got):\n%s", diff)
	}
}
