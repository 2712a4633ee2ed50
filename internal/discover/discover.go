// Package discover finds the files to lint: it walks the paths named on
// the command line, skips what exclude patterns match and what git
// ignores, expands compose files into their services, and reads each file
// within the repository root and the size limit.
package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mi-lint/mi-lint/internal/bytesize"
	"github.com/mi-lint/mi-lint/internal/discover/exclude"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// configNames are the file names a directory walk lints, in the order the
// framework looks for them in a service directory.
var configNames = []string{"serverless.yml", "serverless.yaml", "serverless.json"}

// codeConfigNames are configurations written as code. mi-lint cannot
// evaluate them; a walk reports each one as skipped.
var codeConfigNames = []string{"serverless.ts", "serverless.js", "serverless.cjs", "serverless.mjs"}

// composeNames are the compose files whose services mi-lint lints.
var composeNames = []string{"serverless-compose.yml", "serverless-compose.yaml", "serverless-compose.json"}

// codeComposeNames are compose files written as code, reported as skipped.
var codeComposeNames = []string{"serverless-compose.ts", "serverless-compose.js", "serverless-compose.cjs", "serverless-compose.mjs"}

// codeExts are the extensions of files that are code, not configuration
// mi-lint can read, even when named on the command line.
var codeExts = []string{".ts", ".js", ".cjs", ".mjs", ".cts", ".mts"}

// skippedDirs are never descended into.
var skippedDirs = map[string]bool{"node_modules": true, ".serverless": true, ".git": true, "vendor": true}

const (
	skippedConfig  = "skipped: mi-lint reads only YAML and JSON configurations (serverless.yml, serverless.yaml, serverless.json), not TypeScript or JavaScript ones"
	skippedCompose = "skipped: mi-lint reads only YAML and JSON compose files; the services this one lists are linted only where a directory walk finds them, without its params"
)

func isOneOf(name string, names []string) bool {
	return slices.Contains(names, name)
}

// Workspace knows the source root (findings name files relative to it)
// and the working directory (text output names files relative to it).
type Workspace struct {
	// Root is the repository root (see FindRoot); WD the working
	// directory, which relative paths are relative to.
	Root string
	WD   string
	// Excludes are the --exclude and configuration exclude patterns.
	Excludes []exclude.Pattern
	// Stage selects a compose file's stage params: --stage, else "dev",
	// the framework's default stage.
	Stage string
	// MaxFileSize bounds what one input may hold (--max-file-size; 0 for no
	// limit).
	MaxFileSize int64
}

// RelToWD renders an absolute path relative to the working directory, for
// messages about files that are not linted (such as the config file).
func (w Workspace) RelToWD(path string) string {
	if rel, err := filepath.Rel(w.WD, path); err == nil && filepath.IsAbs(path) {
		return rel
	}
	return path
}

