package gitrev

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"time"
)

// FS returns the files of the revision as a file system, with names
// relative to the directory New was given, such as the base revision's
// ${file(...)} includes. Only files can be opened; a directory opens as an
// empty one. ctx bounds every read.
func (r *Rev) FS(ctx context.Context) fs.FS {
	return revFS{ctx: ctx, rev: r}
}

type revFS struct {
	ctx context.Context
	rev *Rev
}

func (f revFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	commit, err := f.rev.Commit(f.ctx)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	kind, content, err := f.rev.object(f.ctx, commit, name)
	switch {
	case err != nil:
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	case kind == "":
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &revFile{name: name, dir: kind != "blob", Reader: bytes.NewReader(content), size: int64(len(content))}, nil
}

// revFile is a file read from the revision, held in memory.
type revFile struct {
	*bytes.Reader
	name string
	dir  bool
	size int64
}

func (f *revFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *revFile) Close() error               { return nil }

// The fs.FileInfo of the file.

func (f *revFile) Name() string { return path.Base(f.name) }

func (f *revFile) Size() int64 {
	if f.dir {
		return 0
	}
	return f.size
}

func (f *revFile) Mode() fs.FileMode {
	if f.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

func (f *revFile) ModTime() time.Time { return time.Time{} }
func (f *revFile) IsDir() bool        { return f.dir }
func (f *revFile) Sys() any           { return nil }
