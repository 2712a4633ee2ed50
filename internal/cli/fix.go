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

// maxFixPasses bounds the passes of --fix. A fix can bring out another
// (a misspelt key renamed, its value is judged), and overlapping fixes
// wait for the next pass, so --fix lints and fixes again until nothing is
// left to fix, as ESLint does, at most this many times.
const maxFixPasses = 10

// lintAndFix is a lint with --fix: lint, apply the fixes of what is
// reported (safe ones, unsafe ones too with --unsafe-fixes), lint again,
// and so on until no fix is left or a pass changes nothing; it returns
// what remains, which the report and exit code follow. Standard input is
// never written back: its fixed text goes to standard output, and the
// report to standard error.
func (c *Command) lintAndFix(f *flags, ws discover.Workspace, root *os.Root, files []linter.File, paths []string, run func() (report.Result, int)) (report.Result, int) {
	stdinName := ""
	if slices.Contains(paths, "-") {
		stdinName = f.stdinFilename
		if !strings.HasPrefix(stdinName, "<") {
			stdinName = ws.Name(stdinName)
		}
	}
	// Standard input can be read once: keep what the first lint reads,
	// and lint its fixed text in later passes.
	fixer := &fixer{c: c, root: root, stdinName: stdinName, applied: map[string]int{}, refused: map[string]bool{}}
	for i := range files {
		if files[i].Name != stdinName {
			continue
		}
		read := files[i].Read
		files[i].Read = func() ([]byte, error) {
			if fixer.stdinText == nil {
				b, err := read()
				if err != nil {
					return nil, err
				}
				fixer.stdinText = b
			}
			return fixer.stdinText, nil
		}
	}

	res, code := run()
	for pass := 0; code == ExitOK; pass++ {
		edits := fix.Selected(res.Findings, f.unsafeFixes)
		if len(edits) == 0 {
			break
		}
		if pass == maxFixPasses {
			fmt.Fprintf(c.Stderr, "mi-lint: fixes remain after %d passes; run mi-lint --fix again\n", maxFixPasses)
			break
		}
		if !fixer.apply(edits) {
			break
		}
		res, code = run()
	}
	fixer.report()
	if code != ExitOK {
		return res, code
	}
	if stdinName != "" {
		if fixer.stdinText != nil {
			if _, err := c.Stdout.Write(fixer.stdinText); err != nil {
				return res, c.fatal(fmt.Errorf("write fixed text: %w", err))
			}
		}
		c.Stdout = c.Stderr
	}
	return res, code
}

// fixer applies the fixes of one --fix run, pass after pass.
type fixer struct {
	c         *Command
	root      *os.Root
	stdinName string
	stdinText []byte
	// applied counts the fixes applied to each file over all passes.
	applied map[string]int
	// refused holds the files already said to be not fixed.
	refused map[string]bool
}

// apply applies one pass of edits, by file, and reports whether any text
// changed.
func (x *fixer) apply(edits map[string][]finding.Edit) bool {
	names := make([]string, 0, len(edits))
	for name := range edits {
		names = append(names, name)
	}
	sort.Strings(names)
	changed := false
	for _, name := range names {
		if x.refused[name] {
			continue
		}
		var err error
		switch {
		case name == x.stdinName:
			var out fix.Outcome
			if out, err = fix.Apply(x.stdinText, edits[name]); err == nil && out.Applied > 0 && !bytes.Equal(out.Content, x.stdinText) {
				x.stdinText = out.Content
				x.applied[name] += out.Applied
				changed = true
			}
		case x.stdinName != "":
			err = errors.New("only standard input is fixed when it is linted")
		default:
			var n int
			if n, err = x.fixFile(name, edits[name]); n > 0 {
				x.applied[name] += n
				changed = true
			}
		}
		if err != nil {
			fmt.Fprintf(x.c.Stderr, "mi-lint: %s: not fixed: %v\n", name, err)
			x.refused[name] = true
		}
	}
	return changed
}

// fixFile applies edits to the file name (relative to the repository
// root), writes it back when its text changed, and returns how many fixes
// it applied.
func (x *fixer) fixFile(name string, edits []finding.Edit) (int, error) {
	if strings.HasPrefix(name, "<") || strings.HasPrefix(name, "/") || name == ".." || strings.HasPrefix(name, "../") {
		return 0, errors.New("outside the repository root")
	}
	content, err := x.root.ReadFile(filepath.FromSlash(name))
	if err != nil {
		return 0, err
	}
	out, err := fix.Apply(content, edits)
	if err != nil {
		return 0, err
	}
	if out.Applied == 0 || bytes.Equal(out.Content, content) {
		return 0, nil
	}
	if err := fix.WriteFile(x.root, name, out.Content); err != nil {
		return 0, err
	}
	return out.Applied, nil
}

// report tells how many fixes each file received.
func (x *fixer) report() {
	names := make([]string, 0, len(x.applied))
	for name := range x.applied {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(x.c.Stderr, "mi-lint: %s: applied %s\n", name, plural(x.applied[name], "fix", "fixes"))
	}
}

// plural is "1 one" or "n many".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
