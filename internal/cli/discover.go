package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mi-lint/mi-lint/internal/engine"
	"github.com/mi-lint/mi-lint/internal/report"
)

// configNames are the file names a directory walk lints.
var configNames = map[string]bool{"serverless.yml": true, "serverless.yaml": true, "serverless.json": true}

// skippedDirs are never descended into.
var skippedDirs = map[string]bool{"node_modules": true, ".serverless": true, ".git": true, "vendor": true}

// workspace knows the source root (findings name files relative to it)
// and the working directory (text output names files relative to it).
type workspace struct {
	root string
	wd   string
}

// findRoot returns the git top level above dir, or dir itself.
func findRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// abs resolves a command-line path against the working directory.
func (w workspace) abs(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(w.wd, path)
}

// name is the root-relative, slash-separated name of a path.
func (w workspace) name(path string) string {
	abs := w.abs(path)
	rel, err := filepath.Rel(w.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// display renders a root-relative name relative to the working directory.
func (w workspace) display(name string) string {
	if filepath.IsAbs(filepath.FromSlash(name)) || strings.HasPrefix(name, "<") {
		return name
	}
	rel, err := filepath.Rel(w.wd, filepath.Join(w.root, filepath.FromSlash(name)))
	if err != nil {
		return name
	}
	return rel
}

// collect turns the command line's paths into files to lint, and paths
// that cannot be used into errors. Directories are searched recursively;
// files named on the command line are linted whatever their name. Relative
// paths, stdinName included, are relative to the working directory.
func (w workspace) collect(paths []string, stdin io.Reader, stdinName string) ([]engine.File, []report.FileError) {
	var files []engine.File
	var errs []report.FileError
	seen := map[string]bool{}
	add := func(path string) {
		n := w.name(path)
		if seen[n] {
			return
		}
		seen[n] = true
		files = append(files, engine.File{Name: n, Read: func() ([]byte, error) { return readFile(path) }})
	}
	if !strings.HasPrefix(stdinName, "<") {
		stdinName = w.name(stdinName)
	}
	for _, p := range paths {
		if p == "-" {
			files = append(files, engine.File{Name: stdinName, Read: func() ([]byte, error) { return io.ReadAll(stdin) }})
			continue
		}
		p = w.abs(p)
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, report.FileError{File: w.name(p), Message: describeOpenError(err)})
			continue
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, report.FileError{File: w.name(path), Message: describeOpenError(err)})
				return nil
			}
			if d.IsDir() {
				if path != p && skippedDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if configNames[d.Name()] && d.Type().IsRegular() {
				add(path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, report.FileError{File: w.name(p), Message: describeOpenError(err)})
		}
	}
	return files, errs
}

func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s", describeOpenError(err))
	}
	return b, nil
}

// describeOpenError says what went wrong without repeating the path, which
// the report already names.
func describeOpenError(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file or directory"
	case os.IsPermission(err):
		return "permission denied"
	}
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
