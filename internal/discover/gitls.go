package discover

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gitProgram is the git binary discovery asks; tests name a missing one
// to take the fallback.
var gitProgram = "git"

const (
	// gitTimeout bounds the one git command a run starts.
	gitTimeout = 30 * time.Second
	// maxGitListing bounds what discovery reads of git's answer; a larger
	// one is not used.
	maxGitListing = 256 << 20
)

// gitListing is git's answer to what a walk of the repository may find:
// the paths `git ls-files --cached --others --exclude-standard` lists,
// that is the tracked files and the untracked ones that no .gitignore,
// .git/info/exclude or core.excludesFile pattern leaves out.
type gitListing struct {
	files map[string]bool
	// dirs are the directories that hold a listed path.
	dirs map[string]bool
	// nested are the untracked nested repositories git lists as "dir/"
	// without looking inside them.
	nested map[string]bool
}

// listGit asks git about the work tree whose top is root. It fails when
// root is not the top of a git work tree, git is not installed, or it
// does not answer in time; git never looks above root, and runs with the
// repository's fsmonitor hook off, no prompt and no lazy fetch.
func listGit(ctx context.Context, root string) (*gitListing, error) {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, gitProgram, "-c", "core.fsmonitor=false", "-C", root,
		"ls-files", "--cached", "--others", "--exclude-standard", "-z")
	cmd.Env = append(gitEnv(os.Environ()),
		"GIT_CEILING_DIRECTORIES="+filepath.Dir(root),
		"GIT_TERMINAL_PROMPT=0", "GIT_NO_LAZY_FETCH=1", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	out := &cappedBuffer{max: maxGitListing}
	cmd.Stdout = out
	if err := cmd.Run(); err != nil {
		return nil, err
	}
	g := &gitListing{files: map[string]bool{}, dirs: map[string]bool{}, nested: map[string]bool{}}
	for name := range bytes.SplitSeq(out.Bytes(), []byte{0}) {
		if len(name) == 0 {
			continue
		}
		p := string(name)
		if d, ok := strings.CutSuffix(p, "/"); ok {
			g.nested[d] = true
			p = d
		} else {
			g.files[p] = true
		}
		for d := p; ; {
			i := strings.LastIndexByte(d, '/')
			if i < 0 {
				break
			}
			d = d[:i]
			if g.dirs[d] {
				break
			}
			g.dirs[d] = true
		}
	}
	return g, nil
}

// gitEnv is env without the variables that would point git at another
// repository, work tree or index than the one at the root.
func gitEnv(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
			"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// ignored says whether git leaves out rel, a root-relative slash path;
// known is false below a submodule or nested repository, whose content
// the listing does not cover.
func (g *gitListing) ignored(rel string, isDir bool) (ignored, known bool) {
	for d := rel; ; {
		i := strings.LastIndexByte(d, '/')
		if i < 0 {
			break
		}
		d = d[:i]
		if g.nested[d] || g.files[d] {
			return false, false
		}
	}
	if isDir {
		// A listed directory is a submodule or a nested repository.
		return !g.dirs[rel] && !g.files[rel] && !g.nested[rel], true
	}
	return !g.files[rel], true
}

// cappedBuffer collects a command's output up to max bytes; past that the
// write fails, and so does the command.
type cappedBuffer struct {
	bytes.Buffer
	max int
}

var errTooMuchOutput = errors.New("output too large")

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.max {
		return 0, errTooMuchOutput
	}
	return b.Buffer.Write(p)
}
