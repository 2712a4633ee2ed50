package policy

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/policies"
)

var update = flag.Bool("update", false, "rewrite builtin_rules.json")

// TestBuiltinRulesFileIsFresh: the generated registry is what the
// embedded policies give now; -update rewrites it.
func TestBuiltinRulesFileIsFresh(t *testing.T) {
	want, err := generateBuiltinRules()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("builtin_rules.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(builtinRulesJSON, want) {
		t.Errorf("builtin_rules.json is stale; run `go test ./internal/policy -run TestBuiltinRulesFileIsFresh -update` (-file +policies):\n%s",
			cmp.Diff(string(builtinRulesJSON), string(want)))
	}
}

// TestBuiltinRulesFromRegistry: a fresh registry gives the rules the
// modules' METADATA gives, sources included, without parsing a module; a
// stale or unreadable one is not used, and the modules are read instead.
func TestBuiltinRulesFromRegistry(t *testing.T) {
	modules, err := parseModules(policies.FS, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := readRules(modules)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := generateBuiltinRules()
	if err != nil {
		t.Fatal(err)
	}
	fp, err := rulesFingerprint(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	stale := bytes.Replace(fresh, []byte(fp), []byte("0"+fp[1:]), 1)
	if fp[0] == '0' {
		stale = bytes.Replace(fresh, []byte(fp), []byte("1"+fp[1:]), 1)
	}
	// A stale registry whose rules differ, to tell which rules are used.
	stale = bytes.ReplaceAll(stale, []byte(`"Level": "error"`), []byte(`"Level": "note"`))
	for name, tc := range map[string]struct {
		generated []byte
		parsed    bool
	}{
		"fresh":      {fresh, false},
		"stale":      {stale, true},
		"unreadable": {[]byte("{"), true},
	} {
		got, parsed, err := builtinRules(tc.generated)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if (parsed != nil) != tc.parsed {
			t.Errorf("%s: parsed the modules %v, want %v", name, parsed != nil, tc.parsed)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: rules differ from the METADATA's (-want +got):\n%s", name, diff)
		}
	}
	if !bytes.Contains(fresh, []byte(`"Sources": [`)) {
		t.Error("the registry records no rule's sources")
	}
}

// TestRulesFingerprintCoversRulesAndSources: a changed rule module or
// sources file changes the fingerprint; a test does not.
func TestRulesFingerprintCoversRulesAndSources(t *testing.T) {
	base := fstest.MapFS{
		"a/rule.rego":              {Data: []byte("package a\n")},
		"a/rule_test.rego":         {Data: []byte("package a_test\n")},
		policies.SourcesFile:       {Data: []byte("{}")},
		"milint/facts/x/data.json": {Data: []byte("{}")},
	}
	fp := func(fsys fstest.MapFS) string {
		s, err := rulesFingerprint(fsys)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	want := fp(base)
	for file, changes := range map[string]bool{
		"a/rule.rego":              true,
		policies.SourcesFile:       true,
		"a/rule_test.rego":         false,
		"milint/facts/x/data.json": false,
	} {
		changed := maps.Clone(base)
		changed[file] = &fstest.MapFile{Data: append(slices.Clone(base[file].Data), ' ')}
		if got := fp(changed) != want; got != changes {
			t.Errorf("changing %s changes the fingerprint: %v, want %v", file, got, changes)
		}
	}
}