// FindRoot returns the git top level above dir, or dir itself.
func FindRoot(dir string) string {
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
func (w Workspace) abs(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(w.WD, path)
}

// Name is the root-relative, slash-separated name of a path.
func (w Workspace) Name(path string) string {
	abs := w.abs(path)
	if rel, ok := within(w.Root, abs); ok {
		return rel
	}
	return filepath.ToSlash(abs)
}

// Display renders a root-relative name relative to the working directory.
func (w Workspace) Display(name string) string {
	if filepath.IsAbs(filepath.FromSlash(name)) || strings.HasPrefix(name, "<") {
		return name
	}
	rel, err := filepath.Rel(w.WD, filepath.Join(w.Root, filepath.FromSlash(name)))
	if err != nil {
		return name
	}
	return rel
}

// within returns the slash path of abs relative to dir ("." for dir
// itself), and whether abs is inside dir.
func within(dir, abs string) (string, bool) {
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// inRoot reports whether abs is inside the root, also once symbolic links
// are followed.
func (w Workspace) inRoot(abs string) bool {
	if _, ok := within(w.Root, abs); !ok {
		return false
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return true // it does not exist: the caller says so
	}
	root, err := filepath.EvalSymlinks(w.Root)
	if err != nil {
		return true
	}
	_, ok := within(root, resolved)
	return ok
}

// Collect turns the command line's paths into files to lint, paths that
// cannot be used into errors, and files that are deliberately not linted
// (or linted with less than they should be) into notices.
//
// Directories are searched recursively for configurations and compose
// files; files named on the command line are linted whatever their name
// (a serverless-compose file named on the command line is read as one).
// A compose file's services are linted with the params it passes them; a
// configuration reached both directly and through a compose file is
// linted once, with the compose params.
//
// Exclude patterns and what git ignores filter only what a walk finds
// beneath a path on the command line, including the services of a compose
// file the walk found: a path named on the command line, and the services
// of a compose file named on it, are always used (so that a pre-commit
// hook or an editor passing file names gets them linted). Relative paths,
// stdinName included, are relative to the working directory. ctx bounds
// the git command that says what git ignores.
func (w Workspace) Collect(ctx context.Context, paths []string, stdin io.Reader, stdinName string) ([]File, []finding.FileError, []finding.Notice) {
	c := &collector{w: w, byName: map[string]int{}, via: map[string]composeRef{}, noticed: map[finding.Notice]bool{},
		composes: map[string]bool{}, ignores: map[string][]ignorePattern{}, ctx: ctx}
	if !strings.HasPrefix(stdinName, "<") {
		stdinName = w.Name(stdinName)
	}
	for _, p := range paths {
		if p == "-" {
			c.files = append(c.files, File{Name: stdinName, Read: func() ([]byte, error) { return readLimited(stdin, w.MaxFileSize) }})
			continue
		}
		p = w.abs(p)
		info, err := os.Stat(p)
		if err != nil {
			c.errs = append(c.errs, finding.FileError{File: w.Name(p), Message: DescribeOpenError(err)})
			continue
		}
		if info.IsDir() {
			c.walk(p)
			continue
		}
		base := filepath.Base(p)
		switch {
		case isOneOf(base, composeNames):
			c.compose(p, true)
		case isOneOf(base, codeComposeNames):
			c.notice(finding.Notice{File: w.Name(p), Message: skippedCompose})
		case isOneOf(strings.ToLower(filepath.Ext(p)), codeExts):
			c.notice(finding.Notice{File: w.Name(p), Message: skippedConfig})
		default:
			c.add(p, nil, nil)
		}
	}
	return c.files, c.errs, c.notices
}

// File is a configuration to lint: the name findings use (relative to the
// source root, slash-separated), how to read it, and the params a compose
// file passes it, if any.
type File struct {
	Name          string
	Read          func() ([]byte, error)
	ComposeParams map[string]*loader.Node
}

// composeRef is the compose service that gave a file its params.
type composeRef struct {
	at      finding.Notice // the service's key in the compose file
	service string
	params  map[string]*loader.Node
}

type collector struct {
	w      Workspace
	files  []File
	byName map[string]int // index into files
	// via records the files that have compose params.
	via      map[string]composeRef
	errs     []finding.FileError
	notices  []finding.Notice
	noticed  map[finding.Notice]bool
	composes map[string]bool
	// ignores caches the parsed ignore files by path (nil: none).
	ignores map[string][]ignorePattern
	ctx     context.Context
	// git is git's listing of the repository, asked for once (gitAsked).
	git      *gitListing
	gitAsked bool
}

func (c *collector) notice(n finding.Notice) {
	if !c.noticed[n] {
		c.noticed[n] = true
		c.notices = append(c.notices, n)
	}
}

// add lints the file at path, once. A file a compose service lists gets
// that service's params, also when the walk found it first.
func (c *collector) add(path string, params map[string]*loader.Node, via *composeRef) {
	n := c.w.Name(path)
	if i, ok := c.byName[n]; ok {
		if via == nil {
			return
		}
		prev, had := c.via[n]
		if !had {
			c.files[i].ComposeParams = params
			c.via[n] = *via
			return
		}
		if !maps.Equal(prev.params, params) {
			at := via.at
			at.Message = fmt.Sprintf("service %q lists %s, which service %q of %s also lists with other params; it is linted once, with the params of %q",
				via.service, n, prev.service, prev.at.File, prev.service)
			c.notice(at)
		}
		return
	}
	c.byName[n] = len(c.files)
	c.files = append(c.files, File{Name: n, Read: func() ([]byte, error) { return c.w.readConfig(path) }, ComposeParams: params})
	if via != nil {
		c.via[n] = *via
	}
}

// walk searches the directory top.
func (c *collector) walk(top string) {
	err := filepath.WalkDir(top, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			c.errs = append(c.errs, finding.FileError{File: c.w.Name(path), Message: DescribeOpenError(err)})
			return nil
		}
		if path == top {
			return nil
		}
		if d.IsDir() {
			if skippedDirs[d.Name()] || c.filtered(path, true, top) {
				return filepath.SkipDir
			}
			return nil
		}
		if c.filtered(path, false, top) {
			return nil
		}
		name := d.Name()
		switch {
		case isOneOf(name, configNames) && (d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0):
			// A symlink is linted only if it stays inside the root
			// (readConfig refuses it otherwise, as an error for it).
			c.add(path, nil, nil)
		case isOneOf(name, composeNames) && d.Type().IsRegular():
			c.compose(path, false)
		case isOneOf(name, codeConfigNames):
			c.notice(finding.Notice{File: c.w.Name(path), Message: skippedConfig})
		case isOneOf(name, codeComposeNames):
			c.notice(finding.Notice{File: c.w.Name(path), Message: skippedCompose})
		}
		return nil
	})
	if err != nil {
		c.errs = append(c.errs, finding.FileError{File: c.w.Name(top), Message: DescribeOpenError(err)})
	}
}

