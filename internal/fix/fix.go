// Package fix applies the fixes rules offer: each edit replaces the bytes
// of one span of a file, so comments, quoting, indentation, key order and
// line endings elsewhere stay exactly as they were. It never re-serialises
// YAML.
package fix

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// Selected returns the edits of the findings' fixes to apply, by file: the
// safe fixes, and the others too when unsafe is set. An edit that several
// findings offer (a value that two functions inherit) appears once.
func Selected(findings []finding.Finding, unsafe bool) map[string][]finding.Edit {
	out := map[string][]finding.Edit{}
	for _, f := range findings {
		if f.Fix == nil || (!f.Fix.Safe && !unsafe) {
			continue
		}
		for _, e := range f.Fix.Edits {
			if !slices.Contains(out[e.File], e) {
				out[e.File] = append(out[e.File], e)
			}
		}
	}
	return out
}

// Outcome is what applying edits to one file did.
type Outcome struct {
	// Content is the fixed text; the same slice as the input when no edit
	// applied.
	Content []byte
	Applied int
	// Overlapping counts the edits left out because they overlap one
	// applied: a later run applies them if they still hold.
	Overlapping int
}

// ErrNotText is returned for content that is not UTF-8 text: the regions
// count code points of the decoded text, and mi-lint does not write other
// encodings back.
var ErrNotText = errors.New("not UTF-8 text; fix it by hand")

// Apply replaces each edit's region of content with its text. Edits are
// applied in file order; one that overlaps an applied edit is skipped.
// The result must still parse as YAML, else nothing is applied.
func Apply(content []byte, edits []finding.Edit) (Outcome, error) {
	if !utf8.Valid(content) {
		return Outcome{Content: content}, ErrNotText
	}
	lines := lineStarts(content)
	type span struct {
		start, end int
		text       string
	}
	spans := make([]span, 0, len(edits))
	for _, e := range edits {
		start, ok1 := offset(content, lines, e.Region.StartLine, e.Region.StartColumn)
		end, ok2 := offset(content, lines, e.Region.EndLine, e.Region.EndColumn)
		if !ok1 || !ok2 || end < start {
			return Outcome{Content: content}, fmt.Errorf("edit at %d:%d is not a place in the file", e.Region.StartLine, e.Region.StartColumn)
		}
		spans = append(spans, span{start, end, e.Text})
	}
	slices.SortStableFunc(spans, func(a, b span) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })

	out := Outcome{Content: content}
	var b bytes.Buffer
	b.Grow(len(content))
	done, prevInsert := 0, false
	for _, s := range spans {
		insert := s.start == s.end
		// Spans that touch overlap when either is an insertion: which text
		// goes first would be a guess.
		if s.start < done || (out.Applied > 0 && s.start == done && (insert || prevInsert)) {
			out.Overlapping++
			continue
		}
		b.Write(content[done:s.start])
		b.WriteString(s.text)
		done, prevInsert = s.end, insert
		out.Applied++
	}
	if out.Applied == 0 {
		return out, nil
	}
	b.Write(content[done:])
	fixed := b.Bytes()
	if bytes.Equal(fixed, content) {
		return Outcome{Content: content}, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fixed, &doc); err != nil {
		return Outcome{Content: content}, fmt.Errorf("the fixed text would not parse, so nothing is applied: %w", err)
	}
	out.Content = fixed
	return out, nil
}

// lineStarts returns the byte offset where each line starts, lines split
// at \n, \r\n and \r as the loader splits them; a byte order mark is not
// part of the first line.
func lineStarts(content []byte) []int {
	starts := []int{0}
	if bytes.HasPrefix(content, []byte("\uFEFF")) {
		starts[0] = 3
	}
	for i := starts[0]; i < len(content); i++ {
		switch content[i] {
		case '\r':
			if i+1 < len(content) && content[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		case '\n':
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offset turns a 1-based line and code-point column into a byte offset; ok
// is false outside the line (the column past its last character is in).
func offset(content []byte, starts []int, line, col int) (int, bool) {
	if line < 1 || line > len(starts) || col < 1 {
		return 0, false
	}
	i := starts[line-1]
	for range col - 1 {
		if i >= len(content) || content[i] == '\n' || content[i] == '\r' {
			return 0, false
		}
		_, size := utf8.DecodeRune(content[i:])
		i += size
	}
	return i, true
}
