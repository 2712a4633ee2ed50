package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFileErrorsOnStderr: a file that could not be linted is named on
// standard error whenever no text report goes to standard output.
func TestFileErrorsOnStderr(t *testing.T) {
	const brokenLine = "testdata/cli/broken.yml:7:5: error: invalid YAML: did not find expected ',' or ']'\n"
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"sarif to a file", []string{"-f", "sarif", "-o", filepath.Join(dir, "x.sarif")}, brokenLine},
		{"text to a file", []string{"-o", filepath.Join(dir, "x.txt")}, brokenLine},
		{"json to standard output", []string{"-f", "json"}, brokenLine},
		{"text to standard output, sarif to a file", []string{"-f", "text", "-f", "sarif=" + filepath.Join(dir, "y.sarif")}, ""},
		{"text to standard output", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lint(t, append(tt.args, "testdata/cli/broken.yml", "testdata/cli/clean.yml")...)
			if got.code != ExitError {
				t.Errorf("exit code %d, want %d", got.code, ExitError)
			}
			if got.stderr != tt.stderr {
				t.Errorf("standard error %q, want %q", got.stderr, tt.stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "x.sarif")); err != nil {
		t.Errorf("the SARIF report was not written: %v", err)
	}
}