// compose lints the services of the compose file at path. explicit says
// that the compose file was named on the command line, so that its
// services are used even when excluded or ignored.
func (c *collector) compose(path string, explicit bool) {
	name := c.w.Name(path)
	if c.composes[name] {
		return
	}
	c.composes[name] = true
	src, err := readFile(path)
	if err != nil {
		c.errs = append(c.errs, finding.FileError{File: name, Message: err.Error()})
		return
	}
	services, err := loader.ParseCompose(name, src)
	if err != nil {
		fe := finding.FileError{File: name, Message: err.Error()}
		if le, ok := errors.AsType[*loader.Error](err); ok {
			fe = finding.FileError{File: le.File, Line: le.Line, Column: le.Col, Message: le.Msg}
		}
		c.errs = append(c.errs, fe)
		return
	}
	dir := filepath.Dir(path)
	for _, s := range services {
		at := finding.Notice{File: name, Line: s.Range.Line, Column: s.Range.Col}
		skip := func(format string, args ...any) {
			at.Message = fmt.Sprintf("service %q is not linted: ", s.Name) + fmt.Sprintf(format, args...)
			c.notice(at)
		}
		if s.Problem != "" {
			skip("%s", s.Problem)
			continue
		}
		svcDir := filepath.Join(dir, filepath.FromSlash(s.Path))
		if filepath.IsAbs(filepath.FromSlash(s.Path)) {
			svcDir = filepath.Clean(filepath.FromSlash(s.Path))
		}
		if !c.w.inRoot(svcDir) {
			skip("its path %s is outside the repository root", s.Path)
			continue
		}
		info, err := os.Stat(svcDir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			skip("its directory %s does not exist", c.w.Name(svcDir))
			continue
		case err != nil:
			skip("its directory %s cannot be read: %s", c.w.Name(svcDir), DescribeOpenError(err))
			continue
		case !info.IsDir():
			skip("its path %s is not a directory", c.w.Name(svcDir))
			continue
		}
		cfg := c.serviceConfig(svcDir, s, skip)
		if cfg == "" || (!explicit && c.filteredAll(cfg)) {
			continue
		}
		params := s.ParamsFor(c.w.Stage)
		c.add(cfg, params, &composeRef{at: at, service: s.Name, params: params})
	}
}

