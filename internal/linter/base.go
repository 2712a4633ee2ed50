package linter

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"sync"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/process"
)

// Base is a file's base revision, for diff mode (--base, --base-file). The
// base is loaded with the same loader options as the file and its input
// document is input.base of the file's: the rules that judge a change
// (MI202-MI204, and custom ones) compare the two. input.base is null when
// the file is new, and absent when no base is given or it cannot be read.
type Base struct {
	// Label names the base in messages, such as `revision "origin/main"`
	// or `file "old/serverless.yml"`.
	Label string
	// Read returns the file's content at the base; exists is false when
	// the file is new. An error (an unknown revision, git missing) is
	// reported as the file's error, and the file is linted without a base.
	Read func() (content []byte, exists bool, err error)
	// Files reads the base's ${file(...)} includes; nil reads the same
	// files as the head does.
	Files fs.FS
	// NewOnly keeps only the findings the base did not have, matched by
	// rule, file and YAML path as a baseline matches them. Lint then lints
	// the base on its own as well, as the file would be (Check and
	// LintFile ignore NewOnly).
	NewOnly bool
}

// attachBase loads f's base and sets it as doc's input.base. It returns
// the file's error when the base cannot be read or loaded; doc is then
// left without a base, to be linted on its own.
func (e *Engine) attachBase(f File, opts loader.Options, doc *loader.Document) *finding.FileError {
	if f.Base == nil || f.Base.Read == nil {
		return nil
	}
	content, exists, err := f.Base.Read()
	if err != nil {
		return &finding.FileError{File: f.Name, Message: fmt.Sprintf("diff mode: cannot read the base: %v; the file is linted without a base", err)}
	}
	if !exists {
		doc.Input["base"] = nil
		return nil
	}
	if f.Base.Files != nil {
		opts.Files = f.Base.Files
	}
	base, err := loader.Load(loader.Source{Path: f.Name, Content: content}, opts, e.opts.Limits)
	if err != nil {
		where := ""
		if le, ok := errors.AsType[*loader.Error](err); ok {
			where = le.File + ":"
			if le.Line > 0 {
				where += fmt.Sprintf("%d:%d:", le.Line, le.Col)
			}
			err = errors.New(le.Msg)
		}
		return &finding.FileError{File: f.Name, Message: fmt.Sprintf("diff mode: the base (%s) does not load: %s %v; the file is linted without a base", f.Base.Label, where, err)}
	}
	doc.Input["base"] = base.Input
	// Messages may quote the base's values too: keep its secrets out.
	if doc.Secrets == nil {
		doc.Secrets = map[string]string{}
	}
	maps.Copy(doc.Secrets, base.Secrets)
	return nil
}

// checkDiff checks f and applies its steps. When f has a base and NewOnly
// is set, the base is checked on its own, as the file would be, and its
// result handed to the steps (see process.NewOnly). When the base cannot
// be read or checked every finding is kept.
func (e *Engine) checkDiff(ctx context.Context, f File, steps []process.FileStep) process.FileResult {
	head := e.checkWithBase(ctx, f)
	e.applySteps(f.Name, &head, steps)
	return head
}

// checkWithBase is check, with the base's own result attached for the
// new-only filter.
func (e *Engine) checkWithBase(ctx context.Context, f File) process.FileResult {
	files := e.opts.Loader.Files
	if f.Base == nil || !f.Base.NewOnly || f.Base.Read == nil {
		return e.check(ctx, f, files)
	}
	// Read the base once for both checks.
	b := *f.Base
	b.Read = onceRead(b.Read)
	f.Base = &b
	head := e.check(ctx, f, files)
	if head.Err != nil {
		return head // the file failed, or its base did: nothing to compare
	}
	content, exists, err := b.Read()
	if err != nil || !exists {
		return head // a new file: every finding is new
	}
	// The base's includes are read at the base.
	if b.Files != nil {
		files = b.Files
	}
	old := e.check(ctx, File{Name: f.Name, Read: func() ([]byte, error) { return content, nil }, ComposeParams: f.ComposeParams}, files)
	if old.Err != nil {
		head.Err = &finding.FileError{File: f.Name, Message: fmt.Sprintf("diff mode: the base (%s) cannot be linted, so every finding is reported as new: %s", b.Label, old.Err.Message)}
		return head
	}
	head.Base = &old
	return head
}

// onceRead memoizes a base reader.
func onceRead(read func() ([]byte, bool, error)) func() ([]byte, bool, error) {
	var (
		once    sync.Once
		content []byte
		exists  bool
		err     error
	)
	return func() ([]byte, bool, error) {
		once.Do(func() { content, exists, err = read() })
		return content, exists, err
	}
}

// BaseOf is a base with the given content, such as a rule's METADATA
// base_example or a --base-file.
func BaseOf(label string, content []byte) *Base {
	return &Base{Label: label, Read: func() ([]byte, bool, error) { return content, true, nil }}
}
