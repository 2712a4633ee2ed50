package linter_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/fixture"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// repoRoot is where fixture names are relative to, as in real runs.
const repoRoot = "../.."

var (
	enginesMu sync.Mutex
	engines   = map[[2]string]*linter.Engine{}
)

// engineFor returns an engine for the given stage and region (the only
// options fixtures set), compiled once per distinct pair.
func engineFor(t *testing.T, opts loader.Options) *linter.Engine {
	t.Helper()
	enginesMu.Lock()
	defer enginesMu.Unlock()
	key := [2]string{opts.Stage, opts.Region}
	if e, ok := engines[key]; ok {
		return e
	}
	opts.Files = repoFS(t)
	e, err := linter.New(context.Background(), linter.Options{Loader: opts})
	if err != nil {
		t.Fatal(err)
	}
	engines[key] = e
	return e
}

var (
	repoRootOnce sync.Once
	repoRootFS   fs.FS
	repoRootErr  error
)

// repoFS reads includes as the CLI does: through an os.Root at the
// repository root.
func repoFS(t *testing.T) fs.FS {
	t.Helper()
	repoRootOnce.Do(func() {
		root, err := os.OpenRoot(repoRoot)
		if err != nil {
			repoRootErr = err
			return
		}
		repoRootFS = root.FS()
	})
	if repoRootErr != nil {
		t.Fatal(repoRootErr)
	}
	return repoRootFS
}

// lintFixture lints one fixture file, named relative to the repository.
// A fixture X.yml with a sibling X.base.yml is linted in diff mode, with
// X.base.yml as its base revision.
func lintFixture(t *testing.T, name string, opts loader.Options) []finding.Finding {
	t.Helper()
	eng := engineFor(t, opts)
	f := linter.File{
		Name: name,
		Read: func() ([]byte, error) { return os.ReadFile(filepath.Join(repoRoot, name)) },
	}
	if base, err := os.ReadFile(filepath.Join(repoRoot, baseFixture(name))); err == nil {
		f.Base = linter.BaseOf("fixture "+baseFixture(name), base)
	}
	findings, ferr := eng.LintFile(context.Background(), f)
	if ferr != nil {
		t.Fatalf("%s:%d:%d: %s", ferr.File, ferr.Line, ferr.Column, ferr.Message)
	}
	return findings
}

// baseFixtureSuffix marks a fixture's base revision: X.base.yml is the
// base of X.yml, not a fixture of its own.
const baseFixtureSuffix = ".base.yml"

func baseFixture(name string) string {
	return strings.TrimSuffix(name, ".yml") + baseFixtureSuffix
}

// fixtureFiles lists the fixtures matching pattern, leaving out base
// revisions.
func fixtureFiles(t *testing.T, pattern string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(repoRoot, pattern))
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(matches))
	for _, m := range matches {
		rel, _ := filepath.Rel(repoRoot, m)
		if strings.HasSuffix(rel, baseFixtureSuffix) {
			continue
		}
		names = append(names, filepath.ToSlash(rel))
	}
	slices.Sort(names)
	return names
}

func loaderOptions(t *testing.T, o fixture.Options) loader.Options {
	t.Helper()
	var out loader.Options
	for k, v := range o {
		switch k {
		case "stage":
			out.Stage = v
		case "region":
			out.Region = v
		default:
			t.Fatalf("unknown fixture option %q", k)
		}
	}
	return out
}

// TestRuleFixtures checks every fixture under testdata/rules: each
// finding must be wanted at its exact line and column, and each want must
// be found. It also checks that every rule fires in some fixture.
func TestRuleFixtures(t *testing.T) {
	files := fixtureFiles(t, "testdata/rules/*/*.yml")
	if len(files) == 0 {
		t.Fatal("no rule fixtures found")
	}
	fired := map[string]bool{}
	// Per rule directory: how often its own rule is wanted, and whether it
	// has near-misses.
	triggers := map[string]int{}
	nearMisses := map[string]bool{}
	for _, name := range files {
		dirRule := filepath.Base(filepath.Dir(name))
		if strings.Contains(filepath.Base(name), "near_miss") {
			nearMisses[dirRule] = true
		}
		t.Run(strings.TrimPrefix(strings.TrimSuffix(name, ".yml"), "testdata/rules/"), func(t *testing.T) {
			for _, id := range checkFixture(t, name) {
				fired[id] = true
				if id == dirRule {
					triggers[dirRule]++
				}
			}
		})
	}
	if t.Failed() || testing.Short() {
		return
	}
	for id, n := range triggers {
		if n < 2 {
			t.Errorf("testdata/rules/%s/ triggers %s only %d time(s); show at least two shapes", id, id, n)
		}
		if !nearMisses[id] {
			t.Errorf("testdata/rules/%s/ has no near_misses*.yml", id)
		}
	}
	for _, r := range engineFor(t, loader.Options{}).Rules() {
		if !fired[r.ID] {
			t.Errorf("rule %s %s fires in no fixture under testdata/rules", r.ID, r.Name)
		}
	}
}

