package loader

import "unicode/utf8"

// Home returns where the key (key true) or the value of the last step of
// path is written, when that text is the value's own: the entry is written
// in its mapping (not brought in by a `<<` merge) and, for a value, the
// value is a scalar written there, not reached through a variable or an
// alias. Editing that text changes this setting and nothing else the
// document reads through another name. The range is the text of the
// scalar, inside its quotes if it has any, on one line; ok is false for
// any other text (a block scalar, escapes, an anchor or tag before it),
// which a fix does not touch.
func (d *Document) Home(path Path, key bool) (r Range, ok bool) {
	if len(path) == 0 {
		return Range{}, false
	}
	cur := d.Config
	for i, elem := range path {
		last := i == len(path)-1
		switch k := elem.(type) {
		case string:
			e := cur.entry(k)
			if e == nil {
				return Range{}, false
			}
			if last {
				if !e.MergedAt.IsZero() {
					return Range{}, false
				}
				if key {
					return literalText(e.KeyRange, e.Key)
				}
			}
			cur = e.Value
		case int:
			if key && last || cur.Kind != KindList || k < 0 || k >= len(cur.Items) {
				return Range{}, false
			}
			cur = cur.Items[k]
		default:
			return Range{}, false
		}
	}
	if len(cur.Via) > 0 {
		return Range{}, false
	}
	switch cur.Kind {
	case KindString:
		return literalText(cur.Range, cur.Str)
	case KindBool:
		text := "false"
		if cur.Bool {
			text = "true"
		}
		// true, True or TRUE (and so for false), unquoted.
		return literalText(cur.Range, text)
	case KindNumber:
		// A number's text is canonical: it must be written so, unquoted.
		if r, ok := literalText(cur.Range, cur.Str); ok && r == cur.Range {
			return r, true
		}
	case KindNull, KindMap, KindList, KindUnknown:
		// No literal text of their own to replace.
	}
	return Range{}, false
}

// literalText narrows r, where a scalar is written, to its text when that
// is exactly value, plain or inside one pair of quotes.
func literalText(r Range, value string) (Range, bool) {
	if r.IsZero() || r.Line != r.EndLine || value == "" {
		return Range{}, false
	}
	n := utf8.RuneCountInString(value)
	switch r.EndCol - r.Col {
	case n:
		return r, true
	case n + 2:
		r.Col++
		r.EndCol--
		return r, true
	}
	return Range{}, false
}

// EntrySpan returns the text to delete to remove the entry at path, a key
// of a block mapping written there (not merged in): from its key to the
// next key of the mapping, or, for the last entry, the whole lines from
// its key's to its value's end, line break included. ok is false for a
// flow mapping, whose separators a deletion would have to mend, and for a
// mapping's only entry.
func (d *Document) EntrySpan(path Path) (r Range, ok bool) {
	if len(path) == 0 {
		return Range{}, false
	}
	key, isKey := path[len(path)-1].(string)
	if !isKey {
		return Range{}, false
	}
	parent := d.Config
	for _, elem := range path[:len(path)-1] {
		switch k := elem.(type) {
		case string:
			parent = parent.Get(k)
		case int:
			if parent == nil || parent.Kind != KindList || k < 0 || k >= len(parent.Items) {
				return Range{}, false
			}
			parent = parent.Items[k]
		}
	}
	if parent == nil || parent.Kind != KindMap || len(parent.Entries) < 2 {
		return Range{}, false
	}
	first := parent.Entries[0].KeyRange
	// A block mapping starts at its first key; a flow one at its brace.
	if parent.Range.File != first.File || parent.Range.Line != first.Line || parent.Range.Col != first.Col {
		return Range{}, false
	}
	for i, e := range parent.Entries {
		if e.Key != key {
			continue
		}
		if !e.MergedAt.IsZero() || e.KeyRange.IsZero() {
			return Range{}, false
		}
		if i+1 < len(parent.Entries) {
			next := parent.Entries[i+1]
			if !next.MergedAt.IsZero() || next.KeyRange.File != e.KeyRange.File {
				return Range{}, false
			}
			return Range{File: e.KeyRange.File, Line: e.KeyRange.Line, Col: e.KeyRange.Col, EndLine: next.KeyRange.Line, EndCol: next.KeyRange.Col}, true
		}
		// The last entry: a key that is not the first starts its line.
		end := e.Value.Range
		if len(e.Value.Via) > 0 {
			end = e.Value.Via[0]
		}
		if end.File != e.KeyRange.File || end.EndLine < e.KeyRange.Line {
			return Range{}, false
		}
		return Range{File: e.KeyRange.File, Line: e.KeyRange.Line, Col: 1, EndLine: end.EndLine + 1, EndCol: 1}, true
	}
	return Range{}, false
}
