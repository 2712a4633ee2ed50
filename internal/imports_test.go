// Package internal_test guards the direction of the dependencies between
// mi-lint's packages: the command line uses the lint run, which uses the
// policies, the loader and the post-processing steps; discovery, the
// loader, the findings and the writers stand apart.
package internal_test

import (
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const module = "github.com/mi-lint/mi-lint/internal/"

// allowed are the packages of internal/ each package may import. A new
// edge is a decision about the design: add it here only if it keeps the
// arrows one way.
var allowed = map[string][]string{
	"cli":              {"bytesize", "cache", "config", "discover", "finding", "fix", "gitrev", "linter", "loader", "policy", "process", "report", "ruledoc", "textdist"},
	"discover":         {"bytesize", "discover/exclude", "finding", "loader"},
	"config":           {"discover/exclude", "finding", "textdist"},
	"linter":           {"cache", "finding", "loader", "policy", "process", "report", "suppress"},
	"policy":           {"cache", "finding", "loader", "suppress"},
	"process":          {"baseline", "finding", "report", "suppress"},
	"ruledoc":          {"finding", "linter", "report"},
	"ruledoc/gendocs":  {"cli", "linter", "ruledoc"}, // a program, as cmd/mi-lint is
	"report":           {"finding"},
	"baseline":         {"finding"},
	"suppress":         {"finding", "textdist"},
	"loader":           {"bytesize"},
	"finding":          {},
	"cache":            {},
	"gitrev":           {},
	"testfs":           {}, // test helpers, imported only by tests
	"testjson":         {}, // likewise
	"textdist":         {},
	"bytesize":         {},
	"fix":              {"finding"},
	"discover/exclude": {},
	"benchcorpus":      {},
	"fixture":          {},
	"fuzzseed":         {},
	"hostile":          {"bytesize"},
}

// forbidden are outside packages a package must not reach, even through
// other packages: the loader, discovery and the findings know nothing of
// OPA, and the writers nothing of YAML.
var forbidden = map[string][]string{
	"loader":   {"github.com/open-policy-agent/"},
	"discover": {"github.com/open-policy-agent/"},
	"finding":  {"github.com/open-policy-agent/", "go.yaml.in/yaml/"},
	"report":   {"github.com/open-policy-agent/", "go.yaml.in/yaml/"},
}

// imports reads the imports of the non-test Go files of every package
// under internal/: mi-lint's own by their path under internal/, the
// others whole.
func imports(t *testing.T) (internal, external map[string][]string) {
	t.Helper()
	internal, external = map[string][]string{}, map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		if _, ok := internal[pkg]; !ok {
			internal[pkg] = []string{}
		}
		for _, spec := range f.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return err
			}
			if rel, ok := strings.CutPrefix(p, module); ok {
				internal[pkg] = append(internal[pkg], rel)
			} else if strings.Contains(p, ".") {
				external[pkg] = append(external[pkg], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range internal {
		slices.Sort(internal[pkg])
		internal[pkg] = slices.Compact(internal[pkg])
	}
	return internal, external
}

// TestImportDirection checks every import between mi-lint's packages
// against the allowed ones, so that the picture drawn from the imports
// stays the one described above.
func TestImportDirection(t *testing.T) {
	internal, _ := imports(t)
	if diff := cmp.Diff(slices.Sorted(maps.Keys(allowed)), slices.Sorted(maps.Keys(internal))); diff != "" {
		t.Errorf("packages under internal/ (-listed here +found):\n%s", diff)
	}
	for pkg, deps := range internal {
		for _, dep := range deps {
			if !slices.Contains(allowed[pkg], dep) {
				t.Errorf("%s imports %s, which is not an allowed dependency", pkg, dep)
			}
		}
	}
}

// TestForbiddenDependencies checks what the loader, discovery, the
// findings and the writers must not reach through any of their imports.
func TestForbiddenDependencies(t *testing.T) {
	internal, external := imports(t)
	for pkg, bans := range forbidden {
		reached := map[string]bool{}
		var visit func(string)
		visit = func(p string) {
			if reached[p] {
				return
			}
			reached[p] = true
			for _, dep := range internal[p] {
				visit(dep)
			}
		}
		visit(pkg)
		for p := range reached {
			for _, ext := range external[p] {
				for _, ban := range bans {
					if strings.HasPrefix(ext, ban) {
						t.Errorf("%s reaches %s (through %s)", pkg, ext, p)
					}
				}
			}
		}
	}
}
