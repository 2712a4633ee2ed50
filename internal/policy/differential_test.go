package policy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/benchcorpus"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// repoRoot is the repository root, from this package's directory.
const repoRoot = "../.."

// differentialFiles are the rule fixtures, the shared corpus's real and
// documentation files (when ../shared is beside the repository) and
// generated services of every size.
func differentialFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, pattern := range []string{
		"testdata/rules/*/*.yml",
		"../shared/corpus/real/*",
		"../shared/corpus/docs-snippets/*",
	} {
		names, err := filepath.Glob(filepath.Join(repoRoot, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			switch strings.ToLower(filepath.Ext(name)) {
			case ".yml", ".yaml", ".json":
			default:
				continue
			}
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[name] = b
		}
	}
	for seed := range uint64(20) {
		for _, size := range benchcorpus.Sizes {
			files[fmt.Sprintf("generated/%s-%02d/serverless.yml", size.Name, seed)] = benchcorpus.Service(seed, int(seed), size.Functions)
		}
	}
	return files
}

// TestStartupSavingsKeepFindings compares the run's evaluator (modules
// compacted, check-only compiler stages skipped, facts stored as AST
// values) with the reference (whole modules, every stage, facts as Go
// values) on every file: the findings must be identical.
func TestStartupSavingsKeepFindings(t *testing.T) {
	ctx := context.Background()
	fast, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref.reference = true
	fastEval, err := fast.Evaluator(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	refEval, err := ref.Evaluator(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	files := differentialFiles(t)
	evaluated, withFindings := 0, 0
	for name, content := range files {
		doc, err := loader.Load(loader.Source{Path: name, Content: content}, loader.Options{}, loader.DefaultLimits)
		if err != nil {
			continue // a load error never reaches the rules
		}
		got, gotErr := fastEval.Evaluate(ctx, doc)
		want, wantErr := refEval.Evaluate(ctx, doc)
		if (gotErr != nil) != (wantErr != nil) {
			t.Errorf("%s: error %v, reference error %v", name, gotErr, wantErr)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: findings differ from the reference (-reference +run):\n%s", name, diff)
		}
		evaluated++
		if len(want) > 0 {
			withFindings++
		}
	}
	// The comparison means something only if the files reach the rules
	// and make them report.
	if evaluated < len(files)/2 || withFindings < evaluated/4 {
		t.Fatalf("evaluated %d of %d files, %d with findings", evaluated, len(files), withFindings)
	}
	t.Logf("%d files evaluated, %d with findings", evaluated, withFindings)
}
