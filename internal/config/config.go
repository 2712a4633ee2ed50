// Package config reads mi-lint's configuration file, .mi-lint.yaml (or
// .mi-lint.yml): which rules run and at what level, the fail level,
// excluded paths, default variable values, overrides of the rules' facts,
// custom policy directories and the suppression and baseline settings.
//
// Every problem in the file is an *Error with its line and column; Parse
// reports all of them at once, joined with errors.Join. Settings that
// depend on what the engine knows (rule IDs and names, the facts files)
// are checked later by ResolveRules and ResolveData, with the same kind of
// errors. Command-line flags win over the file: applying that is the
// caller's job, so every setting records whether it was written.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FileNames are the names of the configuration file, in the order they are
// looked for. A directory may hold only one of them.
var FileNames = []string{".mi-lint.yaml", ".mi-lint.yml"}

// Error is a problem with the configuration file, at a line and column
// (1-based, in code points) when one is known, else 0.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Errors lists the *Error values in err, which may be a single *Error or
// several joined with errors.Join, in order. Other errors are left out.
func Errors(err error) []*Error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*Error
		for _, inner := range j.Unwrap() {
			out = append(out, Errors(inner)...)
		}
		return out
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return []*Error{e}
	}
	return nil
}

// Pos is where something is written in the file: 1-based line and column
// (in code points). The zero Pos means "not written in the file".
type Pos struct {
	Line int
	Col  int
}

// IsZero reports whether p is the zero Pos.
func (p Pos) IsZero() bool { return p.Line == 0 }

// Value is a setting's value and where the value is written.
type Value[T any] struct {
	Value T
	Pos   Pos
}

// Path is a path written in the file and resolved against the directory
// that holds the file.
type Path struct {
	// Raw is the path as written.
	Raw string
	// Path is Raw joined to the file's directory (Raw itself when absolute),
	// cleaned, with the operating system's separators.
	Path string
	Pos  Pos
}

// Param is one entry of params or opts.
type Param struct {
	Name    string
	NamePos Pos
	// Value is the scalar as written (a number or boolean keeps its text).
	Value string
	Pos   Pos
}

// Params are the entries of params or opts, in file order.
type Params []Param

// Map returns the entries as a map; nil when there are none.
func (ps Params) Map() map[string]string {
	if len(ps) == 0 {
		return nil
	}
	out := make(map[string]string, len(ps))
	for _, p := range ps {
		out[p.Name] = p.Value
	}
	return out
}

// RuleEntry is one entry of rules: a rule ID or name and its setting, as
// written. ResolveRules checks the rule exists.
type RuleEntry struct {
	// Key is the rule ID or name as written.
	Key    string
	KeyPos Pos
	// Level is "off", "error", "warning" or "note".
	Level string
	Pos   Pos
}

// Config is a parsed configuration file. A setting that is not written in
// the file is nil (or empty for lists and mappings); a key written with a
// null value (`rules:` with nothing under it) counts as not written.
type Config struct {
	// File is the name the file was parsed under; errors name it.
	File string
	// Dir is the directory relative paths in the file are resolved
	// against: the directory of File.
	Dir string

	// Rules are the entries of `rules:`, in file order.
	Rules []RuleEntry
	// FailLevel is "error", "warning", "note" or "none".
	FailLevel *Value[string]
	// Exclude are the glob patterns of `exclude:`, as written; they are
	// valid --exclude patterns.
	Exclude []Value[string]
	// Stage and Region are the defaults for --stage and --region.
	Stage  *Value[string]
	Region *Value[string]
	// Params and Opts are the defaults for --param and --opt.
	Params Params
	Opts   Params
	// Data are the overrides of the rules' facts, as plain values
	// (map[string]any, []any, string, float64, bool); nil when not written.
	// ResolveData checks them and merges them into the facts.
	Data    map[string]any
	DataPos Pos
	// Policies are the custom policy directories; each existed as a
	// directory when the file was parsed.
	Policies []Path
	// RequireReason and ShowSuppressed are the defaults for
	// --require-reason and --show-suppressed.
	RequireReason  *Value[bool]
	ShowSuppressed *Value[bool]
	// Baseline is the default for --baseline. Whether the file exists is
	// not checked: report a missing baseline with ErrorAt(Baseline.Pos, ...).
	Baseline *Path

	data *dataNode
	// policiesMissing is set when a policy directory the file names could
	// not be read: the rules it defines are then unknown.
	policiesMissing bool
}

// PoliciesComplete reports whether every policy directory the file names
// was found, so that the rules they define can be resolved.
func (c *Config) PoliciesComplete() bool { return !c.policiesMissing }

// ErrorAt returns an *Error for this file at p, for problems the caller
// finds later with a setting, such as a baseline file that does not exist.
func (c *Config) ErrorAt(p Pos, format string, args ...any) *Error {
	return &Error{File: c.File, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...)}
}

// Find returns the configuration file nearest to wd: the first directory,
// from wd up to root inclusive, that holds .mi-lint.yaml or .mi-lint.yml.
// It returns "" when there is none. If root is not wd or one of its
// ancestors, only wd is searched. A directory holding both names is an
// error, as is a configuration name that is not a regular file.
func Find(wd, root string) (string, error) {
	wd, err := filepath.Abs(wd)
	if err != nil {
		return "", err
	}
	root, err = filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if !within(wd, root) {
		root = wd
	}
	for dir := wd; ; {
		found, err := findIn(dir)
		if err != nil || found != "" {
			return found, err
		}
		parent := filepath.Dir(dir)
		if dir == root || parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// within reports whether dir is root or below it.
func within(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// findIn returns the configuration file of one directory, or "".
func findIn(dir string) (string, error) {
	var found []string
	for _, name := range FileNames {
		p := filepath.Join(dir, name)
		info, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", &Error{File: p, Msg: describeStatError(err)}
		}
		if !info.Mode().IsRegular() {
			return "", &Error{File: p, Msg: "is not a regular file; a configuration file must be one"}
		}
		found = append(found, p)
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	return "", &Error{File: found[1], Msg: fmt.Sprintf("%s and %s are both in %s; keep only one of them",
		FileNames[0], FileNames[1], dir)}
}

func describeStatError(err error) string {
	if errors.Is(err, os.ErrPermission) {
		return "permission denied"
	}
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// Load reads and parses the configuration file at path; see Parse.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		msg := describeStatError(err)
		if errors.Is(err, os.ErrNotExist) {
			msg = "no such file"
		}
		return nil, &Error{File: path, Msg: "cannot read the configuration file: " + msg}
	}
	return Parse(path, src)
}
