package linter_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// corpusRoot is the shared corpus: in CI the repository is cloned next to
// a copy of shared/, so it is ../shared/corpus from the repository root.
const corpusRoot = repoRoot + "/../shared/corpus"

// corpusFolders are linted whole; file names in findings are
// "<folder>/<file>", relative to corpusRoot.
var corpusFolders = []string{"real", "docs-snippets"}

// corpusExpectations lists every finding and load error the corpus must
// produce, each with the evidence that it is real.
const corpusExpectations = "testdata/corpus/expectations.tsv"

// loadErrorKind marks an expected load error in the expectations file.
const loadErrorKind = "load-error"

// corpusOutcome is one finding (kind = rule ID) or load error (kind =
// load-error, msg = the exact error) on a corpus file.
type corpusOutcome struct {
	kind string
	file string
	line int
	msg  string
}

func (o corpusOutcome) String() string {
	if o.kind == loadErrorKind {
		return fmt.Sprintf("%s\t%s\t%d\t%s", o.kind, o.file, o.line, o.msg)
	}
	return fmt.Sprintf("%s\t%s\t%d", o.kind, o.file, o.line)
}

// TestCorpus lints the real-world configurations and the framework docs'
// capacity-provider snippets of the shared corpus: no file may crash the
// linter, and the findings and load errors must be exactly the reviewed
// ones in the expectations file, both ways.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("no corpus at %s (CI clones the repository next to shared/): %v", corpusRoot, err)
	}
	files := corpusFiles(t)
	if len(files) == 0 {
		t.Fatalf("no configuration files under %s", corpusRoot)
	}
	want := readCorpusExpectations(t, filepath.Join(repoRoot, corpusExpectations))

	linted := map[string]bool{}
	for _, f := range files {
		linted[f.Name] = true
	}
	for o := range want {
		if !linted[o.file] {
			t.Errorf("%s names %s, which is not a linted corpus file", corpusExpectations, o.file)
		}
	}

	res := engineFor(t, loader.Options{}).Lint(context.Background(), files)
	if res.Files != len(files) {
		t.Errorf("linted %d files, want %d", res.Files, len(files))
	}
	got := map[corpusOutcome]int{}
	for _, e := range res.Errors {
		// A crash or an evaluation failure is never an expected outcome.
		if strings.HasPrefix(e.Message, "internal error") || strings.HasPrefix(e.Message, "evaluate policies") {
			t.Errorf("%s:%d: %s", e.File, e.Line, e.Message)
			continue
		}
		got[corpusOutcome{kind: loadErrorKind, file: e.File, line: e.Line, msg: e.Message}]++
	}
	messages := map[corpusOutcome][]string{}
	for _, f := range res.Findings {
		o := corpusOutcome{kind: f.RuleID, file: f.File, line: f.Region.StartLine}
		got[o]++
		messages[o] = append(messages[o], f.Message)
	}
	for _, n := range res.Notices {
		if strings.Contains(n.Message, "internal error") {
			t.Errorf("%s:%d: %s", n.File, n.Line, n.Message)
		}
	}

	var missing, unexpected []string
	for o, n := range want {
		for range n - got[o] {
			missing = append(missing, o.String())
		}
	}
	for o, n := range got {
		for i := range n - want[o] {
			line := o.String()
			if o.kind != loadErrorKind {
				line += "\t" + messages[o][i%len(messages[o])]
			}
			unexpected = append(unexpected, line)
		}
	}
	slices.Sort(missing)
	slices.Sort(unexpected)
	if len(missing) > 0 {
		t.Errorf("expected in %s but not produced (fix the regression, or remove the line once the change is reviewed):\n%s",
			corpusExpectations, strings.Join(missing, "\n"))
	}
	if len(unexpected) > 0 {
		t.Errorf("produced but not in %s: review each against the YAML and the catalogue; fix a false positive, "+
			"or add the line with its evidence in place of the message:\n%s",
			corpusExpectations, strings.Join(unexpected, "\n"))
	}
}

// corpusFiles lists the configuration files of the corpus folders; other
// files (SOURCES.tsv, notes) are not configurations and are not linted.
func corpusFiles(t *testing.T) []linter.File {
	t.Helper()
	var files []linter.File
	for _, folder := range corpusFolders {
		entries, err := os.ReadDir(filepath.Join(corpusRoot, folder))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			switch strings.ToLower(path.Ext(e.Name())) {
			case ".yml", ".yaml", ".json":
			default:
				continue
			}
			if e.IsDir() {
				continue
			}
			p := filepath.Join(corpusRoot, folder, e.Name())
			files = append(files, linter.File{
				Name: folder + "/" + e.Name(),
				Read: func() ([]byte, error) { return os.ReadFile(p) },
			})
		}
	}
	return files
}

// readCorpusExpectations reads the expectations file: "#" comments, blank
// lines, and tab-separated lines
//
//	<rule ID>   <file> <line> <evidence>
//	load-error  <file> <line> <exact error> <evidence>
//
// Evidence is required: it is what makes a line reviewed.
func readCorpusExpectations(t *testing.T, name string) map[corpusOutcome]int {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[corpusOutcome]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		want := 4
		if fields[0] == loadErrorKind {
			want = 5
		}
		if len(fields) != want || strings.TrimSpace(fields[want-1]) == "" {
			t.Fatalf("%s:%d: want %d tab-separated fields, the last the evidence; got %q", corpusExpectations, n, want, text)
		}
		line, err := strconv.Atoi(fields[2])
		if err != nil || line < 0 {
			t.Fatalf("%s:%d: line %q is not a line number", corpusExpectations, n, fields[2])
		}
		o := corpusOutcome{kind: fields[0], file: fields[1], line: line}
		if o.kind == loadErrorKind {
			o.msg = fields[3]
		}
		out[o]++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
