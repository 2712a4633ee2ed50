package exclude

import (
	"errors"
	"testing"
)

func TestCompile(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    error
	}{
		{"legacy/**", nil},
		{"**/gen/*.yml", nil},
		{"a/[bc]/?.yml", nil},
		{"{a,b}/x", nil},
		{"./legacy/", nil},
		{"a/**b", nil},
		{"", ErrEmpty},
		{"  ", ErrEmpty},
		{"./", ErrEmpty},
		{"/", ErrEmpty},
		{"a/[b", ErrMalformed},
		{"a/{b", ErrMalformed},
		{`a\`, ErrMalformed},
	} {
		if _, err := Compile(tc.pattern); !errors.Is(err, tc.want) {
			t.Errorf("Compile(%q) = %v, want %v", tc.pattern, err, tc.want)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		isDir, want   bool
	}{
		{"a/b", "a/b", false, true},
		{"a/b", "a/b/c", false, false},
		{"a/*", "a/b", false, true},
		{"a/*", "a/b/c", false, false},
		{"*.yml", "x.yml", false, true},
		{"*.yml", "d/x.yml", false, false},
		{"**/x.yml", "x.yml", false, true},
		{"**/x.yml", "a/b/x.yml", false, true},
		{"a/**/b", "a/b", true, true},
		{"a/**/b", "a/x/y/b", true, true},
		{"a/**/b", "a/x/y/c", true, false},
		// doublestar: a trailing /** matches the directory itself too.
		{"a/**", "a", true, true},
		{"a/**", "a/b/c", false, true},
		{"**", "a", false, true},
		{"a?c/[bx]", "abc/x", false, true},
		{"a?c/[bx]", "ac/x", false, false},
		// Bracket negation means "not": [!a] and [^a] match b, not a.
		{"[!a]pi", "bpi", true, true},
		{"[!a]pi", "api", true, false},
		{"[^a]pi", "bpi", true, true},
		{"{api,web}/serverless.yml", "web/serverless.yml", false, true},
		{`\*.yml`, "*.yml", false, true},
		{`\*.yml`, "x.yml", false, false},
		// A trailing slash matches only directories; ./ is dropped.
		{"fixtures/", "fixtures", true, true},
		{"fixtures/", "fixtures", false, false},
		{"./fixtures", "fixtures", false, true},
	} {
		p, err := Compile(tc.pattern)
		if err != nil {
			t.Fatalf("Compile(%q): %v", tc.pattern, err)
		}
		if got := p.Match(tc.name, tc.isDir); got != tc.want {
			t.Errorf("Compile(%q).Match(%q, %v) = %v, want %v", tc.pattern, tc.name, tc.isDir, got, tc.want)
		}
	}
}
