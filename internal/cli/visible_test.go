package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/testfs"
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

// TestPositionlessErrors: an error that has no position prints no made-up
// 0:0 in text, and no line and column in JSON.
func TestPositionlessErrors(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"empty/serverless.yml": "", "comments/serverless.yml": "# service: x\n"})
	inv := invocation{wd: root}
	got := inv.run(t, "--no-cache")
	want := "comments/serverless.yml: error: the file has no YAML content, only comments\n" +
		"empty/serverless.yml: error: the file is empty\n" +
		"0 problems in 2 files; 2 files could not be linted in full\n"
	if got.stdout != want || got.code != ExitError {
		t.Errorf("text: exit %d, output:\n%s\nwant exit %d:\n%s", got.code, got.stdout, ExitError, want)
	}
	got = inv.run(t, "--no-cache", "-f", "json")
	var doc struct{ Errors []map[string]any }
	if err := json.Unmarshal([]byte(got.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	wantErrors := []map[string]any{
		{"file": "comments/serverless.yml", "message": "the file has no YAML content, only comments"},
		{"file": "empty/serverless.yml", "message": "the file is empty"},
	}
	if diff := cmp.Diff(wantErrors, doc.Errors); diff != "" {
		t.Errorf("JSON errors (-want +got):\n%s", diff)
	}
}

// TestStdinIncludes: the includes of standard input are read from the
// directory --stdin-filename names, inside the root; without it, standard
// input has no directory.
func TestStdinIncludes(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"svc/x.yml": "vcpu: 1\n"})
	src := service("${file(./x.yml):vcpu}", "main")
	got := invocation{wd: root, stdin: src}.run(t, "--no-cache", "--stdin-filename", "svc/serverless.yml", "-")
	want := []string{"svc/serverless.yml:12:9 error MI003", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"}
	if diff := cmp.Diff(want, textFindings(got.stdout)); diff != "" || got.code != ExitFindings {
		t.Errorf("exit %d, output (-want +got):\n%s", got.code, diff)
	}
	got = invocation{wd: filepath.Join(root, "svc"), stdin: src}.run(t, "--no-cache", "-")
	want = []string{
		"<stdin>:12:23: notice: the include ${file(./x.yml):vcpu} is relative to standard input, which has no directory; name it with --stdin-filename; its value is unknown",
		"0 problems in 1 file; 1 notice",
	}
	if diff := cmp.Diff(want, textFindings(got.stdout)); diff != "" || got.code != ExitOK {
		t.Errorf("without --stdin-filename: exit %d, output (-want +got):\n%s", got.code, diff)
	}
}

// TestConfigNamedAsGiven: errors in the file --config names call it as the
// command line did, not by a path relative to the working directory.
func TestConfigNamedAsGiven(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"svc/serverless.yml": clean})
	cfg := filepath.Join(t.TempDir(), "x.yaml")
	if err := os.WriteFile(cfg, []byte("fail-level: errors\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := invocation{wd: filepath.Join(root, "svc")}.run(t, "--config", cfg, "serverless.yml")
	want := cfg + `:1:13: fail-level is "errors"; valid levels are error, warning, note, none; did you mean "error"?` + "\n"
	if got.code != ExitError || got.stderr != want {
		t.Errorf("exit %d, standard error %q; want %d, %q", got.code, got.stderr, ExitError, want)
	}
}

// TestExplainSuggests: a mistyped rule name or ID gets the nearest one.
func TestExplainSuggests(t *testing.T) {
	for word, want := range map[string]string{
		"max-vcpu": `mi-lint: unknown rule "max-vcpu"; did you mean "max-vcpu-range"? ('mi-lint rules' lists every rule ID and name)` + "\n",
		"MI03":     `mi-lint: unknown rule "MI03"; did you mean "MI003"? ('mi-lint rules' lists every rule ID and name)` + "\n",
		"nothing":  `mi-lint: unknown rule "nothing": 'mi-lint rules' lists every rule ID and name` + "\n",
	} {
		got := lint(t, "explain", word)
		if got.code != ExitError || got.stderr != want {
			t.Errorf("explain %s: exit %d, standard error %q; want %d, %q", word, got.code, got.stderr, ExitError, want)
		}
	}
}

// TestSymlinkedIncludeOutsideRoot: an include that is a symbolic link out
// of the repository is refused in words, not with Go's "path escapes from
// parent".
func TestSymlinkedIncludeOutsideRoot(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "x.yml")
	if err := os.WriteFile(outside, []byte("vcpu: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := testfs.Repo(t, map[string]string{"svc/serverless.yml": service("${file(./link.yml):vcpu}", "main")})
	if err := os.Symlink(outside, filepath.Join(root, "svc", "link.yml")); err != nil {
		t.Skip(err)
	}
	got := invocation{wd: root}.run(t, "--no-cache")
	want := []string{
		"svc/serverless.yml:12:23: notice: the include ${file(./link.yml):vcpu} (svc/link.yml) is a symbolic link that leads outside the repository root; mi-lint does not read it; its value is unknown",
		"0 problems in 1 file; 1 notice",
	}
	if diff := cmp.Diff(want, textFindings(got.stdout)); diff != "" || got.code != ExitOK {
		t.Errorf("exit %d, output (-want +got):\n%s", got.code, diff)
	}
}

// TestEmptyIncludeNoPosition: an include that fails with no position is
// named without a made-up 0:0.
func TestEmptyIncludeNoPosition(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"svc/x.yml": "# nothing yet\n", "svc/serverless.yml": service("${file(./x.yml):vcpu}", "main")})
	got := invocation{wd: root}.run(t, "--no-cache")
	want := []string{
		"svc/serverless.yml:12:23: notice: the include ${file(./x.yml):vcpu} (svc/x.yml) does not parse (svc/x.yml: the file has no YAML content, only comments); its value is unknown",
		"0 problems in 1 file; 1 notice",
	}
	if diff := cmp.Diff(want, textFindings(got.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}
