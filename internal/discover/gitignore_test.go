package discover

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/testfs"
)

func TestWildmatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"a?c", "abc", true},
		{"a?c", "a/c", false},
		{"a*", "abc", true},
		{"a*", "a/c", false},
		{"*", "", true},
		{"**", "a/b/c", true},
		{"**/c", "c", true},
		{"**/c", "a/b/c", true},
		{"a/**", "a/b/c", true},
		{"a/**", "a", false},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "a/xb", false},
		// "**" not between slashes is "*".
		{"a**b", "axb", true},
		{"a**b", "a/b", false},
		{"a/**b", "a/x/b", false},
		{"***/c", "a/b/c", true},
		// Bracket expressions: [!...] and [^...] mean "not".
		{"[!a]pi", "bpi", true},
		{"[!a]pi", "api", false},
		{"[^a]pi", "api", false},
		{"[!a]pi", "!pi", true},
		{"[a-c]x", "bx", true},
		{"[a-c]x", "dx", false},
		{"[a-]x", "-x", true},
		{"[-a]x", "-x", true},
		{"[]a]x", "]x", true},
		{"[!]a]x", "]x", false},
		{"[[:digit:]]x", "7x", true},
		{"[[:digit:]]x", "ax", false},
		{"[[:alpha:][:digit:]]", "Q", true},
		{`[\]]x`, "]x", true},
		{"a[/]b", "a/b", false},
		{"[[]x", "[x", true},
		// A class name ends at the first "]"; without a ":" before it
		// the "[" is a member.
		{"[[:a]b:]]", "ab:]]", true},
		{"[[:a]b:]]", "[b:]]", true},
		{"q[[:]z", "q:z", true},
		{"q[[:]z", "q[z", true},
		{"[[:digit:]x", "7x", false},
		// Escapes.
		{`\*x`, "*x", true},
		{`\*x`, "ax", false},
		{`\#h`, "#h", true},
		{`\!b`, "!b", true},
		{`a\`, "a", false},
		// Never matching: an unclosed "[" or an unknown class.
		{"[ab", "a", false},
		{"[[:nope:]]", "a", false},
	} {
		w, ok := compileWild(tc.pattern)
		if got := ok && w.matches(tc.name); got != tc.want {
			t.Errorf("wildmatch(%q, %q) = %v, want %v", tc.pattern, tc.name, got, tc.want)
		}
	}
}

func TestParseIgnoreFile(t *testing.T) {
	src := "\xef\xbb\xbf# comment\n\n   \nbuild/\n!keep.yml\n/root.yml\na/b\ntrailing   \nescaped\\ \n\\!bang\n\\#hash\n #space\n!\n/\ncrlf\r\n[\nlast"
	type parsed struct {
		Negate, DirOnly, Basename bool
	}
	var got []parsed
	for _, p := range parseIgnoreFile([]byte(src)) {
		got = append(got, parsed{p.negate, p.dirOnly, p.basename})
	}
	want := []parsed{
		{DirOnly: true, Basename: true}, // build/
		{Negate: true, Basename: true},  // !keep.yml
		{},                              // /root.yml
		{},                              // a/b
		{Basename: true},                // trailing
		{Basename: true},                // escaped\
		{Basename: true},                // \!bang
		{Basename: true},                // \#hash
		{Basename: true},                // " #space"
		{Basename: true},                // crlf
		{Basename: true},                // last
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("patterns (-want +got):\n%s", diff)
	}
	patterns := parseIgnoreFile([]byte(src))
	for _, tc := range []struct {
		rel   string
		isDir bool
		want  int // index of the pattern that matches, -1 for none
	}{
		{"x/build", true, 0},
		{"build", false, -1},
		{"root.yml", false, 2},
		{"x/root.yml", false, -1},
		{"a/b", false, 3},
		{"x/a/b", false, -1},
		{"trailing", false, 4},
		{"escaped ", false, 5},
		{"!bang", false, 6},
		{"#hash", false, 7},
		{" #space", false, 8},
		{"crlf", false, 9},
		{"last", false, 10},
	} {
		got := -1
		for i, p := range patterns {
			if p.matches(tc.rel, tc.isDir) {
				got = i
			}
		}
		if got != tc.want {
			t.Errorf("%q (dir %v) matched pattern %d, want %d", tc.rel, tc.isDir, got, tc.want)
		}
	}
}

// ignoreTree exercises git's ignore rules: each directory holds a
// serverless.yml that a walk lints unless git ignores it.
var ignoreTree = map[string]string{
	".gitignore": `# a comment
[!a]pi/
\#hash
\!bang
*.bak
/anchored
deep/**/x
dist/
!dist-keep/
build
!build/keep
out/*
!out/keep
trail\ 
abc/**
name-only
**/gen
serverless.json
`,
	"sub/.gitignore":       "local\n!name-only\n/rooted\n*.tmp/\n",
	"crlf/.gitignore":      "crlf-dir\r\nother  \r\n",
	"api/x":                "",
	"bpi/x":                "",
	"cpi/x":                "",
	"#hash/x":              "",
	"!bang/x":              "",
	"x.bak/x":              "",
	"anchored/x":           "",
	"sub/anchored/x":       "",
	"deep/x/x":             "",
	"deep/a/b/x/x":         "",
	"deep/y/x":             "",
	"dist/x":               "",
	"sub/dist/x":           "",
	"dist-keep/x":          "",
	"build/keep/x":         "",
	"out/keep/x":           "",
	"out/other/x":          "",
	"trail /x":             "",
	"trail/x":              "",
	"abc/d/x":              "",
	"name-only/x":          "",
	"sub/name-only/x":      "",
	"local/x":              "",
	"sub/local/x":          "",
	"sub/rooted/x":         "",
	"sub/x/rooted/x":       "",
	"sub/a.tmp/x":          "",
	"sub/gen/x":            "",
	"crlf/crlf-dir/x":      "",
	"crlf/other/x":         "",
	"info-excluded/x":      "",
	"global-excluded/x":    "",
	"plain/x":              "",
	"json/serverless.json": "{}",
}

// gitIn runs git in dir with the test's isolated configuration.
// Exit code 1 from check-ignore (nothing ignored) is not a failure.
func gitIn(t *testing.T, dir string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	if err != nil {
		ee, ok := errors.AsType[*exec.ExitError](err)
		if !ok || ee.ExitCode() != 1 || !slices.Contains(args, "check-ignore") {
			t.Fatalf("git %v: %v: %s", args, err, stderr.String())
		}
	}
	return out.String()
}

// scratchGitRepo makes a git repository of ignoreTree, with a
// .git/info/exclude and a core.excludesFile, nothing committed. git's
// user and system configuration are left out.
func scratchGitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	root := t.TempDir()
	gitIn(t, root, "", "init", "-q")
	files := map[string]string{}
	for name, content := range ignoreTree {
		if strings.HasSuffix(name, "/x") {
			name = strings.TrimSuffix(name, "x") + "serverless.yml"
		}
		files[name] = content
	}
	testfs.WriteTree(t, root, files)
	testfs.WriteTree(t, root, map[string]string{".git/info/exclude": "info-excluded\n"})
	globalIgnore := filepath.Join(home, "global-ignore")
	if err := os.WriteFile(globalIgnore, []byte("global-excluded\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, root, "", "config", "core.excludesFile", globalIgnore)
	return root
}

// gitLinted is what git says a walk of root lints: the configurations
// that `git check-ignore` does not report as ignored (it also reports a
// path inside an ignored directory).
func gitLinted(t *testing.T, root string, gitArgs ...string) []string {
	t.Helper()
	var all []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), "serverless.") {
			rel, _ := filepath.Rel(root, path)
			all = append(all, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	args := append(slices.Clone(gitArgs), "check-ignore", "--no-index", "--stdin", "-z")
	out := gitIn(t, root, strings.Join(all, "\x00")+"\x00", args...)
	ignored := strings.Split(strings.TrimSuffix(out, "\x00"), "\x00")
	var linted []string
	for _, p := range all {
		if !slices.Contains(ignored, p) {
			linted = append(linted, p)
		}
	}
	slices.Sort(linted)
	return linted
}

// TestGitignoreLikeGit checks discovery against `git check-ignore` on the
// same tree: asking git, and with the fallback that applies the ignore
// files itself (git not found), which does not read git's configuration
// and so not core.excludesFile.
func TestGitignoreLikeGit(t *testing.T) {
	root := scratchGitRepo(t)
	want := gitLinted(t, root)
	// Both ways must actually leave things out and keep others.
	for _, p := range []string{"bpi/serverless.yml", "#hash/serverless.yml", "!bang/serverless.yml", "info-excluded/serverless.yml", "global-excluded/serverless.yml"} {
		if slices.Contains(want, p) {
			t.Fatalf("git does not ignore %s; the tree does not test what it should", p)
		}
	}
	if !slices.Contains(want, "api/serverless.yml") || !slices.Contains(want, "sub/name-only/serverless.yml") {
		t.Fatalf("git ignores api or sub/name-only: %v", want)
	}

	ws := Workspace{Root: root, WD: root, Stage: "dev"}
	got := discover(t, ws, ".")
	if diff := cmp.Diff(want, sortedCopy(got.Files)); diff != "" {
		t.Errorf("asking git (-git check-ignore +discovery):\n%s", diff)
	}
	if got.Notices != nil || got.Errors != nil {
		t.Errorf("notices %v, errors %v", got.Notices, got.Errors)
	}

	defer func(p string) { gitProgram = p }(gitProgram)
	gitProgram = "mi-lint-test-no-such-git"
	want = gitLinted(t, root, "-c", "core.excludesFile=")
	got = discover(t, ws, ".")
	if diff := cmp.Diff(want, sortedCopy(got.Files)); diff != "" {
		t.Errorf("without git (-git check-ignore +discovery):\n%s", diff)
	}
	// A walk of a subdirectory applies the root's ignore files too.
	got = discover(t, ws, "sub")
	var wantSub []string
	for _, p := range want {
		if strings.HasPrefix(p, "sub/") {
			wantSub = append(wantSub, p)
		}
	}
	if diff := cmp.Diff(wantSub, sortedCopy(got.Files)); diff != "" {
		t.Errorf("without git, a walk of sub (-git check-ignore +discovery):\n%s", diff)
	}
}

// TestGitTrackedAndNamed: git never ignores a tracked file, and a
// directory git ignores that is named on the command line is walked, its
// content judged by the patterns that match it.
func TestGitTrackedAndNamed(t *testing.T) {
	root := scratchGitRepo(t)
	gitIn(t, root, "", "add", "-f", "bpi/serverless.yml")
	ws := Workspace{Root: root, WD: root, Stage: "dev"}
	got := discover(t, ws, ".")
	if !slices.Contains(got.Files, "bpi/serverless.yml") {
		t.Errorf("the tracked bpi/serverless.yml is not linted: %v", got.Files)
	}
	got = discover(t, ws, "dist", "out", "deep")
	// dist is ignored: named, it is walked and its content judged by the
	// patterns alone. out is not (out/* ignores what it holds), so git
	// still decides inside it, as in deep.
	want := []string{"dist/serverless.yml", "out/keep/serverless.yml", "deep/y/serverless.yml"}
	if diff := cmp.Diff(want, got.Files); diff != "" {
		t.Errorf("named directories (-want +got):\n%s", diff)
	}
}

// TestIgnoreFileSymlink: as git does, a .gitignore that is a symbolic
// link is not followed (it could lead outside the root).
func TestIgnoreFileSymlink(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"a/serverless.yml": clean, "outside-ignore": "a/\n"})
	if err := os.Symlink(filepath.Join(root, "outside-ignore"), filepath.Join(root, ".gitignore")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	got := discover(t, repoWorkspace(t, root), ".")
	if !slices.Contains(got.Files, "a/serverless.yml") || len(got.Notices) != 1 || got.Notices[0].File != ".gitignore" {
		t.Errorf("files %v, notices %v", got.Files, got.Notices)
	}
}

// TestGitNestedRepository: git lists a nested repository without its
// content, which the ignore files then judge, as a walk always did.
func TestGitNestedRepository(t *testing.T) {
	root := scratchGitRepo(t)
	nested := filepath.Join(root, "plain", "nested")
	testfs.WriteTree(t, nested, map[string]string{"serverless.yml": clean, "bpi/serverless.yml": clean, "keep/serverless.yml": clean})
	gitIn(t, nested, "", "init", "-q")
	ws := Workspace{Root: root, WD: root, Stage: "dev"}
	got := discover(t, ws, "plain")
	want := []string{"plain/nested/keep/serverless.yml", "plain/nested/serverless.yml", "plain/serverless.yml"}
	if diff := cmp.Diff(want, sortedCopy(got.Files)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

// TestGitEnvironment: a GIT_DIR or GIT_WORK_TREE in the environment (as
// in a git hook) does not point discovery at another repository.
func TestGitEnvironment(t *testing.T) {
	root := scratchGitRepo(t)
	other := t.TempDir()
	gitIn(t, other, "", "init", "-q")
	t.Setenv("GIT_DIR", filepath.Join(other, ".git"))
	t.Setenv("GIT_WORK_TREE", other)
	want := gitLinted(t, root, "--git-dir", filepath.Join(root, ".git"), "--work-tree", root)
	got := discover(t, Workspace{Root: root, WD: root, Stage: "dev"}, ".")
	if diff := cmp.Diff(want, sortedCopy(got.Files)); diff != "" {
		t.Errorf("files (-git check-ignore +discovery):\n%s", diff)
	}
}
