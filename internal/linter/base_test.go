package linter_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/process"
)

// baseRule is a custom rule that reports what input.base holds: the base
// service's name, or that the file is new.
const baseRule = `# METADATA
# title: base-seen
# description: Reports input.base.
# custom:
#   id: ACME900
#   level: note
#   summary: Reports input.base.
package custom.rules.service["base-seen"]

import data.milint.lib.result

report contains finding if {
	is_object(input.base)
	finding := result.fail(rego.metadata.chain(), ["service"], sprintf("base service %s, base function names %v", [input.base.service, sort(object.keys(input.base.functions))]))
}

report contains finding if {
	"base" in object.keys(input)
	input.base == null
	finding := result.fail(rego.metadata.chain(), ["service"], "new file")
}
`

func baseEngine(t *testing.T) *linter.Engine {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "base_seen.rego"), []byte(baseRule), 0o644); err != nil {
		t.Fatal(err)
	}
	eng, err := newEngine(context.Background(), policy.Options{Dirs: []string{dir}}, linter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// messages are the messages of the base-seen rule's findings.
func messages(res process.FileResult) []string {
	var out []string
	for _, f := range res.Findings {
		if f.RuleID == "ACME900" {
			out = append(out, f.Message)
		}
	}
	return out
}

// TestInputBase: custom rules see the base's input document as
// input.base, null for a new file and absent without a base; a base that
// cannot be read or loaded is the file's error, and the file is still
// linted.
func TestInputBase(t *testing.T) {
	eng := baseEngine(t)
	ctx := context.Background()
	head := strings.Replace(cleanService, "service: shop", "service: shop2", 1)
	file := yamlFile("serverless.yml", head)

	res := eng.Check(ctx, file)
	if got := messages(res); len(got) != 0 || res.Err != nil {
		t.Errorf("without a base: %v, %v", got, res.Err)
	}

	file.Base = linter.BaseOf("test", []byte(cleanService))
	res = eng.Check(ctx, file)
	want := []string{"base service shop, base function names [\"fine\", \"fromSsm\", \"high\", \"object\", \"plain\", \"short\"]"}
	if got := messages(res); !slices.Equal(got, want) || res.Err != nil {
		t.Errorf("with a base: %q, %v; want %q", got, res.Err, want)
	}

	file.Base = &linter.Base{Label: "test", Read: func() ([]byte, bool, error) { return nil, false, nil }}
	res = eng.Check(ctx, file)
	if got := messages(res); !slices.Equal(got, []string{"new file"}) || res.Err != nil {
		t.Errorf("a new file: %q, %v", got, res.Err)
	}

	file = yamlFile("serverless.yml", strings.Replace(head, "pool: {}", "pool:\n      scaling:\n        maxVCpuCount: 8", 1))
	file.Base = &linter.Base{Label: "test", Read: func() ([]byte, bool, error) { return nil, false, errors.New("no such revision") }}
	res = eng.Check(ctx, file)
	if got := messages(res); len(got) != 0 || res.Err == nil || !strings.Contains(res.Err.Message, "no such revision") {
		t.Errorf("an unreadable base: %q, %v", got, res.Err)
	}
	if len(res.Findings) == 0 {
		t.Error("an unreadable base: the file's own findings are gone")
	}

	file.Base = linter.BaseOf(`revision "main"`, []byte("service: [unclosed\n"))
	res = eng.Check(ctx, file)
	if res.Err == nil || !strings.Contains(res.Err.Message, `the base (revision "main") does not load: serverless.yml:2:1:`) {
		t.Errorf("a base that does not parse: %v", res.Err)
	}
}

// TestNewOnly: with NewOnly, Lint drops the findings the base has too, by
// rule, file and YAML path.
func TestNewOnly(t *testing.T) {
	eng := engineFor(t, loader.Options{})
	base := strings.Replace(cleanService, "pool: {}", "pool:\n      scaling:\n        maxVCpuCount: 8", 1)
	head := strings.Replace(base, "  short:\n", "  short:\n    memorySize: 1024\n", 1)
	file := yamlFile("serverless.yml", head)
	file.Base = linter.BaseOf("test", []byte(base))
	rules := func(newOnly bool) []string {
		file.Base.NewOnly = newOnly
		return lintedRuleIDs(t, eng, file)
	}
	if got := rules(false); !slices.Equal(got, []string{"MI003", "MI205", "MI107"}) {
		t.Errorf("every finding: %v, want MI003, MI205 and MI107", got)
	}
	if got := rules(true); !slices.Equal(got, []string{"MI107"}) {
		t.Errorf("new only: %v, want MI107", got)
	}
}
