package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/linter"
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
	for _, n := range names {
		if name == n {
			return true
		}
	}
	return false
}

// workspace knows the source root (findings name files relative to it)
// and the working directory (text output names files relative to it).
type workspace struct {
	root string
	wd   string
	// excludes are the --exclude globs.
	excludes []glob
	// stage selects a compose file's stage params: --stage, else "dev",
	// the framework's default stage.
	stage string
	// maxFileSize bounds what one input may hold (--max-file-size).
	maxFileSize int64
}

// relToWD renders an absolute path relative to the working directory, for
// messages about files that are not linted (such as the config file).
func (w workspace) relToWD(path string) string {
	if rel, err := filepath.Rel(w.wd, path); err == nil && filepath.IsAbs(path) {
		return rel
	}
	return path
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
	if rel, ok := within(w.root, abs); ok {
		return rel
	}
	return filepath.ToSlash(abs)
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
func (w workspace) inRoot(abs string) bool {
	if _, ok := within(w.root, abs); !ok {
		return false
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return true // it does not exist: the caller says so
	}
	root, err := filepath.EvalSymlinks(w.root)
	if err != nil {
		return true
	}
	_, ok := within(root, real)
	return ok
}

// collect turns the command line's paths into files to lint, paths that
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
// --exclude globs and .gitignore files filter only what a walk finds
// beneath a path on the command line, including the services of a compose
// file the walk found: a path named on the command line, and the services
// of a compose file named on it, are always used (so that a pre-commit
// hook or an editor passing file names gets them linted). Relative paths,
// stdinName included, are relative to the working directory.
func (w workspace) collect(paths []string, stdin io.Reader, stdinName string) ([]linter.File, []finding.FileError, []finding.Notice) {
	c := &collector{w: w, byName: map[string]int{}, via: map[string]composeRef{}, noticed: map[finding.Notice]bool{},
		composes: map[string]bool{}, ignores: map[string][]ignoreRule{}}
	if !strings.HasPrefix(stdinName, "<") {
		stdinName = w.name(stdinName)
	}
	for _, p := range paths {
		if p == "-" {
			c.files = append(c.files, linter.File{Name: stdinName, Read: func() ([]byte, error) { return readLimited(stdin, w.maxFileSize) }})
			continue
		}
		p = w.abs(p)
		info, err := os.Stat(p)
		if err != nil {
			c.errs = append(c.errs, finding.FileError{File: w.name(p), Message: describeOpenError(err)})
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
			c.notice(finding.Notice{File: w.name(p), Message: skippedCompose})
		case isOneOf(strings.ToLower(filepath.Ext(p)), codeExts):
			c.notice(finding.Notice{File: w.name(p), Message: skippedConfig})
		default:
			c.add(p, nil, nil)
		}
	}
	return c.files, c.errs, c.notices
}

// composeRef is the compose service that gave a file its params.
type composeRef struct {
	at      finding.Notice // the service's key in the compose file
	service string
	params  map[string]*loader.Node
}

type collector struct {
	w      workspace
	files  []linter.File
	byName map[string]int // index into files
	// via records the files that have compose params.
	via      map[string]composeRef
	errs     []finding.FileError
	notices  []finding.Notice
	noticed  map[finding.Notice]bool
	composes map[string]bool
	// ignores caches each directory's parsed .gitignore (nil: none).
	ignores map[string][]ignoreRule
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
	n := c.w.name(path)
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
	c.files = append(c.files, linter.File{Name: n, Read: func() ([]byte, error) { return c.w.readConfig(path) }, ComposeParams: params})
	if via != nil {
		c.via[n] = *via
	}
}

// walk searches the directory top.
func (c *collector) walk(top string) {
	err := filepath.WalkDir(top, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			c.errs = append(c.errs, finding.FileError{File: c.w.name(path), Message: describeOpenError(err)})
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
			c.notice(finding.Notice{File: c.w.name(path), Message: skippedConfig})
		case isOneOf(name, codeComposeNames):
			c.notice(finding.Notice{File: c.w.name(path), Message: skippedCompose})
		}
		return nil
	})
	if err != nil {
		c.errs = append(c.errs, finding.FileError{File: c.w.name(top), Message: describeOpenError(err)})
	}
}

