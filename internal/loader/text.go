package loader

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Text returns a file's content as the UTF-8 text the loader parses: a
// UTF-16 file with a byte order mark is decoded, and anything that is not
// YAML text is refused with an *Error at the first offending character: a
// binary file (a NUL byte), invalid UTF-8, a character YAML forbids (C0
// and C1 control characters other than tab and line breaks, U+FFFE,
// U+FFFF), UTF-32. A UTF-8 byte order mark is kept; the loader skips it.
// Positions are in code points, as everywhere.
func Text(file string, src []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(src, []byte{0x00, 0x00, 0xFE, 0xFF}), bytes.HasPrefix(src, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return nil, &Error{File: file, Line: 1, Col: 1, Msg: "the file is UTF-32 text, which is not supported; save it as UTF-8"}
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return decodeUTF16(file, src[2:], true)
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		return decodeUTF16(file, src[2:], false)
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := offsetPos(src, i)
		return nil, &Error{File: file, Line: line, Col: col,
			Msg: "binary file: it holds a NUL byte here, and a serverless configuration is YAML text"}
	}
	if i, msg := firstBadChar(src); i >= 0 {
		line, col := offsetPos(src, i)
		return nil, &Error{File: file, Line: line, Col: col, Msg: msg}
	}
	return src, nil
}

// firstBadChar returns the offset of the first byte that does not start a
// character YAML allows (YAML 1.2 c-printable, as yaml.v3 checks it), and
// why; -1 when there is none.
func firstBadChar(src []byte) (int, string) {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F {
				return i, fmt.Sprintf("control character U+%04X is not allowed in YAML", c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return i, fmt.Sprintf("invalid UTF-8: byte 0x%02X does not begin a valid character; save the file as UTF-8", c)
		case r >= 0x80 && r <= 0x9F && r != 0x85:
			return i, fmt.Sprintf("control character U+%04X is not allowed in YAML", r)
		case r == 0xFFFE || r == 0xFFFF:
			return i, fmt.Sprintf("character U+%04X is not allowed in YAML", r)
		}
		i += size
	}
	return -1, ""
}

// decodeUTF16 turns UTF-16 (after its byte order mark) into UTF-8.
func decodeUTF16(file string, src []byte, bigEndian bool) ([]byte, error) {
	out := make([]byte, 0, len(src)+len(src)/2)
	unit := func(i int) rune {
		if bigEndian {
			return rune(src[i])<<8 | rune(src[i+1])
		}
		return rune(src[i+1])<<8 | rune(src[i])
	}
	fail := func(msg string) error {
		line, col := offsetPos(out, len(out))
		return &Error{File: file, Line: line, Col: col, Msg: msg}
	}
	for i := 0; i < len(src); i += 2 {
		if i+1 >= len(src) {
			return nil, fail("invalid UTF-16: the file ends in the middle of a character")
		}
		r := unit(i)
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if i+3 >= len(src) {
				return nil, fail(fmt.Sprintf("invalid UTF-16: surrogate 0x%04X is not followed by its pair", r))
			}
			lo := unit(i + 2)
			if lo < 0xDC00 || lo > 0xDFFF {
				return nil, fail(fmt.Sprintf("invalid UTF-16: surrogate 0x%04X is not followed by its pair", r))
			}
			r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
			i += 2
		case r >= 0xDC00 && r <= 0xDFFF:
			return nil, fail(fmt.Sprintf("invalid UTF-16: surrogate 0x%04X has no leading pair", r))
		case r == 0:
			return nil, fail("binary file: it holds a NUL character here, and a serverless configuration is YAML text")
		}
		out = utf8.AppendRune(out, r)
	}
	if i, msg := firstBadChar(out); i >= 0 {
		line, col := offsetPos(out, i)
		return nil, &Error{File: file, Line: line, Col: col, Msg: msg}
	}
	return out, nil
}

// offsetPos returns the 1-based line and column (in code points) of a byte
// offset. Lines end at LF, CRLF or CR; a UTF-8 byte order mark takes no
// column. Invalid bytes count one column each.
func offsetPos(src []byte, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	line, start := 1, 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) && off >= 3 {
		start = 3
	}
	for i := start; i < off; i++ {
		switch src[i] {
		case '\n':
			line, start = line+1, i+1
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				if i+1 == off {
					// The offset is the LF of a CRLF: the CR's column.
					return line, utf8.RuneCount(src[start:i]) + 1
				}
				i++
			}
			line, start = line+1, i+1
		}
	}
	return line, utf8.RuneCount(src[start:off]) + 1
}

// yaml.v3 also ends lines at NEL (U+0085), LINE SEPARATOR (U+2028) and
// PARAGRAPH SEPARATOR (U+2029), as YAML 1.1 does; editors, GitHub and the
// loader's own positions do not. A lineMap maps yaml.v3's lines to the
// file's.
type lineMap struct {
	// line and col give, for each of yaml.v3's lines (0-based), the file's
	// line (1-based) and how many columns of that line precede it.
	line, col []int
}

var extraBreaks = [][]byte{[]byte("\u0085"), []byte("\u2028"), []byte("\u2029")}

// newLineMap returns nil when the text has none of the extra line breaks,
// so that yaml.v3's positions are the file's.
func newLineMap(src []byte) *lineMap {
	found := false
	for _, b := range extraBreaks {
		if bytes.Contains(src, b) {
			found = true
		}
	}
	if !found {
		return nil
	}
	m := &lineMap{line: []int{1}, col: []int{0}}
	line, col := 1, 0
	for i := 0; i < len(src); {
		c := src[i]
		if i == 0 && bytes.HasPrefix(src, []byte("\uFEFF")) {
			i += 3
			continue
		}
		switch {
		case c == '\n' || c == '\r':
			if c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			line, col = line+1, 0
			m.line, m.col = append(m.line, line), append(m.col, 0)
			i++
			continue
		case c < utf8.RuneSelf:
			col++
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		col++
		i += size
		if r == 0x85 || r == 0x2028 || r == 0x2029 {
			m.line, m.col = append(m.line, line), append(m.col, col)
		}
	}
	return m
}

// pos maps yaml.v3's 1-based line and column to the file's.
func (m *lineMap) pos(line, col int) (int, int) {
	if m == nil || line < 1 || line > len(m.line) {
		return line, col
	}
	return m.line[line-1], col + m.col[line-1]
}

// apply rewrites the positions of a yaml.v3 tree to the file's.
func (m *lineMap) apply(n *yaml.Node) {
	n.Line, n.Column = m.pos(n.Line, n.Column)
	for _, c := range n.Content {
		m.apply(c)
	}
}
