package ruledoc_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/cli"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/ruledoc"
)

// TestDocsUpToDate fails when docs/rules/ or the README's rules table
// differ from what the rules' METADATA and real runs produce.
func TestDocsUpToDate(t *testing.T) {
	root := "../.."
	ctx := context.Background()
	eng, err := linter.New(ctx, linter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	files, err := ruledoc.Generate(ctx, eng, string(readme), examplesOutput(abs))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Errorf("%s: %v; run `go run ./internal/ruledoc/gendocs`", name, err)
			continue
		}
		if diff := cmp.Diff(want, string(got)); diff != "" {
			t.Errorf("%s is stale; run `go run ./internal/ruledoc/gendocs` (-want +got):\n%s", name, diff)
		}
	}
	pages, err := filepath.Glob(filepath.Join(root, "docs", "rules", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		rel, _ := filepath.Rel(root, p)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s documents no rule; run `go run ./internal/ruledoc/gendocs`", rel)
		}
	}
}

// examplesOutput is what `mi-lint examples/` prints in the repository, as
// the generator computes it.
func examplesOutput(root string) string {
	out, _ := cli.Output(root, filepath.Join(root, "examples"))
	return out
}

// alsoReported are the rules an example cannot avoid besides its own:
// MI019 is about regions of the China and GovCloud partitions, where the
// facts say Lambda Managed Instances are not offered yet (MI020); it
// matters once they are, or once a configuration's data says so.
var alsoReported = map[string]string{"MI019": "MI020"}

// TestExamples checks what the docs claim for every rule: its example is
// reported by that rule and no other, and its fixed version lints clean.
func TestExamples(t *testing.T) {
	ctx := context.Background()
	eng, err := linter.New(ctx, linter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range eng.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			found, err := ruledoc.LintExample(ctx, eng, r, r.Example)
			if err != nil {
				t.Fatal(err)
			}
			var others []string
			for _, f := range found {
				if f.RuleID != r.ID && f.RuleID != alsoReported[r.ID] {
					others = append(others, fmt.Sprintf("%d:%d %s %s", f.Region.StartLine, f.Region.StartColumn, f.RuleID, f.Message))
				}
			}
			if len(found) == len(others) {
				t.Errorf("the example is not reported by %s", r.ID)
			}
			if len(others) > 0 {
				t.Errorf("the example is reported by other rules too:\n%s", strings.Join(others, "\n"))
			}
			fixed, err := ruledoc.LintExample(ctx, eng, r, r.Fixed)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fixed {
				if f.RuleID == alsoReported[r.ID] {
					continue
				}
				t.Errorf("the fixed example has a finding: %d:%d %s %s", f.Region.StartLine, f.Region.StartColumn, f.RuleID, f.Message)
			}
		})
	}
}
