package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tree creates files (with empty content) and directories (ending in /)
// under a new temporary directory and returns it.
func tree(t *testing.T, paths ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if p[len(p)-1] == '/' {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestFind(t *testing.T) {
	for _, tc := range []struct {
		name  string
		paths []string
		wd    string // relative to the temporary directory
		root  string
		want  string // "" for none
	}{
		{"in the working directory", []string{"repo/a/.mi-lint.yaml", "repo/.mi-lint.yaml"}, "repo/a", "repo", "repo/a/.mi-lint.yaml"},
		{"walks up to a parent", []string{"repo/a/b/c/", "repo/a/.mi-lint.yml"}, "repo/a/b/c", "repo", "repo/a/.mi-lint.yml"},
		{"at the root", []string{"repo/a/b/", "repo/.mi-lint.yaml"}, "repo/a/b", "repo", "repo/.mi-lint.yaml"},
		{"stops at the root", []string{"repo/a/b/", ".mi-lint.yaml"}, "repo/a/b", "repo", ""},
		{"working directory is the root", []string{"repo/", ".mi-lint.yaml"}, "repo", "repo", ""},
		{"none", []string{"repo/a/"}, "repo/a", "repo", ""},
		{"root not above the working directory", []string{"repo/a/", "other/", "repo/.mi-lint.yaml"}, "repo/a", "other", ""},
		{"root not above, found in wd", []string{"repo/a/.mi-lint.yml", "other/"}, "repo/a", "other", "repo/a/.mi-lint.yml"},
		{"other names are not configurations", []string{"repo/mi-lint.yaml", "repo/.mi-lint.json", "repo/.mi-lint.YAML"}, "repo", "repo", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := tree(t, tc.paths...)
			got, err := Find(filepath.Join(tmp, tc.wd), filepath.Join(tmp, tc.root))
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if tc.want != "" {
				want = filepath.Join(tmp, filepath.FromSlash(tc.want))
			}
			if got != want {
				t.Errorf("Find = %q, want %q", got, want)
			}
		})
	}
}

func TestFindErrors(t *testing.T) {
	tmp := tree(t, "repo/a/b/", "repo/a/.mi-lint.yaml", "repo/a/.mi-lint.yml", "repo/.mi-lint.yaml")
	_, err := Find(filepath.Join(tmp, "repo", "a", "b"), filepath.Join(tmp, "repo"))
	dir := filepath.Join(tmp, "repo", "a")
	want := []string{filepath.Join(dir, ".mi-lint.yml") + ": .mi-lint.yaml and .mi-lint.yml are both in " + dir + "; keep only one of them"}
	if diff := cmp.Diff(want, messages(err)); diff != "" {
		t.Errorf("both names (-want +got):\n%s", diff)
	}

	tmp = tree(t, "repo/.mi-lint.yaml/")
	_, err = Find(filepath.Join(tmp, "repo"), filepath.Join(tmp, "repo"))
	want = []string{filepath.Join(tmp, "repo", ".mi-lint.yaml") + ": is not a regular file; a configuration file must be one"}
	if diff := cmp.Diff(want, messages(err)); diff != "" {
		t.Errorf("a directory (-want +got):\n%s", diff)
	}
}

// TestFindRelative: relative paths are made absolute against the process's
// working directory.
func TestFindRelative(t *testing.T) {
	got, err := Find("../../testdata/config/nested/deeper", "../../testdata/config/nested")
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("../../testdata/config/nested/.mi-lint.yml")
	if got != abs {
		t.Errorf("Find = %q, want %q", got, abs)
	}
}
