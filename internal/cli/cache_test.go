package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/cli"
)

// cacheEntries counts the results kept under dir.
func cacheEntries(t *testing.T, dir string) int {
	t.Helper()
	entries, err := filepath.Glob(filepath.Join(dir, "results", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// TestCacheDir checks that a run with --cache-dir keeps the results of the
// files it linted, and that a second run over the same files prints the
// same report and exit code.
func TestCacheDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	args := []string{"--cache-dir", dir, "-f", "json", goldenInput}
	first := runCLI(t, nil, args...)
	if first.code != 2 { // the golden input has a file that does not parse
		t.Fatalf("exit code %d, want 2; stderr:\n%s", first.code, first.stderr)
	}
	// The two services that parse are kept; the broken file is not.
	if n := cacheEntries(t, dir); n != 2 {
		t.Errorf("%d results kept, want 2", n)
	}
	second := runCLI(t, nil, args...)
	if diff := cmp.Diff(string(first.stdout), string(second.stdout)); diff != "" {
		t.Errorf("second run's report (-first +second):\n%s", diff)
	}
	if second.code != first.code || string(second.stderr) != string(first.stderr) {
		t.Errorf("second run: exit %d, stderr %q; first: exit %d, stderr %q", second.code, second.stderr, first.code, first.stderr)
	}
}

// TestCacheDefaultDir checks where results go without --cache-dir: the
// user cache directory, and nowhere with --no-cache or without one.
func TestCacheDefaultDir(t *testing.T) {
	xdg := t.TempDir()
	runCLI(t, map[string]string{"XDG_CACHE_HOME": xdg}, "-f", "json", goldenInput)
	if n := cacheEntries(t, filepath.Join(xdg, "mi-lint")); n != 2 {
		t.Errorf("%d results kept under XDG_CACHE_HOME/mi-lint, want 2", n)
	}

	home := t.TempDir()
	runCLI(t, map[string]string{"HOME": home}, "--no-cache", "-f", "json", goldenInput)
	if _, err := os.Stat(filepath.Join(home, ".cache")); !os.IsNotExist(err) {
		t.Errorf("--no-cache made a cache directory (%v)", err)
	}
	runCLI(t, map[string]string{"HOME": home}, "-f", "json", goldenInput)
	if n := cacheEntries(t, filepath.Join(home, ".cache", "mi-lint")); n != 2 {
		t.Errorf("%d results kept under HOME/.cache/mi-lint, want 2", n)
	}
}

// TestCacheHomeMissing: with HOME naming a directory that does not exist
// (Debian's /nonexistent), the run has no cache and creates nothing.
func TestCacheHomeMissing(t *testing.T) {
	home := filepath.Join(t.TempDir(), "nonexistent")
	got := runCLI(t, map[string]string{"HOME": home}, "-f", "json", goldenInput)
	if got.code != cli.ExitError {
		t.Errorf("exit %d, want %d (the golden input has a broken file)", got.code, cli.ExitError)
	}
	if _, err := os.Stat(home); !os.IsNotExist(err) {
		t.Errorf("the run created the missing home directory (%v)", err)
	}
}
