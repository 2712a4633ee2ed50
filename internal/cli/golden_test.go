package cli_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/cli"
)

// update rewrites the golden files: go test ./internal/cli -run TestGolden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// srcRootPlaceholder replaces the one machine-dependent value of a SARIF
// log: the file:// URI of the repository root in originalUriBaseIds.
const srcRootPlaceholder = "file:///SRCROOT/"

// goldenInput is the fixture set every format is checked on: a service
// with findings (some with related locations), a clean service and a file
// that does not parse.
const goldenInput = "testdata/golden/input"

// repoRoot is the repository's absolute path; the CLI runs as if started
// there, so names in reports are the same on every machine.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// run is one in-process run of mi-lint.
type run struct {
	stdout, stderr []byte
	code           int
}

// runCLI runs mi-lint with the working directory at the repository root
// and the given environment; paths in args are absolute or relative to
// the test's own directory, as the process sees them.
func runCLI(t *testing.T, env map[string]string, args ...string) run {
	t.Helper()
	return runOn(t, false, env, args...)
}

// runOn is runCLI with standard output a terminal or not.
func runOn(t *testing.T, terminal bool, env map[string]string, args ...string) run {
	t.Helper()
	root := repoRoot(t)
	var stdout, stderr bytes.Buffer
	c := &cli.Command{
		Stdin:      strings.NewReader(""),
		Stdout:     &stdout,
		Stderr:     &stderr,
		Getenv:     func(k string) string { return env[k] },
		Getwd:      func() (string, error) { return root, nil },
		IsTerminal: func(io.Writer) bool { return terminal },
	}
	code := c.Main(append([]string{"mi-lint"}, args...))
	return run{stdout: stdout.Bytes(), stderr: stderr.Bytes(), code: code}
}

// inRepo is the absolute path of a repository-relative name.
func inRepo(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(repoRoot(t), filepath.FromSlash(name))
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		format string
		// terminal makes standard output a terminal, where text is
		// coloured.
		terminal bool
	}{
		{name: "text", format: "text"},
		{name: "text_color", format: "text", terminal: true},
		{name: "json", format: "json"},
		{name: "sarif", format: "sarif"},
		{name: "github", format: "github"},
		{name: "rdjson", format: "rdjson"},
		{name: "rdjsonl", format: "rdjsonl"},
		{name: "checkstyle", format: "checkstyle"},
		{name: "junit", format: "junit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"-f", tt.format, inRepo(t, goldenInput)}
			first := runOn(t, tt.terminal, nil, args...)
			if first.code != cli.ExitError {
				t.Errorf("exit code %d, want %d (a file does not parse)", first.code, cli.ExitError)
			}
			// Without a text report on standard output, the file that
			// does not parse is named on standard error.
			wantStderr := ""
			if tt.format != "text" {
				wantStderr = "testdata/golden/input/broken/serverless.yml:8:5: error: invalid YAML: did not find expected ',' or ']'\n"
			}
			if string(first.stderr) != wantStderr {
				t.Errorf("standard error:\n%s\nwant:\n%s", first.stderr, wantStderr)
			}
			second := runOn(t, tt.terminal, nil, args...)
			if !bytes.Equal(first.stdout, second.stdout) {
				t.Errorf("two runs differ: output is not deterministic\nfirst:\n%s\nsecond:\n%s", first.stdout, second.stdout)
			}

			got := first.stdout
			if tt.format == "sarif" {
				got = normalizeSARIF(t, got, fileURIOf(repoRoot(t)))
			}
			golden := inRepo(t, "testdata/golden/"+tt.name+".golden")
			if *update && t.Failed() {
				t.Fatalf("not updating %s from a failed run", filepath.Base(golden))
			}
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(lines(want), lines(got)); diff != "" {
				t.Errorf("output differs from %s (run with -update to accept it; -want +got):\n%s",
					filepath.Base(golden), diff)
			}
		})
	}
}

// fileURIOf is the URI the CLI writes for the source root: file://, the
// slash-separated absolute path, a trailing slash.
func fileURIOf(dir string) string {
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "file://" + strings.TrimSuffix(p, "/") + "/"
}

// normalizeSARIF replaces the source root's URI in originalUriBaseIds, and
// nothing else, with a placeholder. The value must be there exactly once.
func normalizeSARIF(t *testing.T, log []byte, rootURI string) []byte {
	t.Helper()
	var doc struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct {
				URI string `json:"uri"`
			} `json:"originalUriBaseIds"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(log, &doc); err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("SARIF has %d runs, want 1", len(doc.Runs))
	}
	got := doc.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI
	if got == "" {
		t.Fatalf("SARIF has no originalUriBaseIds[%%SRCROOT%%]")
	}
	// The CLI may escape the root's path; compare what it wrote with the
	// plain form only when the path needs no escaping.
	if !strings.ContainsAny(rootURI, " %#?") && got != rootURI {
		t.Errorf("originalUriBaseIds[%%SRCROOT%%] is %q, want %q", got, rootURI)
	}
	quoted, _ := json.Marshal(got) // a string always encodes
	needle := append([]byte(`"uri": `), quoted...)
	if n := bytes.Count(log, needle); n != 1 {
		t.Fatalf("the source root URI %s occurs %d times in the SARIF, want exactly once", quoted, n)
	}
	return bytes.Replace(log, needle, []byte(`"uri": "`+srcRootPlaceholder+`"`), 1)
}

// lines splits a text at its newlines, for cmp.Diff to show changed
// lines; joined, they give back the text, so an empty diff means equal
// bytes.
func lines(text []byte) []string {
	return strings.Split(string(text), "\n")
}

// TestHelpGolden: the text of mi-lint --help.
func TestHelpGolden(t *testing.T) {
	got := runCLI(t, nil, "--help")
	golden := inRepo(t, "testdata/golden/help.golden")
	if *update {
		if err := os.WriteFile(golden, got.stdout, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(lines(want), lines(got.stdout)); diff != "" {
		t.Errorf("help differs from %s (run with -update to accept it; -want +got):\n%s", filepath.Base(golden), diff)
	}
}
