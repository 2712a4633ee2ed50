package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"

	"github.com/mi-lint/mi-lint/internal/report"
	"github.com/mi-lint/mi-lint/internal/testfs"
)

// invocation is one in-process run of mi-lint.
type invocation struct {
	wd     string            // working directory; the repository root when empty
	env    map[string]string // environment
	stdin  string
	stdout io.Writer // standard output; captured when nil
}

type outcome struct {
	stdout, stderr string
	code           int
}

// repositoryRoot is the absolute path of the repository.
func repositoryRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func (inv invocation) run(t *testing.T, args ...string) outcome {
	t.Helper()
	wd := inv.wd
	if wd == "" {
		wd = repositoryRoot(t)
	}
	var stdout, stderr bytes.Buffer
	c := &Command{
		Stdin:  strings.NewReader(inv.stdin),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(k string) string { return inv.env[k] },
		Getwd:  func() (string, error) { return wd, nil },
	}
	if inv.stdout != nil {
		c.Stdout = inv.stdout
	}
	code := c.Main(append([]string{"mi-lint"}, args...))
	return outcome{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// lint runs mi-lint in the repository root.
func lint(t *testing.T, args ...string) outcome {
	t.Helper()
	return invocation{}.run(t, args...)
}

// textLineRe matches a finding's line of text output.
var textLineRe = regexp.MustCompile(`^(\S+:\d+:\d+): (error|warning|note): .* \((MI\d+) [a-z0-9-]+\)$`)

// textFindings reduces text output to `path:line:col level rule` for each
// finding, and keeps error and summary lines whole: rule messages belong
// to the rules' own tests.
func textFindings(out string) []string {
	var lines []string
	for l := range strings.SplitSeq(strings.TrimSuffix(out, "\n"), "\n") {
		if m := textLineRe.FindStringSubmatch(l); m != nil {
			lines = append(lines, m[1]+" "+m[2]+" "+m[3])
			continue
		}
		if strings.HasPrefix(l, "  ") {
			continue // a related location
		}
		lines = append(lines, l)
	}
	return lines
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		file      string
		failLevel string // "" for the default
		want      int
	}{
		{"errors.yml", "", ExitFindings},
		{"errors.yml", "error", ExitFindings},
		{"errors.yml", "warning", ExitFindings},
		{"errors.yml", "note", ExitFindings},
		{"errors.yml", "none", ExitOK},
		{"warnings.yml", "", ExitFindings},
		{"warnings.yml", "error", ExitOK},
		{"warnings.yml", "warning", ExitFindings},
		{"warnings.yml", "note", ExitFindings},
		{"warnings.yml", "none", ExitOK},
		{"notes.yml", "", ExitOK},
		{"notes.yml", "error", ExitOK},
		{"notes.yml", "warning", ExitOK},
		{"notes.yml", "note", ExitFindings},
		{"notes.yml", "none", ExitOK},
		{"clean.yml", "", ExitOK},
		{"clean.yml", "note", ExitOK},
		{"broken.yml", "", ExitError},
		{"broken.yml", "error", ExitError},
		{"broken.yml", "none", ExitError},
	}
	for _, tt := range tests {
		name := strings.TrimSuffix(tt.file, ".yml") + "/" + tt.failLevel
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := []string{"testdata/cli/" + tt.file}
			if tt.failLevel != "" {
				args = append([]string{"--fail-level", tt.failLevel}, args...)
			}
			got := lint(t, args...)
			if got.code != tt.want {
				t.Errorf("exit code %d, want %d\n%s", got.code, tt.want, got.stdout)
			}
			if got.stderr != "" {
				t.Errorf("standard error: %q, want none", got.stderr)
			}
			// JUnit marks as failures exactly the findings that fail
			// the run.
			junit := lint(t, append([]string{"-f", "junit"}, args...)...)
			if failing := strings.Contains(junit.stdout, "<failure "); failing != (tt.want == ExitFindings) {
				t.Errorf("junit has failures: %v, exit code %d:\n%s", failing, junit.code, junit.stdout)
			}
		})
	}
}

