package suppress

import (
	"fmt"
	"slices"
	"strings"
)

// treePath names the node that starts on line t by its place in the YAML
// tree, as keys and sequence indexes read from the lines that hold it:
// "provider.vpc.subnetIds[1]". Keys are as written (a quoted key keeps its
// quotes). It identifies a directive across edits that shift lines; it is
// not a path into the loaded document (no anchors, merges or includes).
func treePath(lines []line, t int) string {
	for t > 0 && lines[t].inside {
		t-- // a continuation line belongs to the node of the line that opened it
	}
	var rev []string // segments, innermost first
	col, entry := -1, false
	for j := t; j >= 0; j-- {
		l := lines[j]
		if l.blank || l.inside || l.commentOnly {
			continue
		}
		key, keyCol := lineKey(l)
		switch {
		case j == t:
		case l.indent < col:
			// A parent: its key holds the child unless the child is another
			// key of the mapping a sequence entry starts ("- name: x" then
			// "  handler: y").
			if l.entry && keyCol >= col {
				key = ""
			}
		case l.indent == col && entry && l.openKey && !l.entry:
			// The key of a sequence written at the key's own indentation.
		default:
			continue
		}
		if key != "" {
			rev = append(rev, key)
		}
		if l.entry {
			rev = append(rev, fmt.Sprintf("[%d]", entriesBefore(lines, j)))
		}
		col, entry = l.indent, l.entry
		if col == 0 && !entry {
			break
		}
	}
	var b strings.Builder
	for _, r := range slices.Backward(rev) {
		if b.Len() > 0 && !strings.HasPrefix(r, "[") {
			b.WriteByte('.')
		}
		b.WriteString(r)
	}
	return b.String()
}

// lineKey returns the mapping key a line starts (after a sequence entry's
// dash), "" when it starts none, and the key's column.
func lineKey(l line) (string, int) {
	start := l.indent
	if l.entry {
		start++
		for start < len(l.text) && isBlankRune(l.text[start]) {
			start++
		}
	}
	end := len(l.text)
	if l.comment >= 0 {
		end = l.comment
	}
	if start >= end {
		return "", start
	}
	code := l.text[start:end]
	from := 0
	if q := code[0]; q == '"' || q == '\'' {
		// A quoted key may hold ": ".
		from = 1
		for from < len(code) && code[from] != q {
			from++
		}
	}
	for i := from; i < len(code); i++ {
		if code[i] == ':' && (i+1 == len(code) || isBlankRune(code[i+1])) {
			return strings.TrimRight(string(code[:i]), " \t"), start
		}
	}
	return "", start
}

// entriesBefore counts the entries of a block sequence before the one on
// line j.
func entriesBefore(lines []line, j int) int {
	n := 0
	for k := j - 1; k >= 0; k-- {
		l := lines[k]
		if l.blank || l.inside || l.commentOnly || l.indent > lines[j].indent {
			continue
		}
		if l.indent < lines[j].indent || !l.entry {
			break
		}
		n++
	}
	return n
}