// compose lints the services of the compose file at path. explicit says
// that the compose file was named on the command line, so that its
// services are used even when excluded or ignored.
func (c *collector) compose(path string, explicit bool) {
	name := c.w.name(path)
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
		var le *loader.Error
		if errors.As(err, &le) {
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
			skip("its directory %s does not exist", c.w.name(svcDir))
			continue
		case err != nil:
			skip("its directory %s cannot be read: %s", c.w.name(svcDir), describeOpenError(err))
			continue
		case !info.IsDir():
			skip("its path %s is not a directory", c.w.name(svcDir))
			continue
		}
		cfg := c.serviceConfig(svcDir, s, skip)
		if cfg == "" || (!explicit && c.filteredAll(cfg)) {
			continue
		}
		params := s.ParamsFor(c.w.stage)
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
			skip("its config %s: %s", c.w.name(p), describeOpenError(err))
		case info.IsDir():
			skip("its config %s is a directory", c.w.name(p))
		case isOneOf(strings.ToLower(filepath.Ext(p)), codeExts):
			c.notice(finding.Notice{File: c.w.name(p), Message: skippedConfig})
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
			c.notice(finding.Notice{File: c.w.name(p), Message: skippedConfig})
			return ""
		}
	}
	skip("%s has no serverless.yml, serverless.yaml or serverless.json", c.w.name(dir))
	return ""
}

// filtered reports whether a walk of top leaves out path: an --exclude
// glob matches it or a .gitignore ignores it.
func (c *collector) filtered(abs string, isDir bool, top string) bool {
	if c.excluded(abs, isDir) {
		return true
	}
	base := c.w.root
	if _, ok := within(base, abs); !ok {
		base = top
	}
	return c.ignored(base, abs, isDir)
}

// filteredAll reports whether a walk would leave out the file abs: the
// file or any directory between the root and it is excluded or ignored.
func (c *collector) filteredAll(abs string) bool {
	rel, ok := within(c.w.root, abs)
	if !ok {
		return false
	}
	segs := strings.Split(rel, "/")
	for i := 1; i <= len(segs); i++ {
		p := filepath.Join(c.w.root, filepath.FromSlash(strings.Join(segs[:i], "/")))
		isDir := i < len(segs)
		if c.excluded(p, isDir) || c.ignored(c.w.root, p, isDir) {
			return true
		}
	}
	return false
}

func (c *collector) excluded(abs string, isDir bool) bool {
	if len(c.w.excludes) == 0 {
		return false
	}
	segs := strings.Split(c.w.name(abs), "/")
	for _, g := range c.w.excludes {
		if (!g.dirOnly || isDir) && matchSegments(g.segs, segs) {
			return true
		}
	}
	return false
}

// ignored reports whether the .gitignore files of base and of the
// directories between base and abs ignore abs. As in git, the last
// matching pattern decides and a deeper .gitignore comes later. (An
// ignored parent directory is handled by the callers: a walk does not
// descend into it, and filteredAll checks every directory.)
func (c *collector) ignored(base, abs string, isDir bool) bool {
	rel, ok := within(base, abs)
	if !ok || rel == "." {
		return false
	}
	segs := strings.Split(rel, "/")
	ignored := false
	for k := range segs {
		dir := filepath.Join(base, filepath.FromSlash(strings.Join(segs[:k], "/")))
		for _, r := range c.gitignore(dir) {
			if (!r.dirOnly || isDir) && matchSegments(r.segs, segs[k:]) {
				ignored = !r.negate
			}
		}
	}
	return ignored
}

// gitignore returns the parsed .gitignore of dir, cached.
func (c *collector) gitignore(dir string) []ignoreRule {
	if rules, ok := c.ignores[dir]; ok {
		return rules
	}
	p := filepath.Join(dir, ".gitignore")
	src, err := os.ReadFile(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		c.notice(finding.Notice{File: c.w.name(p), Message: "cannot be read (" + describeOpenError(err) + "); its patterns are not applied"})
	}
	rules := parseGitignore(src)
	c.ignores[dir] = rules
	return rules
}

// ignoreRule is one pattern of a .gitignore file.
type ignoreRule struct {
	// segs are the pattern's path segments, relative to the .gitignore's
	// directory; a pattern without a slash starts with "**".
	segs    []string
	negate  bool
	dirOnly bool
}

