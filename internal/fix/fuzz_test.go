package fix_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/fix"
	"github.com/mi-lint/mi-lint/internal/fuzzseed"
	"github.com/mi-lint/mi-lint/internal/linter"
)

// FuzzFix lints arbitrary bytes, applies every fix the rules offer (safe
// and unsafe) and checks what --fix promises: the fixed text parses, no
// byte outside the edited spans changed, and further passes, as --fix
// makes them, settle: after them nothing is left to fix. The seeds are
// every configuration in the repository.
// Run: go test -run '^$' -fuzz '^FuzzFix$' -fuzztime 60s ./internal/fix
func FuzzFix(f *testing.F) {
	fuzzseed.Add(f, "../..")
	ctx := context.Background()
	eng, err := linter.New(ctx, linter.Options{})
	if err != nil {
		f.Fatal(err)
	}
	const name = "serverless.yml"
	edits := func(data []byte) []finding.Edit {
		out := eng.Check(ctx, linter.File{Name: name, Read: func() ([]byte, error) { return data, nil }})
		if out.Err != nil {
			return nil
		}
		return fix.Selected(out.Findings, true)[name]
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first := edits(data)
		if len(first) == 0 {
			return
		}
		out, err := fix.Apply(data, first)
		if errors.Is(err, fix.ErrNotText) {
			return // a UTF-16 file, which mi-lint does not write back
		}
		if err != nil {
			t.Fatalf("the rules' fixes do not apply: %v\nedits: %+v\ninput:\n%s", err, first, data)
		}
		mustParse(t, out.Content)
		if out.Overlapping == 0 {
			checkOnlySpansChanged(t, data, out.Content, first)
		}
		// As --fix does, fix again until nothing is left: a fix may bring
		// out another (a misspelt key renamed, its value is judged), and
		// overlapping fixes wait for the next pass. It must settle.
		text := out.Content
		for pass := 1; ; pass++ {
			next := edits(text)
			if len(next) == 0 {
				return
			}
			if pass == fixPasses {
				t.Fatalf("fixes remain after %d passes:\n%s\nedits: %+v", fixPasses, text, next)
			}
			again, err := fix.Apply(text, next)
			if err != nil {
				t.Fatalf("pass %d: the rules' fixes do not apply: %v\nedits: %+v\ninput:\n%s", pass+1, err, next, text)
			}
			mustParse(t, again.Content)
			if bytes.Equal(again.Content, text) {
				return // what is offered changes nothing: --fix stops too
			}
			text = again.Content
		}
	})
}

// fixPasses is the number of passes --fix makes at most (cli's
// maxFixPasses).
const fixPasses = 10

// mustParse fails the test when text is not YAML.
func mustParse(t *testing.T, text []byte) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		t.Fatalf("the fixed text does not parse: %v\n%s", err, text)
	}
}

// checkOnlySpansChanged checks that after is before with each edit's span
// replaced by its text and nothing else changed, the spans found afresh
// from the lines and code-point columns.
func checkOnlySpansChanged(t *testing.T, before, after []byte, edits []finding.Edit) {
	t.Helper()
	// Columns of the first line count from after a byte order mark.
	bom := []byte("\uFEFF")
	head := 0
	if bytes.HasPrefix(before, bom) {
		head = len(bom)
	}
	lines := splitKeepingEnds(before[head:])
	at := func(line, col int) int {
		off := head
		for _, l := range lines[:line-1] {
			off += len(l)
		}
		return off + len(string([]rune(string(lines[line-1]))[:col-1]))
	}
	type span struct {
		start, end int
		text       string
	}
	spans := make([]span, 0, len(edits))
	for _, e := range edits {
		spans = append(spans, span{at(e.Region.StartLine, e.Region.StartColumn), at(e.Region.EndLine, e.Region.EndColumn), e.Text})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var want []byte
	done := 0
	for _, s := range spans {
		want = append(append(want, before[done:s.start]...), s.text...)
		done = s.end
	}
	want = append(want, before[done:]...)
	if !bytes.Equal(want, after) {
		t.Fatalf("the fixed text is not the input with the spans replaced:\n%q\nwant:\n%q", after, want)
	}
}

// splitKeepingEnds splits text into lines at \n, \r\n and \r, each line
// with its line break.
func splitKeepingEnds(text []byte) [][]byte {
	var lines [][]byte
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, text[start:i+1])
			start = i + 1
		case '\n':
			lines = append(lines, text[start:i+1])
			start = i + 1
		}
	}
	return append(lines, text[start:])
}
