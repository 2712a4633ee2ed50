// Command gendocs regenerates docs/rules/ and the README's rules table from
// the rules' METADATA and real runs. Run from the repository root:
//
//	go run ./internal/ruledoc/gendocs
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mi-lint/mi-lint/internal/cli"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/ruledoc"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "gendocs: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	eng, err := linter.New(ctx, linter.Options{})
	if err != nil {
		return err
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	files, err := ruledoc.Generate(ctx, eng, string(readme), examplesOutput(wd))
	if err != nil {
		return err
	}
	if err := os.RemoveAll(filepath.Join("docs", "rules")); err != nil {
		return err
	}
	for name, content := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// examplesOutput is what `mi-lint examples/` prints in the repository.
func examplesOutput(root string) string {
	out, _ := cli.Output(root, filepath.Join(root, "examples"))
	return out
}
