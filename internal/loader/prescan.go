package loader

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// prescan reads the text once, before yaml.v3 parses it, and refuses what
// would make that parse itself slow or huge: flow collections nested deeper
// than lim.MaxDepth, and more than lim.MaxNodes values. yaml.v3 builds the
// whole node tree before the converter can count anything, which for a
// 10 MB list of one-character items takes many seconds and gigabytes.
//
// It reads only the structure it can be sure of: quotes, comments and block
// scalars are skipped, brackets count only where a value starts (in
// `a: x[y` the bracket is text), and it counts values from indicators only
// (a flow entry's comma, a block entry's dash, a mapping value's colon), so
// that a real file's count stays below the values the converter charges.
// The errors it gives are the converter's, at the same place for flow
// nesting.
func prescan(file string, src []byte, lim Limits) error {
	return newPrescanner(file, src, lim).run()
}

func newPrescanner(file string, src []byte, lim Limits) *prescanner {
	return &prescanner{src: src, file: file, lim: lim, start: true, tokStart: -1, owner: -1, lastOwner: -1}
}

type prescanner struct {
	src  []byte
	file string
	lim  Limits

	values int
	// flow is the number of open flow brackets; base is the node depth of
	// the outermost one's parent (0 for a document that is itself a flow
	// collection, 1 inside a block collection).
	flow, base int
	depth      int  // the deepest flow collection's node depth
	block      bool // a block indicator has been seen
	quote      byte // the open quote, or 0

	// start is true where a node may start: after indentation and after
	// indicators. Brackets and quotes open only there.
	start bool
	// lineBegin is the offset of the current line and indent its
	// indentation in spaces.
	lineBegin, indent int
	// tokStart is where the current token (a possible key) starts on
	// this line, and owner where the innermost block collection entry on
	// this line starts (a key or a dash); -1 when none.
	tokStart, owner int

	// cont is true on a line that continues a plain scalar, which must be
	// indented more than contParent.
	cont       bool
	contParent int
	// lastOwner is the column of the last line's innermost entry, or of an
	// earlier line's when it has none: where the enclosing block collection
	// starts, roughly. -1 before any.
	lastOwner int

	// inScalar is true inside a block scalar: scalarParent is the column
	// its content must exceed; scalarIndent is its content's indentation,
	// -1 until the first content line sets it.
	inScalar                   bool
	scalarParent, scalarIndent int
}