func TestTextOutput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"one error", []string{"testdata/cli/errors.yml"}, ExitFindings, []string{
			"testdata/cli/errors.yml:13:9 error MI003",
			"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
		}},
		{"one warning", []string{"testdata/cli/warnings.yml"}, ExitFindings, []string{
			"testdata/cli/warnings.yml:16:5 warning MI201",
			"1 problem in 1 file (0 errors, 1 warning, 0 notes)",
		}},
		{"one note", []string{"testdata/cli/notes.yml"}, ExitOK, []string{
			"testdata/cli/notes.yml:8:5 note MI016",
			"1 problem in 1 file (0 errors, 0 warnings, 1 note)",
		}},
		{"clean", []string{"testdata/cli/clean.yml"}, ExitOK, []string{
			"0 problems in 1 file",
		}},
		{"a broken file next to files with findings", []string{"testdata/cli/errors.yml", "testdata/cli/broken.yml", "testdata/cli/warnings.yml"}, ExitError, []string{
			"testdata/cli/broken.yml:7:5: error: invalid YAML: did not find expected ',' or ']'",
			"testdata/cli/errors.yml:13:9 error MI003",
			"testdata/cli/warnings.yml:16:5 warning MI201",
			"2 problems in 3 files (1 error, 1 warning, 0 notes); 1 file could not be linted in full",
		}},
		{"a file named twice", []string{"testdata/cli/errors.yml", "./testdata/cli/../cli/errors.yml"}, ExitFindings, []string{
			"testdata/cli/errors.yml:13:9 error MI003",
			"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := lint(t, tt.args...)
			if got.code != tt.code {
				t.Errorf("exit code %d, want %d", got.code, tt.code)
			}
			if diff := cmp.Diff(tt.want, textFindings(got.stdout)); diff != "" {
				t.Errorf("output (-want +got):\n%s\nfull output:\n%s", diff, got.stdout)
			}
			if got.stderr != "" {
				t.Errorf("standard error: %q, want none", got.stderr)
			}
		})
	}
}

