package policy

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/policies"
)

// The rules whose mistakes are security matters carry custom.tags:
// [security], which SARIF turns into a security severity.
func TestSecurityTags(t *testing.T) {
	modules, err := parseModules(policies.FS, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := readRules(modules)
	if err != nil {
		t.Fatal(err)
	}
	var security []string
	for _, r := range rules {
		if slices.Contains(r.Tags, finding.TagSecurity) {
			security = append(security, r.ID)
		}
	}
	slices.Sort(security)
	if diff := cmp.Diff([]string{"MI001", "MI012", "MI013", "MI019"}, security); diff != "" {
		t.Errorf("rules tagged security (-want +got):\n%s", diff)
	}
}

func TestRuleTags(t *testing.T) {
	tests := []struct {
		in   any
		want []string
		ok   bool
	}{
		{nil, nil, true},
		{[]any{"security"}, []string{"security"}, true},
		{[]any{"security", "cost"}, []string{"security", "cost"}, true},
		{"security", nil, false},
		{[]any{"Security"}, nil, false},
		{[]any{1}, nil, false},
	}
	for _, tt := range tests {
		got, ok := ruleTags(tt.in)
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("ruleTags(%#v) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