func (p *prescanner) fail(i int, format string, args ...any) error {
	line, col := offsetPos(p.src, i)
	return &Error{File: p.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// blockStops and flowStops are the characters that matter after a value
// has started (p.start false), outside quotes, in block and in flow
// context: blanks and line breaks, comments, and indicators that act
// wherever they are.
var blockStops, flowStops = stopSet(" \t\r\n#:"), stopSet(" \t\r\n#:,[]{}")

func stopSet(chars string) (set [256]bool) {
	for i := range len(chars) {
		set[chars[i]] = true
	}
	return set
}

func isBlankOrEnd(src []byte, i int) bool {
	return i >= len(src) || src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r'
}

func isFlowIndicator(c byte) bool {
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'
}

// value counts one value at offset i.
func (p *prescanner) value(i int) error {
	p.values++
	if p.lim.MaxNodes > 0 && p.values > p.lim.MaxNodes {
		return p.fail(i, "the document has more than %d values", p.lim.MaxNodes)
	}
	return nil
}

// open enters a flow collection at offset i.
func (p *prescanner) open(i int) error {
	if p.flow == 0 {
		p.base = 0
		if p.block {
			p.base = 1
		}
	}
	p.flow++
	p.depth = max(p.depth, p.base+p.flow-1)
	if p.lim.MaxDepth > 0 && p.base+p.flow-1 > p.lim.MaxDepth {
		return p.fail(i, "nesting is deeper than %d levels", p.lim.MaxDepth)
	}
	p.start = true
	return nil
}

// lineEnd returns the offset after the line break ending the line that
// holds offset i.
func (p *prescanner) lineEnd(i int) int {
	j := bytes.IndexAny(p.src[i:], "\r\n")
	if j < 0 {
		return len(p.src)
	}
	i += j
	if p.src[i] == '\r' && i+1 < len(p.src) && p.src[i+1] == '\n' {
		i++
	}
	return i + 1
}

// newLine handles the start of the line at offset i and returns the offset
// of its first character after the indentation. Lines of a block scalar
// are skipped.
func (p *prescanner) newLine(i int) int {
	for {
		j := i
		for j < len(p.src) && p.src[j] == ' ' {
			j++
		}
		indent := j - i
		if p.inScalar && i < len(p.src) {
			k := j
			for k < len(p.src) && (p.src[k] == ' ' || p.src[k] == '\t') {
				k++
			}
			if k >= len(p.src) || p.src[k] == '\n' || p.src[k] == '\r' {
				i = p.lineEnd(i) // a blank line belongs to the scalar
				continue
			}
			if p.scalarIndent < 0 && indent > p.scalarParent {
				p.scalarIndent = indent
			}
			if p.scalarIndent >= 0 && indent >= p.scalarIndent {
				i = p.lineEnd(i)
				continue
			}
			p.inScalar = false
		}
		if p.quote != 0 || p.flow != 0 {
			return j
		}
		if j >= len(p.src) || p.src[j] == '\n' || p.src[j] == '\r' {
			return j // a blank line changes nothing
		}
		// A line more indented than the entry before it, after a plain
		// scalar, continues that scalar: `[` or `- ` there are text.
		parent := p.contParent
		if !p.cont {
			if p.owner >= 0 {
				p.lastOwner = utf8.RuneCount(p.src[p.lineBegin:p.owner])
			}
			parent = p.lastOwner
		}
		p.cont = !p.start && indent > parent
		p.contParent = parent
		p.lineBegin, p.indent = i, indent
		p.start, p.tokStart, p.owner = !p.cont, -1, -1
		return j
	}
}

// blockScalar starts a block scalar whose header (| or >) is at offset i,
// and returns the offset of the next line.
func (p *prescanner) blockScalar(i int) int {
	parent := p.indent - 1
	if p.owner >= 0 {
		parent = utf8.RuneCount(p.src[p.lineBegin:p.owner])
	}
	p.inScalar, p.scalarParent, p.scalarIndent = true, parent, -1
	// An explicit indentation indicator fixes the content's indentation.
	for j := i + 1; j < len(p.src) && j < i+3; j++ {
		if c := p.src[j]; c >= '1' && c <= '9' {
			p.scalarIndent = max(parent, 0) + int(c-'0')
		}
	}
	p.start = true // for the next line: not inside a plain scalar
	return p.newLine(p.lineEnd(i))
}

// skipToken moves past an anchor, tag or alias starting at offset i.
func (p *prescanner) skipToken(i int) int {
	for i < len(p.src) && !isBlankOrEnd(p.src, i) && (p.flow == 0 || !isFlowIndicator(p.src[i])) {
		i++
	}
	return i
}

func (p *prescanner) run() error {
	src := p.src
	i := 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		i = 3
	}
	i = p.newLine(i)
	for i < len(src) {
		if p.quote == 0 && !p.start && i != p.lineBegin {
			// Inside a plain scalar (or after a value) only some
			// characters change anything: skip the others.
			stops := &blockStops
			if p.flow > 0 {
				stops = &flowStops
			}
			for i < len(src) && !stops[src[i]] {
				i++
			}
			if i >= len(src) {
				break
			}
		}
		if p.quote != 0 {
			// Inside quotes only the quote, a backslash and line breaks
			// matter.
			for i < len(src) && src[i] != p.quote && src[i] != '\\' && src[i] != '\n' && src[i] != '\r' {
				i++
			}
			if i >= len(src) {
				break
			}
		}
		c := src[i]
		if p.quote != 0 {
			switch {
			case c == '\\' && p.quote == '"':
				i += 2
			case c == p.quote && p.quote == '\'' && i+1 < len(src) && src[i+1] == '\'':
				i += 2
			case c == p.quote:
				p.quote, p.start = 0, false
				i++
			case c == '\n' || c == '\r':
				i = p.newLine(p.lineEnd(i))
			default:
				i++
			}
			continue
		}
		switch {
		case c == '\n' || c == '\r':
			i = p.newLine(p.lineEnd(i))
			continue
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '#' && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' || src[i-1] == '\r' ||
			(i == 3 && bytes.HasPrefix(src, []byte("\uFEFF")))):
			i = p.newLine(p.lineEnd(i))
			continue
		}
		if p.start && p.tokStart < 0 {
			p.tokStart = i
		}
		var err error
		if p.flow > 0 {
			i, err = p.flowChar(i)
		} else {
			i, err = p.blockChar(i)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// flowChar handles the character at offset i inside a flow collection and
// returns the offset after it.
func (p *prescanner) flowChar(i int) (int, error) {
	src := p.src
	switch c := src[i]; {
	case c == '[' || c == '{':
		return i + 1, p.open(i)
	case c == ']' || c == '}':
		p.flow--
		p.start = false
		if p.flow == 0 {
			p.tokStart = -1
		}
	case c == ',':
		p.start = true
		return i + 1, p.value(i)
	case c == ':' && (isBlankOrEnd(src, i+1) || isFlowIndicator(src[i+1])):
		p.start = true
	case p.start && (c == '"' || c == '\''):
		p.quote = c
	case p.start && (c == '&' || c == '!'):
		return p.skipToken(i), nil
	default:
		p.start = false
	}
	return i + 1, nil
}

// blockChar handles the character at offset i outside flow collections
// and returns the offset after it.
func (p *prescanner) blockChar(i int) (int, error) {
	src := p.src
	c := src[i]
	atLineStart := i == p.lineBegin && p.indent == 0
	switch {
	case atLineStart && (bytes.HasPrefix(src[i:], []byte("---")) || bytes.HasPrefix(src[i:], []byte("..."))) && isBlankOrEnd(src, i+3):
		// A document marker; what follows `---` may be a node.
		p.start, p.tokStart = true, -1
		return i + 3, nil
	case atLineStart && c == '%':
		return p.newLine(p.lineEnd(i)), nil // a directive
	case p.start && (c == '[' || c == '{'):
		return i + 1, p.open(i)
	case p.start && (c == '"' || c == '\''):
		p.quote = c
	case p.start && (c == '-' || c == '?') && isBlankOrEnd(src, i+1):
		p.block = true
		p.tokStart = -1
		if c == '-' {
			p.owner = i
			return i + 1, p.value(i)
		}
	case c == ':' && isBlankOrEnd(src, i+1):
		p.block = true
		if p.tokStart >= p.lineBegin {
			p.owner = p.tokStart
		}
		p.start, p.tokStart = true, -1
		return i + 1, p.value(i)
	case p.start && (c == '|' || c == '>'):
		return p.blockScalar(i), nil
	case p.start && (c == '&' || c == '!'):
		return p.skipToken(i), nil
	default:
		p.start = false
	}
	return i + 1, nil
}
