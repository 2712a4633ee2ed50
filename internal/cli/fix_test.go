package cli_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mi-lint/mi-lint/internal/cli"
)

// fixCases holds one directory per --fix case: the files of a repository,
// each file's expected text after --fix in NAME.fixed (a file without one
// must not change), the extra arguments in args (if any), and the run's
// exit code, standard output and standard error in output.golden.
const fixCases = "../../testdata/fix"

// expectation files of a case, which are not part of its repository.
func isExpectation(name string) bool {
	return strings.HasSuffix(name, ".fixed") || name == "args" || name == "output.golden"
}

// TestFixGolden runs --fix on each case in a copy of its repository and
// checks every file byte for byte, the report of what remains and the exit
// code; a second --fix must change nothing, not even a file's mtime.
func TestFixGolden(t *testing.T) {
	cases, err := os.ReadDir(fixCases)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join(fixCases, c.Name())
			repo := copyCase(t, dir)
			args := []string{"--fix", "--no-cache", "--no-color"}
			if extra, err := os.ReadFile(filepath.Join(dir, "args")); err == nil {
				args = append(args, strings.Fields(string(extra))...)
			}
			args = append(args, ".")
			got := fixRun(repo, args...)
			checkGolden(t, filepath.Join(dir, "output.golden"), got)

			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if isExpectation(e.Name()) {
					continue
				}
				want, err := os.ReadFile(filepath.Join(dir, e.Name()+".fixed"))
				if os.IsNotExist(err) {
					// Nothing to fix: not rewritten at all.
					if info, err := os.Stat(filepath.Join(repo, e.Name())); err != nil || !info.ModTime().Equal(caseMTime) {
						t.Errorf("%s has nothing to fix but was rewritten (%v)", e.Name(), err)
					}
					want, err = os.ReadFile(filepath.Join(dir, e.Name()))
				}
				if err != nil {
					t.Fatal(err)
				}
				fixed, err := os.ReadFile(filepath.Join(repo, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if *update && !bytes.Equal(fixed, want) {
					if err := os.WriteFile(filepath.Join(dir, e.Name()+".fixed"), fixed, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if !bytes.Equal(fixed, want) {
					t.Errorf("%s after --fix:\n%q\nwant:\n%q", e.Name(), fixed, want)
				}
			}

			// Idempotent: a second run finds nothing to fix and writes nothing.
			before := snapshot(t, repo)
			again := fixRun(repo, args...)
			if after := snapshot(t, repo); after != before {
				t.Errorf("a second --fix changed files:\n%s\nwas:\n%s", after, before)
			}
			if strings.Contains(string(again), "applied") {
				t.Errorf("a second --fix applied fixes:\n%s", again)
			}
		})
	}
}

// caseMTime is the mtime of a case's files: an old one, so that a rewrite
// within the same clock tick shows.
var caseMTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// copyCase copies a case's repository files into a new repository.
func copyCase(t *testing.T, dir string) string {
	t.Helper()
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if isExpectation(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(filepath.Join(repo, e.Name()), caseMTime, caseMTime); err != nil {
			t.Fatal(err)
		}
	}
	return repo
}

// fixRun runs mi-lint in repo and renders the exit code and both streams.
func fixRun(repo string, args ...string) []byte {
	r := runIn(repo, strings.NewReader(""), args...)
	return fmt.Appendf(nil, "exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// snapshot lists each file of repo with its size, mtime and content.
func snapshot(t *testing.T, repo string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %s %q\n", filepath.Base(path), info.ModTime().UTC().Format(time.RFC3339Nano), content)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkGolden compares got with a golden file, or rewrites it with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update to accept it):\n%s\nwant:\n%s", path, got, want)
	}
}

// With standard input, --fix prints the fixed text to standard output and
// the report of what remains to standard error; no file is written.
func TestFixStandardInput(t *testing.T) {
	dir := filepath.Join(fixCases, "unsafe")
	input, err := os.ReadFile(filepath.Join(dir, "serverless.yml"))
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := runIn(repo, bytes.NewReader(input), "--fix", "--no-cache", "--no-color", "--stdin-filename", "serverless.yml", "-")
	// The safe fix (the key) is applied; MI101 and MI201 remain.
	want := bytes.Replace(input, []byte("maxVcpuCount"), []byte("maxVCpuCount"), 1)
	if !bytes.Equal(r.stdout, want) {
		t.Errorf("standard output:\n%s\nwant the fixed text:\n%s", r.stdout, want)
	}
	wantErr := `mi-lint: serverless.yml: applied 1 fix
serverless.yml:16:5: warning: function "api" runs on managed instances with versioning on: each deploy publishes a version that stays attached to the capacity provider (at most 100) and blocks deleting it; set provider.versionFunctions: false or versionFunction: false on the function (MI201 versioned-managed-instances) [unsafe fix]
  serverless.yml:5:3: versioning is turned on here
serverless.yml:19:9: error: function "api" has scaling.min 0 with max 5; set min to 1 or more, or set max to 0 as well (MI101 scaling-min-zero) [unsafe fix]
2 problems in 1 file (1 error, 1 warning, 0 notes); 2 fixable with --fix --unsafe-fixes
`
	if string(r.stderr) != wantErr {
		t.Errorf("standard error:\n%s\nwant:\n%s", r.stderr, wantErr)
	}
	if r.code != cli.ExitFindings {
		t.Errorf("exit code %d, want %d", r.code, cli.ExitFindings)
	}
	if entries, _ := os.ReadDir(repo); len(entries) != 1 {
		t.Errorf("the repository has %d entries, want only .git: standard input is never written to a file", len(entries))
	}
}

// --unsafe-fixes means nothing without --fix: a usage error.
func TestUnsafeFixesNeedsFix(t *testing.T) {
	got := fixRun(t.TempDir(), "--unsafe-fixes", ".")
	want := "exit 2\n--- stdout\n--- stderr\nmi-lint: --unsafe-fixes works only with --fix\n"
	if !strings.HasPrefix(string(got), want) {
		t.Errorf("got:\n%s\nwant it to start with:\n%s", got, want)
	}
}
