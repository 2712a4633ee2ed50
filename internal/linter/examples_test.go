package linter_test

import (
	"context"
	"slices"
	"testing"

	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// TestRuleExamples checks each rule's METADATA example and fix by linting
// them: the example must trigger the rule, the fix must not. `explain` and
// the rule docs print both, so they must be true.
func TestRuleExamples(t *testing.T) {
	eng := engineFor(t, loader.Options{})
	for _, r := range eng.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			if ids := lintSnippet(t, eng, r.ID+"-example.yml", r.Example, r.BaseExample); !slices.Contains(ids, r.ID) {
				t.Errorf("the METADATA example of %s does not trigger it (got %v)", r.ID, ids)
			}
			if ids := lintSnippet(t, eng, r.ID+"-fixed.yml", r.Fixed, r.BaseExample); slices.Contains(ids, r.ID) {
				t.Errorf("the METADATA fixed example of %s still triggers it", r.ID)
			}
		})
	}
}

// lintSnippet lints src as the file name; a non-empty base is its base
// revision (a diff-mode rule's METADATA base_example).
func lintSnippet(t *testing.T, eng *linter.Engine, name, src, base string) []string {
	t.Helper()
	f := linter.File{Name: name, Read: func() ([]byte, error) { return []byte(src), nil }}
	if base != "" {
		f.Base = linter.BaseOf("base_example", []byte(base))
	}
	findings, ferr := eng.LintFile(context.Background(), f)
	if ferr != nil {
		t.Fatalf("%s does not load: %s", name, ferr.Message)
	}
	ids := make([]string, len(findings))
	for i, f := range findings {
		ids[i] = f.RuleID
	}
	return ids
}
