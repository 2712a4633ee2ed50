package textdist

import "testing"

func TestNearest(t *testing.T) {
	tests := []struct {
		word       string
		candidates []string
		want       string
	}{
		{"explian", []string{"rules", "explain", "test"}, "explain"},
		{"--fromat", []string{"--format", "--output"}, "--format"},
		{"errors", []string{"error", "warning", "note", "none"}, "error"},
		{"max-vcpu", []string{"MI003", "max-vcpu-range"}, "max-vcpu-range"},
		{"mi003", []string{"MI003", "MI030"}, "MI003"},
		{"MI900", []string{"MI003"}, ""},           // an ID allows one edit
		{"genral", []string{"general"}, "general"}, // MI104's provider names
		{"timeout_too_long", []string{"timeout-too-long"}, "timeout-too-long"},
		{"sarif", []string{"sarif"}, ""},          // never the word itself
		{"xyz", []string{"rules", "explain"}, ""}, // nothing close
		{"ab", []string{"abcdef"}, ""},            // too short for a prefix
		{"lint", []string{"rules", "explain", "test", "help", "version"}, ""},
	}
	for _, tt := range tests {
		if got := Nearest(tt.word, tt.candidates); got != tt.want {
			t.Errorf("Nearest(%q, %q) = %q, want %q", tt.word, tt.candidates, got, tt.want)
		}
	}
}
