package ruledoc_test

import (
	"context"
	"os"
	"path/filepath"
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