// serviceConfig returns the configuration file of a compose service, or ""
// after reporting why there is none to lint.
func (c *collector) serviceConfig(dir string, s loader.ComposeService, skip func(string, ...any)) string {
	if s.Config != "" {
		p := filepath.Join(dir, filepath.FromSlash(s.Config))
		switch info, err := os.Stat(p); {
		case !c.w.inRoot(p):
			skip("its config %s is outside the repository root", s.Config)
		case err != nil:
			skip("its config %s: %s", c.w.Name(p), DescribeOpenError(err))
		case info.IsDir():
			skip("its config %s is a directory", c.w.Name(p))
		case isOneOf(strings.ToLower(filepath.Ext(p)), codeExts):
			c.notice(finding.Notice{File: c.w.Name(p), Message: skippedConfig})
		default:
			return p
		}
		return ""
	}
	for _, n := range configNames {
		p := filepath.Join(dir, n)
		if info, err := os.Lstat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
	}
	for _, n := range codeConfigNames {
		p := filepath.Join(dir, n)
		if _, err := os.Lstat(p); err == nil {
			c.notice(finding.Notice{File: c.w.Name(p), Message: skippedConfig})
			return ""
		}
	}
	skip("%s has no serverless.yml, serverless.yaml or serverless.json", c.w.Name(dir))
	return ""
}

// filtered reports whether a walk of top leaves out path: an exclude
// pattern matches it or git ignores it.
func (c *collector) filtered(abs string, isDir bool, top string) bool {
	return c.excluded(abs, isDir) || c.ignored(abs, isDir, top)
}

// filteredAll reports whether a walk would leave out the file abs: the
// file or any directory between the root and it is excluded or ignored.
func (c *collector) filteredAll(abs string) bool {
	rel, ok := within(c.w.Root, abs)
	if !ok {
		return false
	}
	segs := strings.Split(rel, "/")
	for i := 1; i <= len(segs); i++ {
		p := filepath.Join(c.w.Root, filepath.FromSlash(strings.Join(segs[:i], "/")))
		isDir := i < len(segs)
		if c.excluded(p, isDir) || c.ignored(p, isDir, c.w.Root) {
			return true
		}
	}
	return false
}

func (c *collector) excluded(abs string, isDir bool) bool {
	if len(c.w.Excludes) == 0 {
		return false
	}
	name := c.w.Name(abs)
	for _, g := range c.w.Excludes {
		if g.Match(name, isDir) {
			return true
		}
	}
	return false
}

// ignored reports whether a walk of top leaves out abs because git
// ignores it. Inside the repository git is asked when it can be; its
// answer is not used for what it does not cover (below a submodule or a
// nested repository) nor in a walk of a directory it ignores, named on
// the command line, whose content is then judged by the patterns that
// match it. Otherwise the ignore files decide: .git/info/exclude and the
// .gitignore files of the root and the directories down to abs, or those
// of top and below it for a walk outside the repository.
func (c *collector) ignored(abs string, isDir bool, top string) bool {
	rel, inRoot := within(c.w.Root, abs)
	switch {
	case !inRoot:
		return c.ignoredByFiles(top, abs, isDir)
	case rel == ".":
		return false
	}
	if g := c.gitListing(); g != nil {
		topIgnored := false
		if relTop, ok := within(c.w.Root, top); ok && relTop != "." {
			ign, known := g.ignored(relTop, true)
			topIgnored = ign || !known
		}
		if !topIgnored {
			if ign, known := g.ignored(rel, isDir); known {
				return ign
			}
		}
	}
	return c.ignoredByFiles(c.w.Root, abs, isDir)
}

// gitListing asks git, once, which paths of the repository are not
// ignored; nil when the root holds no .git or git cannot answer.
func (c *collector) gitListing() *gitListing {
	if !c.gitAsked {
		c.gitAsked = true
		if _, err := os.Lstat(filepath.Join(c.w.Root, ".git")); err == nil {
			c.git, _ = listGit(c.ctx, c.w.Root) // on failure the ignore files decide
		}
	}
	return c.git
}

// ignoredByFiles applies git's ignore rules itself: abs is ignored when
// the last pattern that matches it, in order of rising precedence
// (.git/info/exclude when base is the root, then the .gitignore of base
// and of each directory down to abs), is not a negation. An ignored
// parent directory is handled by the callers: a walk does not descend
// into it, and filteredAll checks every directory.
func (c *collector) ignoredByFiles(base, abs string, isDir bool) bool {
	rel, ok := within(base, abs)
	if !ok || rel == "." {
		return false
	}
	ignored := false
	apply := func(patterns []ignorePattern, rel string) {
		for _, p := range patterns {
			if p.matches(rel, isDir) {
				ignored = !p.negate
			}
		}
	}
	if base == c.w.Root {
		apply(c.infoExclude(), rel)
	}
	segs := strings.Split(rel, "/")
	for k := range segs {
		dir := filepath.Join(base, filepath.FromSlash(strings.Join(segs[:k], "/")))
		apply(c.ignoreFile(filepath.Join(dir, ".gitignore")), strings.Join(segs[k:], "/"))
	}
	return ignored
}

