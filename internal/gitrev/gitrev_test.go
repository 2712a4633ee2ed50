package gitrev

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mi-lint/mi-lint/internal/testfs"
)

// repo creates a repository with one commit of files and returns its
// directory.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	testfs.NeedGit(t)
	dir := testfs.TempTree(t, files)
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "base"}} {
		testfs.Git(t, dir, args...)
	}
	return dir
}

func TestReadFile(t *testing.T) {
	dir := repo(t, map[string]string{"svc/serverless.yml": "service: a\n", "top.yml": "x: 1\n"})
	// The working tree changes after the commit; the revision does not.
	if err := os.WriteFile(filepath.Join(dir, "top.yml"), []byte("x: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := New(dir, "HEAD")
	got, ok, err := r.ReadFile(ctx, "top.yml")
	if err != nil || !ok || string(got) != "x: 1\n" {
		t.Errorf("top.yml = %q, %v, %v; want the committed content", got, ok, err)
	}
	if _, ok, err := r.ReadFile(ctx, "svc/new.yml"); ok || err != nil {
		t.Errorf("a missing file: exists %v, error %v; want false, nil", ok, err)
	}
	if _, _, err := r.ReadFile(ctx, "svc"); err == nil || !strings.Contains(err.Error(), "is a tree") {
		t.Errorf("a directory: error %v, want it is a tree", err)
	}
	if _, _, err := r.ReadFile(ctx, "../x.yml"); err == nil {
		t.Error("a path outside the repository: no error")
	}

	// Names are relative to the directory given, also below the top.
	sub := New(filepath.Join(dir, "svc"), "HEAD")
	if got, ok, err := sub.ReadFile(ctx, "serverless.yml"); err != nil || !ok || string(got) != "service: a\n" {
		t.Errorf("from svc/: %q, %v, %v", got, ok, err)
	}

	// The file system serves includes.
	fsys := r.FS(ctx)
	if b, err := fs.ReadFile(fsys, "svc/serverless.yml"); err != nil || string(b) != "service: a\n" {
		t.Errorf("FS read: %q, %v", b, err)
	}
	if _, err := fsys.Open("nope.yml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("FS open of a missing file: %v, want fs.ErrNotExist", err)
	}
	if f, err := fsys.Open("svc"); err != nil {
		t.Errorf("FS open of a directory: %v", err)
	} else if info, _ := f.Stat(); !info.IsDir() {
		t.Error("a directory does not stat as one")
	}
}

func TestRevisionErrors(t *testing.T) {
	dir := repo(t, map[string]string{"a.yml": "a: 1\n"})
	ctx := context.Background()
	tests := []struct{ rev, want string }{
		{"no-such-branch", `unknown revision "no-such-branch"`},
		{"--output=x", "is not a revision"},
		{"", "is not a revision"},
	}
	for _, tt := range tests {
		if _, _, err := New(dir, tt.rev).ReadFile(ctx, "a.yml"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("revision %q: error %v, want %q", tt.rev, err, tt.want)
		}
	}
	if _, err := New(t.TempDir(), "HEAD").Commit(ctx); err == nil || !strings.Contains(err.Error(), "is not in a git repository") {
		t.Errorf("outside a repository: %v", err)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := New(dir, "HEAD").Commit(ctx); err == nil || !strings.Contains(err.Error(), "git is not installed") {
		t.Errorf("without git: %v", err)
	}
}
