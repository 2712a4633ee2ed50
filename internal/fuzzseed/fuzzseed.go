// Package fuzzseed seeds the fuzz targets with every configuration the
// repository holds (rule fixtures, clean and golden inputs, examples, the
// hostile inputs) and the shared corpus when it is checked out next to the
// repository.
package fuzzseed

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dirs are the seed directories, relative to the repository root. Missing
// ones are skipped.
var Dirs = []string{
	"testdata/rules",
	"testdata/clean",
	"testdata/golden/input",
	"testdata/fix",
	"testdata/hostile",
	"testdata/cli",
	"examples",
	"../shared/corpus",
}

// maxSeed leaves out generated giants: the fuzzer mutates small inputs.
const maxSeed = 1 << 20

// Files returns the contents of every .yml, .yaml and .json file under
// Dirs, in a stable order. repoRoot is the repository root relative to the
// test's package directory.
func Files(tb testing.TB, repoRoot string) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, dir := range Dirs {
		root := filepath.Join(repoRoot, filepath.FromSlash(dir))
		if _, err := os.Stat(root); err != nil {
			continue
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".yml", ".yaml", ".json":
			default:
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if len(b) <= maxSeed {
				out = append(out, b)
			}
			return nil
		})
		if err != nil {
			tb.Fatalf("seed corpus %s: %v", root, err)
		}
	}
	return out
}

// Add adds every seed file to f.
func Add(f *testing.F, repoRoot string) {
	f.Helper()
	for _, b := range Files(f, repoRoot) {
		f.Add(b)
	}
}
