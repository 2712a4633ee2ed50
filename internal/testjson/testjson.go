// Package testjson helps tests read decoded JSON documents.
package testjson

import "testing"

// Object follows keys (strings) and indexes (ints) from v through decoded
// JSON and returns the object it reaches, failing the test on any other
// shape.
func Object(t *testing.T, v any, path ...any) map[string]any {
	t.Helper()
	for i, step := range path {
		switch s := step.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %T, want an object", path[:i], v)
			}
			v = m[s]
		case int:
			l, ok := v.([]any)
			if !ok || s >= len(l) {
				t.Fatalf("at %v: %T, want a list of more than %d items", path[:i], v, s)
			}
			v = l[s]
		default:
			t.Fatalf("path step %v is %T, want a string or an int", step, step)
		}
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("at %v: %T, want an object", path, v)
	}
	return m
}
