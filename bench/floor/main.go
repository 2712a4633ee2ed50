// Command floor is the parse floor of bench/run.sh: it reads and
// yaml.v3-parses (node API, as mi-lint's loader does) every file named on
// the command line or found under the directories named there
// (serverless.yml, serverless.yaml, serverless.json; node_modules,
// .serverless, .git and vendor skipped), on GOMAXPROCS workers with files
// streamed through, and prints how many it parsed. No linter built on
// yaml.v3 can do less work per file than this.
//
// usage: go run ./bench/floor PATH...
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

var (
	configNames = map[string]bool{"serverless.yml": true, "serverless.yaml": true, "serverless.json": true}
	skippedDirs = map[string]bool{"node_modules": true, ".serverless": true, ".git": true, "vendor": true}
)

func main() {
	paths := os.Args[1:]
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files := make(chan string, 256)
	var parsed, failed atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for name := range files {
				if parse(name) != nil {
					failed.Add(1)
					continue
				}
				parsed.Add(1)
			}
		})
	}
	walkErr := false
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && skippedDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if path == p || configNames[d.Name()] {
				files <- path
			}
			return nil
		})
		if err != nil {
			fmt.Fprintf(os.Stderr, "floor: %v\n", err)
			walkErr = true
		}
	}
	close(files)
	wg.Wait()
	fmt.Printf("%d files parsed\n", parsed.Load())
	if failed.Load() > 0 || walkErr {
		fmt.Fprintf(os.Stderr, "floor: %d files failed\n", failed.Load())
		os.Exit(2)
	}
}

// parse reads one file and decodes it into a yaml.v3 node tree, then
// drops it: the tree is all a node-API loader starts from.
func parse(name string) error {
	content, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(content, &root); err != nil {
		fmt.Fprintf(os.Stderr, "floor: %s: %v\n", name, err)
		return err
	}
	return nil
}
