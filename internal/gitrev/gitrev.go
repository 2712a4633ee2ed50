// Package gitrev reads files as they are at a git revision, for diff mode
// (--base): it runs the local git binary and never the network.
package gitrev

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rev is one revision of the repository that contains a directory. The
// revision is resolved once, on first use; every read after a failed
// resolution returns the same error.
type Rev struct {
	dir string
	rev string

	once   sync.Once
	commit string
	err    error
}

// New returns the revision rev (anything `git rev-parse` takes: a branch,
// a tag, origin/main, a commit ID, HEAD~1) of the repository at dir.
func New(dir, rev string) *Rev {
	return &Rev{dir: dir, rev: rev}
}

// Name is the revision as given.
func (r *Rev) Name() string { return r.rev }

// Commit resolves the revision to a commit ID. The error says what to do:
// install git, fetch the revision, or fetch the history a shallow clone
// lacks.
func (r *Rev) Commit(ctx context.Context) (string, error) {
	r.once.Do(func() { r.commit, r.err = r.resolve(ctx) })
	return r.commit, r.err
}

func (r *Rev) resolve(ctx context.Context) (string, error) {
	if r.rev == "" || strings.HasPrefix(r.rev, "-") || strings.ContainsAny(r.rev, "\x00\n") {
		return "", fmt.Errorf("%q is not a revision", r.rev)
	}
	if _, err := r.git(ctx, nil, "rev-parse", "--git-dir"); err != nil {
		return "", err
	}
	out, err := r.git(ctx, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", r.rev+"^{commit}")
	if err == nil {
		return strings.TrimSpace(string(out)), nil
	}
	if _, ok := errors.AsType[*gitError](err); !ok {
		return "", err
	}
	if shallow, _ := r.git(ctx, nil, "rev-parse", "--is-shallow-repository"); strings.TrimSpace(string(shallow)) == "true" {
		return "", fmt.Errorf("revision %q is not in this shallow clone: fetch the history it needs (git fetch --unshallow, or actions/checkout with fetch-depth: 0)", r.rev)
	}
	return "", fmt.Errorf("unknown revision %q: it is not in this repository (fetch it first, such as git fetch origin main)", r.rev)
}

// ReadFile returns the content of name, a slash path relative to the
// directory New was given, at the revision; exists is false when the
// revision has no such file.
func (r *Rev) ReadFile(ctx context.Context, name string) (content []byte, exists bool, err error) {
	commit, err := r.Commit(ctx)
	if err != nil {
		return nil, false, err
	}
	if !fs.ValidPath(name) || strings.ContainsAny(name, "\n\r") {
		return nil, false, fmt.Errorf("%s is not a path inside the repository", name)
	}
	kind, content, err := r.object(ctx, commit, name)
	switch {
	case err != nil:
		return nil, false, err
	case kind == "":
		return nil, false, nil
	case kind != "blob":
		return nil, false, fmt.Errorf("%s is a %s at revision %q, not a file", name, kind, r.rev)
	}
	return content, true, nil
}

// object reads commit:./name with `git cat-file --batch`, whose answer
// says "missing" for an absent path whatever git's language. The "./"
// makes the path relative to dir, not to the top of the work tree.
func (r *Rev) object(ctx context.Context, commit, name string) (kind string, content []byte, err error) {
	out, err := r.git(ctx, strings.NewReader(commit+":./"+name+"\n"), "cat-file", "--batch")
	if err != nil {
		return "", nil, err
	}
	header, body, _ := bytes.Cut(out, []byte("\n"))
	fields := strings.Fields(string(header))
	if len(fields) == 2 && fields[1] == "missing" {
		return "", nil, nil
	}
	if len(fields) != 3 {
		return "", nil, fmt.Errorf("git cat-file answered %q", strings.TrimSpace(string(header)))
	}
	size, err := strconv.Atoi(fields[2])
	if err != nil || size > len(body) {
		return "", nil, fmt.Errorf("git cat-file answered %q", strings.TrimSpace(string(header)))
	}
	return fields[1], body[:size], nil
}

// gitError is git exiting with an error, with the first line it printed.
type gitError struct {
	args []string
	msg  string
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), e.msg)
}

// git runs git in dir, with no terminal prompts and no lazy fetching of
// missing objects from a promisor remote: reading a revision must never
// reach the network.
func (r *Rev) git(ctx context.Context, stdin io.Reader, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", r.dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_NO_LAZY_FETCH=1", "LC_ALL=C")
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.Bytes(), nil
	}
	if errors.Is(err, exec.ErrNotFound) {
		return nil, errors.New("git is not installed (or not on PATH); diff mode reads the base revision with git")
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return nil, fmt.Errorf("run git: %w", err)
	}
	msg := firstLine(stderr.String())
	if strings.Contains(msg, "not a git repository") {
		return nil, fmt.Errorf("%s is not in a git repository", r.dir)
	}
	if msg == "" {
		msg = ee.String()
	}
	return nil, &gitError{args: args, msg: msg}
}

func firstLine(s string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			return strings.TrimPrefix(l, "fatal: ")
		}
	}
	return ""
}
