package linter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/mi-lint/mi-lint/internal/cache"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/process"
)

// The result cache. It keeps each file's result after the file's steps
// (suppressions applied), not the directives they read: the key below
// therefore holds every setting those steps read. A file's result is reused when everything it was
// computed from is unchanged: the program (Options.CacheSalt), the
// policies and facts, the settings that change results (stage, region,
// options, params, limits, the rules turned off, whether directives need a
// reason, and today's date, which until= dates are compared with), the
// file's name and content, and the content of every file it read through
// an include, or the absence of an include that was missing. Results of
// files that failed are not kept, nor those that depend on the
// environment, on a compose file's params or on a diff base.

const (
	// resultKind is the cache entries of files' results.
	resultKind = "results"
	// cacheFormat changes when an entry's shape or meaning does.
	cacheFormat = "mi-lint cache 1"
)

// resultEntry is a file's result and what it was computed from beyond the
// file itself.
type resultEntry struct {
	Deps   []dependency       `json:"deps"`
	Result process.FileResult `json:"result"`
}

// dependency is a file read through an include, by its root-relative name:
// the SHA-256 of its content, or Missing when it did not exist.
type dependency struct {
	Name    string `json:"name"`
	Sum     string `json:"sum,omitempty"`
	Missing bool   `json:"missing,omitempty"`
}

// runKey identifies the settings of a run that change files' results,
// the steps' among them; now is the day the steps compare until= dates
// with.
func (e *Engine) runKey(now time.Time) []byte {
	settings, _ := json.Marshal(struct {
		Stage, Region string
		Opts, Params  map[string]string
		Limits        loader.Limits
		RequireReason bool
		Skipped       []string
		Day           string
	}{
		e.opts.Loader.Stage, e.opts.Loader.Region, e.opts.Loader.Opts, e.opts.Loader.Params, e.opts.Limits,
		e.opts.Suppress.RequireReason, e.opts.Skip, now.Format(time.DateOnly),
	})
	key := cache.NewKey([]byte(cacheFormat), []byte(resultKind), []byte(e.opts.CacheSalt), e.fingerprint, settings)
	return key[:]
}

// cacheable reports whether a file's result may come from the cache.
func (e *Engine) cacheable(f File) bool {
	return e.opts.Cache != nil && e.opts.Loader.Env == nil && f.Base == nil && f.ComposeParams == nil
}

// checkCached is check and the steps through the cache: a result whose
// file and dependencies are unchanged is reused; otherwise the file is
// checked, its steps applied and its result kept.
func (e *Engine) checkCached(ctx context.Context, f File, runKey []byte, steps []process.FileStep) process.FileResult {
	content, err := f.Read()
	if err != nil {
		return e.check(ctx, File{Name: f.Name, Read: func() ([]byte, error) { return nil, err }}, nil)
	}
	key := cache.NewKey(runKey, []byte(f.Name), content)
	var entry resultEntry
	if e.opts.Cache.Get(resultKind, key, &entry) && e.unchanged(entry.Deps) {
		return entry.Result
	}
	f.Read = func() ([]byte, error) { return content, nil }
	files := e.opts.Loader.Files
	if files == nil {
		res := e.check(ctx, f, nil)
		e.applySteps(f.Name, &res, steps)
		e.keep(ctx, key, res, nil)
		return res
	}
	rec := &recordingFS{fsys: files, deps: map[string]dependency{}}
	res := e.check(ctx, f, rec)
	e.applySteps(f.Name, &res, steps)
	if !rec.incomplete {
		e.keep(ctx, key, res, rec.list())
	}
	return res
}

// keep stores a result that is worth keeping: not a failure, and not cut
// short by the end of the run.
func (e *Engine) keep(ctx context.Context, key cache.Key, res process.FileResult, deps []dependency) {
	if res.Err != nil || ctx.Err() != nil {
		return
	}
	// Best effort: a result that cannot be kept is computed again next time.
	_ = e.opts.Cache.Put(resultKind, key, resultEntry{Deps: deps, Result: res})
}

// unchanged reports whether every dependency is as it was.
func (e *Engine) unchanged(deps []dependency) bool {
	files := e.opts.Loader.Files
	if files == nil {
		return len(deps) == 0
	}
	for _, d := range deps {
		content, err := fs.ReadFile(files, d.Name)
		switch {
		case d.Missing:
			if !errors.Is(err, fs.ErrNotExist) {
				return false
			}
		case err != nil || sumHex(content) != d.Sum:
			return false
		}
	}
	return true
}

func sumHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// recordingFS records the files read through it, with the SHA-256 of the
// bytes actually read. A file it cannot account for whole (a directory,
// one read in part, an error other than absence, one read twice with
// different content) makes the result incomplete: not cacheable.
type recordingFS struct {
	fsys       fs.FS
	deps       map[string]dependency
	incomplete bool
}

func (r *recordingFS) Open(name string) (fs.File, error) {
	f, err := r.fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			r.add(dependency{Name: name, Missing: true})
		} else {
			r.incomplete = true
		}
		return nil, err
	}
	return &recordingFile{File: f, name: name, fs: r, hash: sha256.New()}, nil
}

func (r *recordingFS) add(d dependency) {
	if old, ok := r.deps[d.Name]; ok && old != d {
		r.incomplete = true
	}
	r.deps[d.Name] = d
}

// list is the dependencies in name order.
func (r *recordingFS) list() []dependency {
	out := make([]dependency, 0, len(r.deps))
	for _, d := range r.deps {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b dependency) int { return strings.Compare(a.Name, b.Name) })
	return out
}

type recordingFile struct {
	fs.File
	name string
	fs   *recordingFS
	hash hash.Hash
	read int64
	eof  bool
}

func (f *recordingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.hash.Write(p[:n])
	f.read += int64(n)
	if errors.Is(err, io.EOF) {
		f.eof = true
	}
	return n, err
}

func (f *recordingFile) Close() error {
	info, err := f.Stat()
	if err == nil && !info.IsDir() && (f.eof || f.read == info.Size()) {
		f.fs.add(dependency{Name: f.name, Sum: hex.EncodeToString(f.hash.Sum(nil))})
	} else {
		f.fs.incomplete = true
	}
	return f.File.Close()
}
