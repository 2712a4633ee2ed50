package linter

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// minBareSecret is the shortest environment value replaced where it stands
// unquoted in a message; shorter values are replaced only where a message
// quotes them, so that a value such as "1" does not rewrite "MI001".
const minBareSecret = 3

// newRedactor returns a function that replaces every environment value a
// document read (secrets maps value to ${env:NAME}) with "the value from
// ${env:NAME}", so that output never echoes one.
func newRedactor(secrets map[string]string) func(string) string {
	if len(secrets) == 0 {
		return func(s string) string { return s }
	}
	values := make([]string, 0, len(secrets))
	for v := range secrets {
		if v != "" {
			values = append(values, v)
		}
	}
	// Longest first, so that a value inside another is not replaced first.
	slices.SortFunc(values, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	var pairs []string
	for _, v := range values {
		placeholder := "the value from " + secrets[v]
		pairs = append(pairs, strconv.Quote(v), placeholder)
		if len(v) >= minBareSecret {
			pairs = append(pairs, v, placeholder)
		}
	}
	replacer := strings.NewReplacer(pairs...)
	return replacer.Replace
}
