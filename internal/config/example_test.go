package config

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/testjson"
)

var examplePath = filepath.Join("..", "..", "examples", ".mi-lint.yaml")

// builtinRules compiles the embedded bundle once for the tests that need
// the real rule list.
var builtinRules = sync.OnceValues(func() ([]finding.Rule, error) {
	eng, err := linter.New(context.Background(), linter.Options{})
	if err != nil {
		return nil, err
	}
	return eng.Rules(), nil
})

// embeddedFacts reads the built-in facts as the engine does.
func embeddedFacts(t *testing.T) map[string]any {
	t.Helper()
	facts, err := policy.DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	return facts
}

// TestExample: examples/.mi-lint.yaml parses, uses every key, and names
// real rules and facts.
func TestExample(t *testing.T) {
	src, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	name := examplePath
	if _, err := os.Stat(filepath.Join(filepath.Dir(examplePath), "policies")); err != nil {
		// The example's policy directory is not there (yet): parse the
		// example where it is.
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "policies"), 0o755); err != nil {
			t.Fatal(err)
		}
		name = filepath.Join(dir, ".mi-lint.yaml")
		t.Logf("examples/policies does not exist; parsing the example as %s", name)
	}
	c, err := Parse(name, src)
	if err != nil {
		t.Fatalf("the example does not parse:\n%v", err)
	}

	var top map[string]yaml.Node
	if err := yaml.Unmarshal(src, &top); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if diff := cmp.Diff(Keys, keys); diff != "" {
		t.Errorf("the example does not use every key (-all +used):\n%s", diff)
	}

	rules, err := builtinRules()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ResolveRules(rules); err != nil {
		t.Errorf("the example's rules:\n%v", err)
	}
	merged, err := c.ResolveData(embeddedFacts(t))
	if err != nil {
		t.Fatalf("the example's data:\n%v", err)
	}
	unsupported := testjson.Object(t, merged, "regions", "managedInstances")["unsupported"]
	if diff := cmp.Diff([]any{"il-central-1", "me-south-1"}, unsupported); diff != "" {
		t.Errorf("merged regions.managedInstances.unsupported (-want +got):\n%s", diff)
	}
	for _, g := range c.Exclude {
		if err := validateGlob(g.Value); err != nil {
			t.Errorf("exclude %q: %v", g.Value, err)
		}
	}
}

// TestDocs: docs/config.md documents every key, with a section per key
// that gives its type, default and an example.
func TestDocs(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "docs", "config.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	heading := regexp.MustCompile("(?m)^### `([a-z-]+)`\n")
	matches := heading.FindAllStringSubmatch(doc, -1)
	documented := make([]string, 0, len(matches))
	for _, m := range matches {
		documented = append(documented, m[1])
	}
	slices.Sort(documented)
	if diff := cmp.Diff(Keys, documented); diff != "" {
		t.Errorf("docs/config.md key sections (-keys +documented):\n%s", diff)
	}
	sections := heading.Split(doc, -1)[1:]
	for i, s := range sections {
		if i < len(documented) {
			for _, want := range []string{"Type:", "Default:", "```yaml"} {
				if !strings.Contains(s, want) {
					t.Errorf("section %d of docs/config.md lacks %q", i+1, want)
				}
			}
		}
	}
}

// TestDocExamples: every YAML example in docs/config.md is a valid
// configuration whose rules and data resolve against the real rules and
// facts.
func TestDocExamples(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "docs", "config.md"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	for _, d := range []string{"repo/policies", "shared/mi-lint"} {
		if err := os.MkdirAll(filepath.Join(tmp, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	builtin, err := builtinRules()
	if err != nil {
		t.Fatal(err)
	}
	rules := append(slices.Clip(builtin), finding.Rule{ID: "ORG001", Name: "team-owner-tag", Level: finding.LevelWarning})
	facts := embeddedFacts(t)
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(src), -1)
	if len(blocks) < len(Keys) {
		t.Fatalf("docs/config.md has %d YAML examples, fewer than the %d keys", len(blocks), len(Keys))
	}
	for i, b := range blocks {
		c, err := Parse(filepath.Join(tmp, "repo", ".mi-lint.yaml"), []byte(b[1]))
		if err != nil {
			t.Errorf("example %d does not parse:\n%s\n%v", i+1, b[1], err)
			continue
		}
		if _, err := c.ResolveRules(rules); err != nil {
			t.Errorf("example %d: %v", i+1, err)
		}
		if _, err := c.ResolveData(facts); err != nil {
			t.Errorf("example %d: %v", i+1, err)
		}
	}
}

// TestFrameworkDefaultRuntimeOverride: the framework's default runtime is
// a fact like the others, so a configuration can override it (a newer
// framework), and MI109 judges the override.
func TestFrameworkDefaultRuntimeOverride(t *testing.T) {
	c := mustParse(t, "data:\n  runtimes:\n    frameworkDefault: nodejs22.x\n")
	merged, err := c.ResolveData(embeddedFacts(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := testjson.Object(t, merged, "runtimes")["frameworkDefault"]; got != "nodejs22.x" {
		t.Fatalf("merged runtimes.frameworkDefault = %v, want nodejs22.x", got)
	}
	src := []byte(`service: s
provider:
  name: aws
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
functions:
  a: {handler: h.a, capacityProvider: default}
`)
	lint := func(facts map[string]any) []string {
		t.Helper()
		set, err := policy.Load(policy.Options{Facts: facts})
		if err != nil {
			t.Fatal(err)
		}
		eng, err := linter.New(context.Background(), linter.Options{Policies: set})
		if err != nil {
			t.Fatal(err)
		}
		res := eng.Check(context.Background(), linter.File{Name: "serverless.yml", Read: func() ([]byte, error) { return src, nil }})
		if res.Err != nil {
			t.Fatal(res.Err.Message)
		}
		var ids []string
		for _, f := range res.Findings {
			ids = append(ids, f.RuleID)
		}
		return ids
	}
	if diff := cmp.Diff([]string{"MI109"}, lint(embeddedFacts(t))); diff != "" {
		t.Errorf("with the built-in default (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string(nil), lint(merged)); diff != "" {
		t.Errorf("with the default overridden to nodejs22.x (-want +got):\n%s", diff)
	}

	_, err = mustParse(t, "data:\n  runtimes:\n    frameworkDefault: 22\n").ResolveData(embeddedFacts(t))
	if err == nil || !strings.Contains(err.Error(), `data.runtimes.frameworkDefault must be a string, like the fact it overrides ("nodejs20.x"), not the number 22`) {
		t.Errorf("a number for frameworkDefault: %v", err)
	}
}
