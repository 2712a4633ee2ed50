package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/mi-lint/mi-lint/internal/discover"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/fix"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/report"
)

// lintAndFix is a lint with --fix: lint, apply the fixes of what is
// reported (safe ones, unsafe ones too with --unsafe-fixes), then lint
// again and return what remains, which the report and exit code follow.
// Standard input is never written back: its fixed text goes to standard
// output, and the report to standard error.
func (c *Command) lintAndFix(f *flags, ws discover.Workspace, root *os.Root, files []linter.File, paths []string, run func() (report.Result, int)) (report.Result, int) {
	stdinName := ""
	if slices.Contains(paths, "-") {
		stdinName = f.stdinFilename
		if !strings.HasPrefix(stdinName, "<") {
			stdinName = ws.Name(stdinName)
		}
	}
	// Standard input can be read once: keep what the first lint reads.
	var stdinText []byte
	for i := range files {
		if files[i].Name != stdinName {
			continue
		}
		read := files[i].Read
		files[i].Read = func() ([]byte, error) {
			if stdinText == nil {
				b, err := read()
				if err != nil {
					return nil, err
				}
				stdinText = b
			}
			return stdinText, nil
		}
	}

	res, code := run()
	if code != ExitOK {
		return res, code
	}
	edits := fix.Selected(res.Findings, f.unsafeFixes)
	names := make([]string, 0, len(edits))
	for name := range edits {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == stdinName {
			out, err := fix.Apply(stdinText, edits[name])
			if err != nil {
				fmt.Fprintf(c.Stderr, "mi-lint: %s: not fixed: %v\n", name, err)
				continue
			}
			c.sayFixed(name, out)
			stdinText = out.Content
			continue
		}
		if stdinName != "" {
			fmt.Fprintf(c.Stderr, "mi-lint: %s: not fixed: only standard input is fixed when it is linted\n", name)
			continue
		}
		if err := c.fixFile(root, name, edits[name]); err != nil {
			fmt.Fprintf(c.Stderr, "mi-lint: %s: not fixed: %v\n", name, err)
		}
	}
	if stdinName != "" {
		if stdinText != nil {
			if _, err := c.Stdout.Write(stdinText); err != nil {
				return res, c.fatal(fmt.Errorf("write fixed text: %w", err))
			}
		}
		c.Stdout = c.Stderr
	}
	if len(edits) == 0 {
		return res, code
	}
	return run()
}

// fixFile applies edits to the file name (relative to the repository
// root) and writes it back when its text changed.
func (c *Command) fixFile(root *os.Root, name string, edits []finding.Edit) error {
	if strings.HasPrefix(name, "<") || strings.HasPrefix(name, "/") || name == ".." || strings.HasPrefix(name, "../") {
		return errors.New("outside the repository root")
	}
	content, err := root.ReadFile(filepath.FromSlash(name))
	if err != nil {
		return err
	}
	out, err := fix.Apply(content, edits)
	if err != nil {
		return err
	}
	if out.Applied == 0 || bytes.Equal(out.Content, content) {
		return nil
	}
	if err := fix.WriteFile(root, name, out.Content); err != nil {
		return err
	}
	c.sayFixed(name, out)
	return nil
}

// sayFixed tells what a fix did to one file.
func (c *Command) sayFixed(name string, out fix.Outcome) {
	if out.Applied > 0 {
		fmt.Fprintf(c.Stderr, "mi-lint: %s: applied %s\n", name, plural(out.Applied, "fix", "fixes"))
	}
	if out.Overlapping > 0 {
		fmt.Fprintf(c.Stderr, "mi-lint: %s: left %s that overlap another for the next run\n", name, plural(out.Overlapping, "fix", "fixes"))
	}
}

// plural is "1 one" or "n many".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