// parseGitignore reads .gitignore patterns: blank lines and # comments
// are skipped, trailing spaces are dropped unless escaped, "!" negates, a
// trailing "/" matches only directories, and a pattern with a leading or
// inner "/" is anchored to the .gitignore's directory while one without
// matches at any depth. Malformed patterns are skipped, as git does.
func parseGitignore(src []byte) []ignoreRule {
	var rules []ignoreRule
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		for strings.HasSuffix(line, " ") && !strings.HasSuffix(line, `\ `) {
			line = line[:len(line)-1]
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var r ignoreRule
		if strings.HasPrefix(line, "!") {
			r.negate, line = true, line[1:]
		}
		if strings.HasSuffix(line, "/") {
			r.dirOnly, line = true, strings.TrimRight(line, "/")
		}
		if line == "" {
			continue
		}
		anchored := strings.Contains(line, "/")
		r.segs = strings.Split(strings.TrimPrefix(line, "/"), "/")
		if !anchored {
			r.segs = append([]string{"**"}, r.segs...)
		}
		if validSegments(r.segs) {
			rules = append(rules, r)
		}
	}
	return rules
}

// glob is an --exclude pattern.
type glob struct {
	segs    []string
	dirOnly bool
}

// parseExcludes compiles --exclude patterns: slash paths relative to the
// root where "**" is any number of segments and "*", "?" and [...] match
// within one segment; a trailing "/" matches only directories.
func parseExcludes(patterns []string) ([]glob, error) {
	out := make([]glob, 0, len(patterns))
	for _, p := range patterns {
		s := filepath.ToSlash(strings.TrimSpace(p))
		for strings.HasPrefix(s, "./") {
			s = s[2:]
		}
		g := glob{dirOnly: strings.HasSuffix(s, "/")}
		s = strings.Trim(s, "/")
		if s == "" {
			return nil, fmt.Errorf("--exclude %q: the pattern is empty", p)
		}
		g.segs = strings.Split(s, "/")
		if !validSegments(g.segs) {
			return nil, fmt.Errorf("--exclude %q: malformed pattern", p)
		}
		out = append(out, g)
	}
	return out, nil
}

func validSegments(segs []string) bool {
	for _, s := range segs {
		if _, err := path.Match(s, ""); err != nil {
			return false
		}
	}
	return true
}

// matchSegments reports whether the path segments name match the pattern
// segments pat. A "**" segment matches any number of segments, at least
// one when it ends the pattern ("dir/**" is everything inside dir, not dir
// itself); any other segment matches one segment with path.Match.
func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			if len(rest) == 0 {
				return len(name) > 0
			}
			for i := 0; i <= len(name); i++ {
				if matchSegments(rest, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// readConfig reads a configuration file, refusing a symbolic link that
// leads outside the repository root (or loops).
func (w workspace) readConfig(path string) ([]byte, error) {
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, fmt.Errorf("the file is a symbolic link that cannot be followed: %s", describeOpenError(err))
		}
		root, err := filepath.EvalSymlinks(w.root)
		if err != nil {
			root = w.root
		}
		if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, errors.New("the file is a symbolic link that leads outside the repository root; mi-lint does not read it")
		}
	}
	return readFileLimited(path, w.maxFileSize)
}

// readFileLimited reads a file that is at most max bytes (no limit when
// max is 0): a larger file is an error for that file, never read whole.
func readFileLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s", describeOpenError(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && max > 0 && info.Size() > max {
		return nil, tooLarge(info.Size(), max)
	}
	return readLimited(f, max)
}

// readLimited reads r to its end, failing once it passes max bytes.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		return io.ReadAll(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s", describeOpenError(err))
	}
	if int64(len(b)) > max {
		return nil, tooLarge(-1, max)
	}
	return b, nil
}

func tooLarge(size, max int64) error {
	if size < 0 {
		return fmt.Errorf("the input is larger than the %s limit; raise --max-file-size to lint it", formatSize(max))
	}
	return fmt.Errorf("the file is %s, larger than the %s limit; raise --max-file-size to lint it", formatSize(size), formatSize(max))
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