// infoExclude returns the patterns of the root's .git/info/exclude, when
// .git is a directory (in a linked work tree it is a file that points
// outside the root, which is not read).
func (c *collector) infoExclude() []ignorePattern {
	gitDir := filepath.Join(c.w.Root, ".git")
	if info, err := os.Lstat(gitDir); err != nil || !info.IsDir() {
		return nil
	}
	return c.ignoreFile(filepath.Join(gitDir, "info", "exclude"))
}

// ignoreFile returns the parsed patterns of the ignore file at path,
// cached (nil: none). As git does, it does not follow a symbolic link and
// skips a file larger than 100 MB, and says so.
func (c *collector) ignoreFile(path string) []ignorePattern {
	if patterns, ok := c.ignores[path]; ok {
		return patterns
	}
	c.ignores[path] = nil
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		c.notice(finding.Notice{File: c.w.Name(path), Message: "cannot be read (" + DescribeOpenError(err) + "); its patterns are not applied"})
		return nil
	case info.Mode()&fs.ModeSymlink != 0:
		c.notice(finding.Notice{File: c.w.Name(path), Message: "is a symbolic link, which git does not follow; its patterns are not applied"})
		return nil
	case !info.Mode().IsRegular():
		return nil
	case info.Size() > maxIgnoreFileSize:
		c.notice(finding.Notice{File: c.w.Name(path), Message: "is larger than 100 MB, which git does not read; its patterns are not applied"})
		return nil
	}
	src, err := readFileLimited(path, maxIgnoreFileSize)
	if err != nil {
		c.notice(finding.Notice{File: c.w.Name(path), Message: "cannot be read (" + err.Error() + "); its patterns are not applied"})
		return nil
	}
	patterns := parseIgnoreFile(src)
	c.ignores[path] = patterns
	return patterns
}

// ParseExcludes compiles --exclude patterns (see package exclude).
func ParseExcludes(patterns []string) ([]exclude.Pattern, error) {
	out := make([]exclude.Pattern, 0, len(patterns))
	for _, p := range patterns {
		g, err := exclude.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("--exclude %q: %w", p, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// readConfig reads a configuration file, refusing a symbolic link that
// leads outside the repository root (or loops).
func (w Workspace) readConfig(path string) ([]byte, error) {
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, fmt.Errorf("the file is a symbolic link that cannot be followed: %s", DescribeOpenError(err))
		}
		root, err := filepath.EvalSymlinks(w.Root)
		if err != nil {
			root = w.Root
		}
		if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, errors.New("the file is a symbolic link that leads outside the repository root; mi-lint does not read it")
		}
	}
	return readFileLimited(path, w.MaxFileSize)
}

// readFileLimited reads a file that is at most limit bytes (none when
// limit is 0): a larger file is an error for that file, never read whole.
func readFileLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s", DescribeOpenError(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && limit > 0 && info.Size() > limit {
		return nil, tooLarge(info.Size(), limit)
	}
	return readLimited(f, limit)
}

// readLimited reads r to its end, failing once it passes limit bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		return io.ReadAll(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s", DescribeOpenError(err))
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(-1, limit)
	}
	return b, nil
}

func tooLarge(size, limit int64) error {
	if size < 0 {
		return fmt.Errorf("the input is larger than the %s limit; raise --max-file-size to lint it", bytesize.Format(limit))
	}
	return fmt.Errorf("the file is %s, larger than the %s limit; raise --max-file-size to lint it", bytesize.Format(size), bytesize.Format(limit))
}

func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s", DescribeOpenError(err))
	}
	return b, nil
}

// DescribeOpenError says what went wrong without repeating the path, which
// the report already names.
func DescribeOpenError(err error) string {
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
