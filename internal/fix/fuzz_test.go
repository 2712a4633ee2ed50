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
// byte outside the edited spans changed, and a second pass changes
// nothing. The seeds are every configuration in the repository.
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
		var doc yaml.Node
		if err := yaml.Unmarshal(out.Content, &doc); err != nil {
			t.Fatalf("the fixed text does not parse: %v\n%s", err, out.Content)
		}
		if out.Overlapping > 0 {
			return // some edits are for the next run
		}
		checkOnlySpansChanged(t, data, out.Content, first)
		again, err := fix.Apply(out.Content, edits(out.Content))
		if err != nil || !bytes.Equal(again.Content, out.Content) {
			t.Fatalf("a second pass changed the fixed text (%v):\n%s\nto:\n%s", err, out.Content, again.Content)
		}
	})
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