// checkFixture compares one fixture's findings with its wants and returns
// the rules that fired.
func checkFixture(t *testing.T, name string) []string {
	src, err := os.ReadFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	wants, opts, err := fixture.Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	want := located(name, wants)
	// Findings on keys written in an included file point into that file,
	// so its # want comments count too.
	for _, inc := range includedFiles(name, src) {
		incSrc, err := os.ReadFile(filepath.Join(repoRoot, inc))
		if err != nil {
			t.Fatalf("%s: include %s: %v", name, inc, err)
		}
		incWants, _, err := fixture.Parse(incSrc)
		if err != nil {
			t.Fatalf("%s: %v", inc, err)
		}
		want = append(want, located(inc, incWants)...)
	}
	findings := lintFixture(t, name, loaderOptions(t, opts))
	got := make([]string, 0, len(findings))
	fired := make([]string, 0, len(findings))
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%s:%d:%d %s", f.File, f.Region.StartLine, f.Region.StartColumn, f.RuleID))
		fired = append(fired, f.RuleID)
	}
	slices.SortFunc(want, compareLocated)
	slices.SortFunc(got, compareLocated)
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: findings differ from the # want comments (-want +got):\n%s", name, diff)
	}
	dirRule := filepath.Base(filepath.Dir(name))
	if !slices.ContainsFunc(wants, func(w fixture.Want) bool { return w.Rule == dirRule }) && !strings.Contains(name, "near_miss") &&
		!slices.Contains(fired, dirRule) {
		t.Errorf("%s: a fixture in %s/ should trigger %s (name near-miss fixtures near_misses*.yml)", name, dirRule, dirRule)
	}
	return fired
}

// located renders wants as "file:line:col rule", the form findings are
// compared in.
func located(file string, wants []fixture.Want) []string {
	out := make([]string, len(wants))
	for i, w := range wants {
		out[i] = fmt.Sprintf("%s:%d:%d %s", file, w.Line, w.Column, w.Rule)
	}
	return out
}

// compareLocated orders "file:line:col rule" strings by file, then line
// and column as numbers.
func compareLocated(a, b string) int {
	fa, la, ca, ra := splitLocated(a)
	fb, lb, cb, rb := splitLocated(b)
	switch {
	case fa != fb:
		return strings.Compare(fa, fb)
	case la != lb:
		return la - lb
	case ca != cb:
		return ca - cb
	}
	return strings.Compare(ra, rb)
}

func splitLocated(s string) (file string, line, col int, rule string) {
	pos, rule, _ := strings.Cut(s, " ")
	parts := strings.Split(pos, ":")
	if len(parts) >= 3 {
		file = strings.Join(parts[:len(parts)-2], ":")
		line, _ = strconv.Atoi(parts[len(parts)-2])
		col, _ = strconv.Atoi(parts[len(parts)-1])
	}
	return file, line, col, rule
}

var includeRe = regexp.MustCompile(`\$\{file\(([^)$]+)\)`)

// includedFiles lists the files a fixture includes that exist, relative to
// the repository.
func includedFiles(name string, src []byte) []string {
	var out []string
	for _, m := range includeRe.FindAllStringSubmatch(string(src), -1) {
		p := path.Join(path.Dir(name), strings.Trim(m[1], `'" `))
		if _, err := os.Stat(filepath.Join(repoRoot, p)); err == nil && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// TestCleanFixtures checks that correct services produce nothing.
func TestCleanFixtures(t *testing.T) {
	files := fixtureFiles(t, "testdata/clean/*.yml")
	if len(files) == 0 {
		t.Fatal("no clean fixtures found")
	}
	for _, name := range files {
		for _, f := range lintFixture(t, name, loader.Options{}) {
			t.Errorf("%s:%d:%d: unexpected %s: %s", f.File, f.Region.StartLine, f.Region.StartColumn, f.RuleID, f.Message)
		}
	}
}
