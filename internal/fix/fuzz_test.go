package fix_test

import (
	"bytes"
	"context"
	"errors"
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
		checkOnlySpansChanged(t, data, out.Content, first)
		if out.Overlapping > 0 {
			return // the rest is for the next run
		}
		again, err := fix.Apply(out.Content, edits(out.Content))
		if err != nil || !bytes.Equal(again.Content, out.Content) {
			t.Fatalf("a second pass changed the fixed text (%v):\n%s\nto:\n%s", err, out.Content, again.Content)
		}
	})
}

// checkOnlySpansChanged compares the texts line by line (a fix never adds
// or removes a line): a line no edit is on is unchanged, and an edited
// line keeps its text before the first edit and after the last.
func checkOnlySpansChanged(t *testing.T, before, after []byte, edits []finding.Edit) {
	t.Helper()
	// Columns of the first line count from after a byte order mark.
	bom := []byte("\uFEFF")
	if bytes.HasPrefix(before, bom) != bytes.HasPrefix(after, bom) {
		t.Fatalf("the fix changed the byte order mark")
	}
	was, now := splitKeepingEnds(bytes.TrimPrefix(before, bom)), splitKeepingEnds(bytes.TrimPrefix(after, bom))
	if len(was) != len(now) {
		t.Fatalf("the fix changed the number of lines from %d to %d:\n%s", len(was), len(now), after)
	}
	type bounds struct{ first, last int } // code-point columns
	edited := map[int]bounds{}
	for _, e := range edits {
		r := e.Region
		if r.StartLine != r.EndLine {
			t.Fatalf("an edit spans lines %d to %d", r.StartLine, r.EndLine)
		}
		b, ok := edited[r.StartLine]
		if !ok {
			b = bounds{r.StartColumn, r.EndColumn}
		}
		b.first, b.last = min(b.first, r.StartColumn), max(b.last, r.EndColumn)
		edited[r.StartLine] = b
	}
	for i := range was {
		b, ok := edited[i+1]
		if !ok {
			if !bytes.Equal(was[i], now[i]) {
				t.Fatalf("line %d has no edit but changed: %q to %q", i+1, was[i], now[i])
			}
			continue
		}
		w, n := []rune(string(was[i])), []rune(string(now[i]))
		head := b.first - 1
		tail := len(w) - (b.last - 1)
		if string(w[:head]) != string(n[:min(head, len(n))]) || len(n) < tail || string(w[len(w)-tail:]) != string(n[len(n)-tail:]) {
			t.Fatalf("line %d changed outside columns %d to %d: %q to %q", i+1, b.first, b.last, was[i], now[i])
		}
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
