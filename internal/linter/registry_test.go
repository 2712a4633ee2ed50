package linter_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

// catalogue is the rule catalogue beside the repository (../shared/spec),
// the contract for IDs, names and levels.
const catalogue = "../../../shared/spec/rules.md"

var catalogueRow = regexp.MustCompile(`(?m)^\| (MI[0-9]{3}) \| ([a-z0-9-]+) \| (error|warning|note) \|`)

// TestRegistryAgreesEverywhere checks that each rule's ID, name and level
// agree between its METADATA and the catalogue, that every catalogue rule
// is implemented, that the directive rules' IDs are the suppress step's,
// that each rule links its docs page and names its file, and that fixture
// directories match rules one to one.
func TestRegistryAgreesEverywhere(t *testing.T) {
	rules := engineFor(t, loader.Options{}).Rules()
	implemented := map[string]bool{}
	// The directive rules are described in the registry like every rule,
	// under the category the suppress step that reports them names, with
	// the IDs it reports.
	directiveIDs := map[string]bool{suppress.UnusedID: true, suppress.ExpiredID: true}
	for _, r := range rules {
		implemented[r.ID] = true
		if (r.Category == suppress.Category) != directiveIDs[r.ID] {
			t.Errorf("rule %s is in category %q; the suppress step reports %s and %s in category %q", r.ID, r.Category, suppress.UnusedID, suppress.ExpiredID, suppress.Category)
		}
		if want := "https://github.com/mi-lint/mi-lint/blob/main/docs/rules/" + r.ID + ".md"; r.HelpURI != want {
			t.Errorf("rule %s links %q, want %q", r.ID, r.HelpURI, want)
		}
		if _, err := os.Stat(filepath.Join(repoRoot, r.File)); err != nil {
			t.Errorf("rule %s: its file %q: %v", r.ID, r.File, err)
		}
		if _, err := os.Stat(filepath.Join(repoRoot, "testdata", "rules", r.ID)); err != nil {
			t.Errorf("rule %s has no fixtures: testdata/rules/%s/ is missing", r.ID, r.ID)
		}
	}
	dirs, err := filepath.Glob(filepath.Join(repoRoot, "testdata", "rules", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if id := filepath.Base(d); !implemented[id] {
			t.Errorf("testdata/rules/%s/ belongs to no rule", id)
		}
	}

	src, err := os.ReadFile(catalogue)
	if os.IsNotExist(err) {
		t.Skipf("catalogue %s not present", catalogue)
	}
	if err != nil {
		t.Fatal(err)
	}
	type entry struct{ name, level string }
	spec := map[string]entry{}
	for _, m := range catalogueRow.FindAllStringSubmatch(string(src), -1) {
		spec[m[1]] = entry{name: m[2], level: m[3]}
	}
	if len(spec) == 0 {
		t.Fatal("no rules found in the catalogue")
	}
	for _, r := range rules {
		e, ok := spec[r.ID]
		switch {
		case !ok:
			t.Errorf("rule %s %s is not in the catalogue", r.ID, r.Name)
		case e.name != r.Name || e.level != string(r.Level):
			t.Errorf("rule %s is %s/%s in METADATA but %s/%s in the catalogue", r.ID, r.Name, r.Level, e.name, e.level)
		}
	}
	for id, e := range spec {
		if !implemented[id] {
			t.Errorf("catalogue rule %s %s is not implemented", id, e.name)
		}
	}
}