// TestRelativeToWorkingDirectory: paths on the command line are relative
// to the working directory mi-lint is given, not to the process's.
func TestRelativeToWorkingDirectory(t *testing.T) {
	inv := invocation{wd: filepath.Join(repositoryRoot(t), "internal")}
	got := inv.run(t, "../testdata/cli/errors.yml", "-o", "../testdata/cli/nope/report.txt")
	if want := "mi-lint: write report: ../testdata/cli/nope/report.txt: no such file or directory\n"; got.code != ExitError || got.stderr != want {
		t.Errorf("-o: code %d, stderr %q; want %d, %q", got.code, got.stderr, ExitError, want)
	}
	got = inv.run(t, "../testdata/cli/errors.yml")
	want := []string{
		"../testdata/cli/errors.yml:13:9 error MI003",
		"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
	}
	if diff := cmp.Diff(want, textFindings(got.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestAbsolutePaths(t *testing.T) {
	root := repositoryRoot(t)
	got := lint(t, filepath.Join(root, "testdata", "cli", "errors.yml"), filepath.Join(root, "testdata", "cli", "broken.yml"))
	want := []string{
		"testdata/cli/broken.yml:7:5: error: invalid YAML: did not find expected ',' or ']'",
		"testdata/cli/errors.yml:13:9 error MI003",
		"1 problem in 2 files (1 error, 0 warnings, 0 notes); 1 file could not be linted in full",
	}
	if diff := cmp.Diff(want, textFindings(got.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestUsageErrors(t *testing.T) {
	// Formats come and go; these three stay.
	formats := strings.Join(report.FormatNames(), ", ")
	for _, f := range []string{"json", "sarif", "text"} {
		if !slices.Contains(report.FormatNames(), f) {
			t.Errorf("format %q is missing from %s", f, formats)
		}
	}
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"unknown format", []string{"--format", "xml", "testdata/cli/clean.yml"},
			"mi-lint: unknown --format \"xml\": valid formats are " + formats + "\n"},
		{"format letter case", []string{"-f", "JSON"},
			"mi-lint: unknown --format \"JSON\": valid formats are " + formats + "; did you mean \"json\"?\n"},
		{"mistyped format", []string{"-f", "sarfi"},
			"mi-lint: unknown --format \"sarfi\": valid formats are " + formats + "; did you mean \"sarif\"?\n"},
		{"unknown fail level", []string{"--fail-level", "fatal", "testdata/cli/clean.yml"},
			"mi-lint: unknown --fail-level \"fatal\": valid levels are error, warning, note, none\n"},
		{"fail level letter case", []string{"--fail-level=Warning"},
			"mi-lint: unknown --fail-level \"Warning\": valid levels are error, warning, note, none; did you mean \"warning\"?\n"},
		{"mistyped fail level", []string{"--fail-level", "errors"},
			"mi-lint: unknown --fail-level \"errors\": valid levels are error, warning, note, none; did you mean \"error\"?\n"},
		{"mistyped flag", []string{"--fromat", "json"},
			"mi-lint: unknown flag: --fromat; did you mean --format?\nRun 'mi-lint --help' for usage.\n"},
		{"mistyped flag before a command", []string{"--polcy", "x", "rules"},
			"mi-lint: unknown flag: --polcy; did you mean --policy?\nRun 'mi-lint --help' for usage.\n"},
		{"mistyped command", []string{"explian", "MI003"},
			"mi-lint: unknown command \"explian\"; did you mean \"explain\"?\nRun 'mi-lint --help' for usage.\n"},
		{"mistyped command after flags", []string{"--no-cache", "rulse"},
			"mi-lint: unknown command \"rulse\"; did you mean \"rules\"?\nRun 'mi-lint --help' for usage.\n"},
		{"help for a mistyped command", []string{"help", "tset"},
			"mi-lint: unknown command \"tset\"; did you mean \"test\"?\nRun 'mi-lint --help' for usage.\n"},
		{"help for an unknown command", []string{"help", "lint"},
			"mi-lint: unknown command \"lint\"; the commands are rules, explain, test, help, version\nRun 'mi-lint --help' for usage.\n"},
		{"missing paths", []string{"testdata/cli/errors.yml", "testdata/cli/missing.yml", "testdata/cli/missing-dir"},
			"mi-lint: testdata/cli/missing.yml: no such file or directory\nmi-lint: testdata/cli/missing-dir: no such file or directory\n"},
		{"a missing path that is not a command's name", []string{"lint"},
			"mi-lint: lint: no such file or directory\n"},
		{"a missing path after --", []string{"--", "explian"},
			"mi-lint: explian: no such file or directory\n"},
		{"--opt stage", []string{"--opt", "stage=prod", "testdata/cli/clean.yml"},
			"mi-lint: --opt stage=prod has no effect: ${opt:stage} reads --stage; write --stage prod\n"},
		{"--opt region", []string{"--opt", "region=eu-west-1", "testdata/cli/clean.yml"},
			"mi-lint: --opt region=eu-west-1 has no effect: ${opt:region} reads --region; write --region eu-west-1\n"},
		{"--stdin-filename without -", []string{"--stdin-filename", "serverless.yml", "testdata/cli/clean.yml"},
			"mi-lint: --stdin-filename names standard input, which is read only when \"-\" is among the paths\n"},
		{"standard input twice", []string{"-", "-"},
			"mi-lint: standard input (\"-\") can be read only once\n"},
		{"unknown flag", []string{"--bogus", "testdata/cli/clean.yml"},
			"mi-lint: unknown flag: --bogus\nRun 'mi-lint --help' for usage.\n"},
		{"unknown shorthand", []string{"-x"},
			"mi-lint: unknown shorthand flag: 'x' in -x\nRun 'mi-lint --help' for usage.\n"},
		{"missing flag value", []string{"testdata/cli/clean.yml", "--format"},
			"mi-lint: flag needs an argument: --format\nRun 'mi-lint --help' for usage.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := lint(t, tt.args...)
			if got.code != ExitError {
				t.Errorf("exit code %d, want %d", got.code, ExitError)
			}
			if got.stderr != tt.stderr {
				t.Errorf("standard error:\n%q\nwant:\n%q", got.stderr, tt.stderr)
			}
			if got.stdout != "" {
				t.Errorf("standard output: %q, want none", got.stdout)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	got := lint(t, "--version")
	if got.code != ExitOK || got.stdout != "mi-lint 0.0.0-dev\n" || got.stderr != "" {
		t.Errorf("--version: code %d, stdout %q, stderr %q; want 0, %q, none", got.code, got.stdout, got.stderr, "mi-lint 0.0.0-dev\n")
	}
	old := version
	version = "v1.2.3"
	t.Cleanup(func() { version = old })
	if got := lint(t, "--version", "testdata/cli/broken.yml"); got.code != ExitOK || got.stdout != "mi-lint v1.2.3\n" {
		t.Errorf("--version with a release version: code %d, stdout %q; want 0, %q", got.code, got.stdout, "mi-lint v1.2.3\n")
	}
}

// TestHelp: every way of asking for help prints the usage (its text is
// golden: TestHelpGolden), which names every flag of the lint command.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"testdata/cli/broken.yml", "--help"}, {"--format", "xml", "-h"}} {
		got := lint(t, args...)
		if got.code != ExitOK || got.stderr != "" || got.stdout != usage() {
			t.Errorf("%v: exit code %d, standard error %q, help %.60q; want %d, none, the usage", args, got.code, got.stderr, got.stdout, ExitOK)
		}
	}
	fs, _ := newFlagSet()
	fs.VisitAll(func(f *pflag.Flag) {
		if !strings.Contains(usage(), "--"+f.Name+" ") && !strings.Contains(usage(), "--"+f.Name+"\n") {
			t.Errorf("the usage does not describe --%s", f.Name)
		}
	})
	// A command's help.
	for cmd, want := range map[string]string{"rules": "Usage:\n  mi-lint rules", "explain": "Usage:\n  mi-lint explain", "test": "Usage:\n  mi-lint test"} {
		got := lint(t, "help", cmd)
		if got.code != ExitOK || !strings.HasPrefix(got.stdout, want) || strings.Contains(got.stdout, "[=") {
			t.Errorf("help %s: exit %d, output %q", cmd, got.code, got.stdout)
		}
	}
}

// TestRulesHelp: a subcommand's flags with their placeholders, a boolean
// bare.
func TestRulesHelp(t *testing.T) {
	want := "Usage:\n  mi-lint rules [--format text|json|markdown] [--policy DIR]\n\n" +
		"Lists every rule with its ID, name, level and summary.\n\nFlags:\n" +
		"  -f, --format FORMAT   output FORMAT: text, json, markdown (default \"text\")\n" +
		"  -h, --help            print this help and exit\n" +
		"      --policy DIR      also list the custom rules in DIR (repeatable)\n"
	if got := lint(t, "rules", "--help"); got.stdout != want {
		t.Errorf("rules --help:\n%s\nwant:\n%s", got.stdout, want)
	}
}

// TestVersionCommand: mi-lint version is mi-lint --version.
func TestVersionCommand(t *testing.T) {
	if got := lint(t, "version"); got.code != ExitOK || got.stdout != "mi-lint 0.0.0-dev\n" || got.stderr != "" {
		t.Errorf("version: code %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			want := lint(t, "-f", format, "testdata/cli/errors.yml", "testdata/cli/broken.yml")
			out := filepath.Join(dir, "report."+format)
			got := lint(t, "-f", format, "-o", out, "testdata/cli/errors.yml", "testdata/cli/broken.yml")
			if got.code != want.code || got.code != ExitError {
				t.Errorf("exit code %d with -o, %d without; want %d", got.code, want.code, ExitError)
			}
			const brokenLine = "testdata/cli/broken.yml:7:5: error: invalid YAML: did not find expected ',' or ']'\n"
			if got.stdout != "" || got.stderr != brokenLine {
				t.Errorf("with -o: stdout %q, stderr %q; want none, %q", got.stdout, got.stderr, brokenLine)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != want.stdout {
				t.Errorf("the file differs from standard output:\n%s", cmp.Diff(want.stdout, string(data)))
			}
			info, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, want -rw-r--r--", info.Mode().Perm())
			}
		})
	}
	if diff := cmp.Diff([]string{"report.json", "report.sarif", "report.text"}, dirNames(t, dir)); diff != "" {
		t.Errorf("files left in the output directory (-want +got):\n%s", diff)
	}
}

func TestOutputFileReplaced(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(out, []byte(strings.Repeat("old report\n", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	got := invocation{wd: dir}.run(t, "-o", "report.txt", filepath.Join(repositoryRoot(t), "testdata", "cli", "clean.yml"))
	if got.code != ExitOK || got.stdout != "" || got.stderr != "" {
		t.Errorf("code %d, stdout %q, stderr %q; want 0 and no output", got.code, got.stdout, got.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "0 problems in 1 file\n" {
		t.Errorf("report.txt holds %q", data)
	}
	if diff := cmp.Diff([]string{"report.txt"}, dirNames(t, dir)); diff != "" {
		t.Errorf("files in the output directory (-want +got):\n%s", diff)
	}
}

func TestOutputFileErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "taken"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		output string
		stderr *regexp.Regexp
	}{
		{"missing directory", filepath.Join(dir, "missing", "report.json"),
			regexp.MustCompile(`^mi-lint: write report: ` + regexp.QuoteMeta(filepath.Join(dir, "missing", "report.json")) + `: no such file or directory\n$`)},
		{"a directory", filepath.Join(dir, "taken"),
			regexp.MustCompile(`^mi-lint: write report: ` + regexp.QuoteMeta(filepath.Join(dir, "taken")) + `: (is a directory|file exists)\n$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lint(t, "-o", tt.output, "testdata/cli/errors.yml")
			if got.code != ExitError {
				t.Errorf("exit code %d, want %d", got.code, ExitError)
			}
			if !tt.stderr.MatchString(got.stderr) {
				t.Errorf("standard error %q does not match %s", got.stderr, tt.stderr)
			}
			if got.stdout != "" {
				t.Errorf("standard output %q, want none", got.stdout)
			}
		})
	}
	if diff := cmp.Diff([]string{"taken"}, dirNames(t, dir)); diff != "" {
		t.Errorf("files left behind (-want +got):\n%s", diff)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestStdin(t *testing.T) {
	errorsYAML := readFixture(t, "testdata/cli/errors.yml")
	brokenYAML := readFixture(t, "testdata/cli/broken.yml")
	root := repositoryRoot(t)
	tests := []struct {
		name  string
		wd    string
		stdin string
		args  []string
		code  int
		text  []string
		file  string // the name JSON gives
	}{
		{"default name", "", errorsYAML, []string{"-"}, ExitFindings,
			[]string{"<stdin>:13:9 error MI003", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"}, "<stdin>"},
		{"named", "", errorsYAML, []string{"--stdin-filename", "services/api/serverless.yml", "-"}, ExitFindings,
			[]string{"services/api/serverless.yml:13:9 error MI003", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"},
			"services/api/serverless.yml"},
		{"named, relative to the working directory", filepath.Join(root, "testdata"), errorsYAML,
			[]string{"--stdin-filename", "api/serverless.yml", "-"}, ExitFindings,
			[]string{"api/serverless.yml:13:9 error MI003", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"},
			"testdata/api/serverless.yml"},
		{"next to a file", "", errorsYAML, []string{"--stdin-filename", "a.yml", "testdata/cli/warnings.yml", "-"}, ExitFindings,
			[]string{"a.yml:13:9 error MI003", "testdata/cli/warnings.yml:16:5 warning MI201", "2 problems in 2 files (1 error, 1 warning, 0 notes)"},
			"a.yml"},
		{"broken", "", brokenYAML, []string{"-"}, ExitError,
			[]string{"<stdin>:7:5: error: invalid YAML: did not find expected ',' or ']'", "0 problems in 1 file; 1 file could not be linted in full"},
			"<stdin>"},
		{"empty", "", "", []string{"-"}, ExitError,
			[]string{"<stdin>: error: the file is empty", "0 problems in 1 file; 1 file could not be linted in full"},
			"<stdin>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := invocation{wd: tt.wd, stdin: tt.stdin}
			got := inv.run(t, tt.args...)
			if got.code != tt.code {
				t.Errorf("exit code %d, want %d", got.code, tt.code)
			}
			if diff := cmp.Diff(tt.text, textFindings(got.stdout)); diff != "" {
				t.Errorf("text output (-want +got):\n%s", diff)
			}
			js := decodeJSON(t, inv.run(t, append([]string{"-f", "json"}, tt.args...)...).stdout)
			var files []string
			for _, f := range js.Findings {
				files = append(files, f.File)
			}
			for _, e := range js.Errors {
				files = append(files, e.File)
			}
			if !slices.Contains(files, tt.file) {
				t.Errorf("JSON names files %v, want %q among them", files, tt.file)
			}
		})
	}
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repositoryRoot(t), filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// jsonOutput is the part of the JSON report the tests read.
type jsonOutput struct {
	Findings []struct {
		Rule struct {
			ID string `json:"id"`
		} `json:"rule"`
		Level     string `json:"level"`
		File      string `json:"file"`
		StartLine int    `json:"startLine"`
	} `json:"findings"`
	Errors []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
	Summary struct {
		Files       int `json:"files"`
		FilesFailed int `json:"filesFailed"`
	} `json:"summary"`
}

func decodeJSON(t *testing.T, out string) jsonOutput {
	t.Helper()
	var js jsonOutput
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, out)
	}
	return js
}

// TestDiscoveryRun lints the fixture tree end to end: the broken files
// under skipped directories must not be reached.
func TestDiscoveryRun(t *testing.T) {
	got := lint(t, "testdata/cli/tree")
	want := []string{
		"testdata/cli/tree/api/serverless.yaml:13:9 error MI003",
		"testdata/cli/tree/jobs/nightly/serverless.yml:8:5 note MI016",
		"testdata/cli/tree/web/serverless.json:15:45 warning MI201",
		"3 problems in 4 files (1 error, 1 warning, 1 note)",
	}
	if got.code != ExitFindings {
		t.Errorf("exit code %d, want %d", got.code, ExitFindings)
	}
	if diff := cmp.Diff(want, textFindings(got.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestGitDirectorySkipped(t *testing.T) {
	dir := t.TempDir()
	testfs.WriteTree(t, dir, map[string]string{
		".git/serverless.yml":       "service: [unclosed\n",
		"svc/.git/serverless.yml":   "service: [unclosed\n",
		"svc/serverless.yml":        readFixture(t, "testdata/cli/clean.yml"),
		"svc/vendor/serverless.yml": "service: [unclosed\n",
	})
	got := invocation{wd: dir}.run(t)
	if got.code != ExitOK || got.stdout != "0 problems in 1 file\n" {
		t.Errorf("code %d, output %q; want 0, %q", got.code, got.stdout, "0 problems in 1 file\n")
	}
}

// TestPaths: text output names files relative to the working directory,
// JSON and SARIF relative to the root (the directory holding .git, else
// the working directory).
func TestPaths(t *testing.T) {
	errorsYAML := readFixture(t, "testdata/cli/errors.yml")
	brokenYAML := readFixture(t, "testdata/cli/broken.yml")
	tests := []struct {
		name string
		tree map[string]string
		wd   string // relative to the temporary directory
		args []string
		text []string
		json []string // files named by findings and errors
	}{
		{"below a git root", map[string]string{
			".git/HEAD":                     "ref: refs/heads/main\n",
			"services/api/serverless.yml":   errorsYAML,
			"services/web/serverless.yml":   brokenYAML,
			"services/api/node_modules/x.y": "",
		}, "services/api", []string{".", "../web"}, []string{
			"../web/serverless.yml:7:5: error: invalid YAML: did not find expected ',' or ']'",
			"serverless.yml:13:9 error MI003",
			"1 problem in 2 files (1 error, 0 warnings, 0 notes); 1 file could not be linted in full",
		}, []string{"services/api/serverless.yml", "services/web/serverless.yml"}},
		{"a .git file marks the root too", map[string]string{
			".git":                        "gitdir: ../main/.git/worktrees/x\n",
			"services/api/serverless.yml": errorsYAML,
		}, "services", []string{"api/serverless.yml"}, []string{
			"api/serverless.yml:13:9 error MI003",
			"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
		}, []string{"services/api/serverless.yml"}},
		{"without git, the working directory is the root", map[string]string{
			"services/api/serverless.yml": errorsYAML,
		}, "services", []string{"api"}, []string{
			"api/serverless.yml:13:9 error MI003",
			"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
		}, []string{"api/serverless.yml"}},
		{"the default path is the working directory", map[string]string{
			".git/HEAD":                   "ref: refs/heads/main\n",
			"services/api/serverless.yml": errorsYAML,
		}, "services/api", nil, []string{
			"serverless.yml:13:9 error MI003",
			"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
		}, []string{"services/api/serverless.yml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			testfs.WriteTree(t, dir, tt.tree)
			inv := invocation{wd: filepath.Join(dir, filepath.FromSlash(tt.wd))}
			got := inv.run(t, tt.args...)
			if diff := cmp.Diff(tt.text, textFindings(got.stdout)); diff != "" {
				t.Errorf("text output (-want +got):\n%s", diff)
			}
			js := decodeJSON(t, inv.run(t, append([]string{"-f", "json"}, tt.args...)...).stdout)
			var files []string
			for _, e := range js.Errors {
				files = append(files, e.File)
			}
			for _, f := range js.Findings {
				files = append(files, f.File)
			}
			slices.Sort(files)
			if diff := cmp.Diff(tt.json, files); diff != "" {
				t.Errorf("JSON files (-want +got):\n%s", diff)
			}
			sarif := inv.run(t, append([]string{"-f", "sarif"}, tt.args...)...).stdout
			for _, f := range tt.json {
				if !strings.Contains(sarif, `"uri": "`+f+`"`) {
					t.Errorf("SARIF lacks the artifact URI %q", f)
				}
			}
		})
	}
}

func TestSARIFRoot(t *testing.T) {
	dir := t.TempDir()
	testfs.WriteTree(t, dir, map[string]string{
		"repo dir/.git/HEAD":          "ref: refs/heads/main\n",
		"repo dir/svc/serverless.yml": readFixture(t, "testdata/cli/errors.yml"),
	})
	got := invocation{wd: filepath.Join(dir, "repo dir", "svc")}.run(t, "-f", "sarif")
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct {
				URI string `json:"uri"`
			} `json:"originalUriBaseIds"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &log); err != nil {
		t.Fatal(err)
	}
	want := "file://" + filepath.ToSlash(dir) + "/repo%20dir/"
	if len(log.Runs) != 1 || log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI != want {
		t.Errorf("originalUriBaseIds = %+v, want %%SRCROOT%% = %q", log.Runs, want)
	}
}

func TestColor(t *testing.T) {
	// The terminal check is replaced: a test has no terminal.
	old := isTerminal
	t.Cleanup(func() { isTerminal = old })
	tests := []struct {
		name     string
		terminal bool
		env      map[string]string
		args     []string
		want     bool
	}{
		{"terminal", true, nil, nil, true},
		{"not a terminal", false, nil, nil, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, nil, false},
		{"NO_COLOR empty", true, map[string]string{"NO_COLOR": ""}, nil, true},
		{"--no-color", true, nil, []string{"--no-color"}, false},
		{"JSON", true, nil, []string{"-f", "json"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isTerminal = func(*os.File) bool { return tt.terminal }
			out, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
			if err != nil {
				t.Fatal(err)
			}
			defer out.Close()
			args := append(slices.Clone(tt.args), "testdata/cli/errors.yml")
			got := invocation{env: tt.env, stdout: out}.run(t, args...)
			if got.code != ExitFindings {
				t.Errorf("exit code %d, want %d", got.code, ExitFindings)
			}
			data, err := os.ReadFile(out.Name())
			if err != nil {
				t.Fatal(err)
			}
			if colored := bytes.Contains(data, []byte("\x1b[")); colored != tt.want {
				t.Errorf("coloured: %v, want %v\n%q", colored, tt.want, data)
			}
		})
	}
	t.Run("a file given with -o", func(t *testing.T) {
		isTerminal = func(*os.File) bool { return true }
		report := filepath.Join(t.TempDir(), "report.txt")
		if got := lint(t, "-o", report, "testdata/cli/errors.yml"); got.code != ExitFindings {
			t.Errorf("exit code %d, want %d", got.code, ExitFindings)
		}
		data, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("\x1b[")) {
			t.Errorf("the report file is coloured:\n%q", data)
		}
	})
	t.Run("a regular file is not a terminal", func(t *testing.T) {
		isTerminal = old
		out, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if isTerminal(out) {
			t.Errorf("isTerminal(regular file) = true")
		}
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		defer w.Close()
		if isTerminal(w) {
			t.Errorf("isTerminal(pipe) = true")
		}
	})
}

func TestNoFiles(t *testing.T) {
	got := invocation{wd: t.TempDir()}.run(t)
	if got.code != ExitOK || got.stdout != "0 problems in 0 files\n" || got.stderr != "" {
		t.Errorf("code %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
	}
}

func TestJSONErrors(t *testing.T) {
	js := decodeJSON(t, lint(t, "-f", "json", "testdata/cli/broken.yml", "testdata/cli/errors.yml").stdout)
	type fileError struct {
		File    string
		Line    int
		Column  int
		Message string
	}
	got := make([]fileError, 0, len(js.Errors))
	for _, e := range js.Errors {
		got = append(got, fileError(e))
	}
	want := []fileError{
		{"testdata/cli/broken.yml", 7, 5, "invalid YAML: did not find expected ',' or ']'"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if js.Summary.Files != 2 || js.Summary.FilesFailed != 1 || len(js.Findings) != 1 {
		t.Errorf("summary %+v with %d findings; want 2 files, 1 failed, 1 finding", js.Summary, len(js.Findings))
	}
}

// TestOutputToPipe: -o naming something that is not a regular file (a
// named pipe here, /dev/null in real use) writes to it, and leaves it what
// it is rather than renaming a file over it.
func TestOutputToPipe(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "report.pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	read := make(chan string, 1)
	go func() {
		data, err := os.ReadFile(pipe)
		if err != nil {
			read <- "error: " + err.Error()
			return
		}
		read <- string(data)
	}()
	got := invocation{wd: dir}.run(t, "-o", "report.pipe", filepath.Join(repositoryRoot(t), "testdata", "cli", "clean.yml"))
	if got.code != ExitOK || got.stdout != "" || got.stderr != "" {
		t.Errorf("code %d, stdout %q, stderr %q; want 0 and no output", got.code, got.stdout, got.stderr)
	}
	info, err := os.Lstat(pipe)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Type() != os.ModeNamedPipe {
		t.Fatalf("report.pipe is now %v, want a named pipe", info.Mode())
	}
	// Had the run not written to the pipe, this ends the reader's wait.
	if w, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		_ = w.Close()
	}
	if data := <-read; data != "0 problems in 1 file\n" {
		t.Errorf("the pipe carried %q", data)
	}
	if diff := cmp.Diff([]string{"report.pipe"}, dirNames(t, dir)); diff != "" {
		t.Errorf("files in the output directory (-want +got):\n%s", diff)
	}
}
