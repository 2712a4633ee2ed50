package config

import (
	"testing"

	"github.com/mi-lint/mi-lint/internal/textdist"
)

func TestValidGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    string
	}{
		{"legacy/**", ""},
		{"**/gen/*.yml", ""},
		{"a/[bc]/?.yml", ""},
		{"", `the pattern is empty; write a glob such as "legacy/**"`},
		{"  ", `the pattern is empty; write a glob such as "legacy/**"`},
		{"./", `the pattern is empty; write a glob such as "legacy/**"`},
		{"/", `the pattern is empty; write a glob such as "legacy/**"`},
		{"./legacy/", ""},
		{"a/**b", ""},
		{"{api,web}/serverless.yml", ""},
		{"[!a]pi/", ""},
		{"a/{b", `pattern "a/{b" is malformed (an unclosed "[" or "{", or a trailing "\"?)`},
		{"a/[b", `pattern "a/[b" is malformed (an unclosed "[" or "{", or a trailing "\"?)`},
	} {
		got := ""
		if err := validateGlob(tc.pattern); err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("validateGlob(%q) = %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"fail-level", "policies", "rules", "stage", "region"}
	for _, tc := range []struct{ word, want string }{
		{"failLevel", "fail-level"},
		{"fail_level", "fail-level"},
		{"FAIL-LEVEL", "fail-level"},
		{"policy", "policies"},
		{"polic", "policies"},
		{"stages", "stage"},
		{"regoin", "region"},
		{"xyz", ""},
		{"ru", ""},
		{"data", ""},
	} {
		if got := textdist.Nearest(tc.word, keys); got != tc.want {
			t.Errorf("nearest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	ids := []string{"MI003", "MI016", "MI106"}
	for _, tc := range []struct{ word, want string }{
		{"MI16", "MI016"}, {"mi003", "MI003"}, {"MI900", ""}, {"MI0016", "MI016"},
	} {
		if got := textdist.Nearest(tc.word, ids); got != tc.want {
			t.Errorf("nearest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
