package policy

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"

	"github.com/mi-lint/mi-lint/policies"
)

// factLeaves lists the dotted path of every fact: each value that is not
// an object (a number, string, list), and each empty object.
func factLeaves(prefix string, v any, out *[]string) {
	obj, ok := v.(map[string]any)
	if !ok || len(obj) == 0 {
		*out = append(*out, prefix)
		return
	}
	for k, x := range obj {
		factLeaves(prefix+"."+k, x, out)
	}
}

// factExists says whether the dotted path names a value in facts.
func factExists(facts map[string]any, path string) bool {
	var v any = facts
	for k := range strings.SplitSeq(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = obj[k]; !ok {
			return false
		}
	}
	return true
}

var sourceRef = regexp.MustCompile(`^(https://[a-z0-9.-]+/\S+|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:[A-Za-z0-9_./-]+)$`)

// TestEveryFactHasASource: each fact is covered by evidence recorded at
// it or at a key above it (below the facts file's own name), and every
// piece of evidence names a fact that exists, a known kind, a URL or
// owner/repo:path, and what it says.
func TestEveryFactHasASource(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	sources, err := DefaultSources()
	if err != nil {
		t.Fatal(err)
	}
	var leaves []string
	for name, v := range facts {
		factLeaves(name, v, &leaves)
	}
	sort.Strings(leaves)
	for _, leaf := range leaves {
		covered := false
		for key := range sources {
			if strings.Contains(key, ".") && (leaf == key || strings.HasPrefix(leaf, key+".")) {
				covered = true
			}
		}
		if !covered {
			t.Errorf("fact %s has no source in %s", leaf, policies.SourcesFile)
		}
	}
	for key, evidence := range sources {
		switch {
		case !strings.Contains(key, "."):
			t.Errorf("%s: %q is a whole facts file; give sources for its facts", policies.SourcesFile, key)
		case !factExists(facts, key):
			t.Errorf("%s: %q names no fact", policies.SourcesFile, key)
		case len(evidence) == 0:
			t.Errorf("%s: %q has no evidence", policies.SourcesFile, key)
		}
		for _, e := range evidence {
			if !slices.Contains(EvidenceKinds, e.Kind) {
				t.Errorf("%s: %q: kind %q is not one of %s", policies.SourcesFile, key, e.Kind, strings.Join(EvidenceKinds, ", "))
			}
			if !sourceRef.MatchString(e.Source) {
				t.Errorf("%s: %q: source %q is neither a URL nor owner/repo:path", policies.SourcesFile, key, e.Source)
			}
			if strings.TrimSpace(e.Says) == "" {
				t.Errorf("%s: %q: source %s does not say what it states", policies.SourcesFile, key, e.Source)
			}
		}
	}
}

// TestFactsOf: the facts a rule reads are found through imports, through
// a rule that aliases part of the facts (_families :=
// facts.runtimes.managedInstances.families, read as a bare name), and
// through the data.milint.lib helpers it calls.
func TestFactsOf(t *testing.T) {
	checkFactsOf(t, []ruleFacts{
		{"capacityprovider", "vpc-limits", []string{"limits.vpcSecurityGroups.max", "limits.vpcSubnets.max"}},
		{"capacityprovider", "operator-role-partition", []string{"regions.partitions"}},
		{"function", "unsupported-runtime", []string{"runtimes.frameworkDefault", "runtimes.managedInstances.families"}},
		{"capacityprovider", "missing-vpc", []string{}},
	})
}

// ruleFacts is a rule, by category and name, and the facts it must be
// documented with.
type ruleFacts struct {
	category, name string
	want           []string
}

// checkFactsOf checks the facts found for each rule of the embedded
// policies.
func checkFactsOf(t *testing.T, rules []ruleFacts) {
	t.Helper()
	modules, err := parseModules(policies.FS, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	use := newFactUse(modules)
	for _, r := range rules {
		pkg := rulesPrefix.Append(ast.StringTerm(r.category)).Append(ast.StringTerm(r.name))
		if diff := cmp.Diff(r.want, use.factsOf(pkg)); diff != "" {
			t.Errorf("facts of %s (-want +got):\n%s", r.name, diff)
		}
	}
}

// TestDerivedFieldFacts: a reference to an input field derived from a
// fact reads that fact, and only that one.
func TestDerivedFieldFacts(t *testing.T) {
	for ref, want := range map[string]string{
		"cp.logicalId":           "data.milint.facts.capacity_provider_config.logicalIdSuffix",
		"input.region.partition": "data.milint.facts.regions.partitions",
		"input.config.partition": "",
		"regions.partition":      "",
		"input.region.value":     "",
		"input.functions[name].capacityProvider.minimumEnvironments": `data.milint.facts.limits.minExecutionEnvironments["default"]`,
		"fn.capacityProvider.minimumEnvironments":                    `data.milint.facts.limits.minExecutionEnvironments["default"]`,
		"fn.capacityProvider.scaling.min":                            "",
	} {
		var got []string
		for _, fact := range derivedFieldFacts(ast.MustParseRef(ref)) {
			got = append(got, fact.String())
		}
		if strings.Join(got, " ") != want {
			t.Errorf("derivedFieldFacts(%s) = %q, want %q", ref, got, want)
		}
	}
}

// TestOPALoadsTheFacts: OPA's own loader, reading the policies directory
// as `opa test policies` does, puts the same facts at data.milint.facts
// as the engine, and the sources at data.milint.sources.
func TestOPALoadsTheFacts(t *testing.T) {
	loaded, err := loader.NewFileLoader().All([]string{"../../policies"})
	if err != nil {
		t.Fatal(err)
	}
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	// OPA keeps numbers as json.Number: compare the decoded JSON.
	b, err := json.Marshal(loaded.Documents)
	if err != nil {
		t.Fatal(err)
	}
	var documents map[string]any
	if err := json.Unmarshal(b, &documents); err != nil {
		t.Fatal(err)
	}
	milint, _ := documents["milint"].(map[string]any)
	if diff := cmp.Diff(facts, milint["facts"]); diff != "" {
		t.Errorf("data.milint.facts as OPA loads policies/ (-engine +opa):\n%s", diff)
	}
	sources, ok := milint["sources"].(map[string]any)
	if !ok || len(sources) == 0 {
		t.Errorf("data.milint.sources as OPA loads policies/ = %v", milint["sources"])
	}
	if len(documents) != 1 || len(milint) != 2 {
		t.Errorf("OPA loads data beyond data.milint.facts and data.milint.sources: %d keys at the top, %d under milint", len(documents), len(milint))
	}
}
