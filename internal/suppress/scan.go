package suppress

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// line is what the scanner learns about one source line.
type line struct {
	text []rune
	// indent counts the leading spaces (a tab is not YAML indentation).
	indent int
	// blank: only spaces and tabs.
	blank bool
	// inside: the line starts inside a construct an earlier line opened
	// (a quoted or block scalar, a flow collection, a multi-line plain
	// scalar). Such a line belongs to the node of the line that opened it.
	inside bool
	// comment is the rune index of the '#' that starts a comment, or -1.
	comment int
	// commentOnly: the comment is the first thing on the line.
	commentOnly bool
	// openKey: the line ends (before any comment) with a mapping key
	// whose value is on the lines below ("key:").
	openKey bool
	// entry: the line's first token is a block sequence entry ("- ").
	entry bool
}

// scanner modes that carry from one line to the next.
const (
	modeNormal = iota
	modeDouble // inside a double-quoted scalar
	modeSingle // inside a single-quoted scalar
	modeBlock  // inside a block scalar (| or >)
	modePlain  // a plain scalar in block context may continue
)

type scanner struct {
	mode  int
	flow  int // depth of flow collections
	plain bool
	// plainOwner: a continuation line of a plain scalar must be indented
	// more than this column (the key or dash that owns the scalar).
	plainOwner int
	// blockParent and blockIndent: a block scalar's content is indented
	// more than blockParent; blockIndent is the content's indentation once
	// known (0 until the first non-blank line).
	blockParent int
	blockIndent int
	// blockBlank is the most spaces on a blank line before the first
	// content line.
	blockBlank int
	// openOwner is the column of the key or dash of the last line when
	// that line left its value to the next lines, or -1.
	openOwner int
}

// splitLines splits src at \n, \r\n and \r, as the loader does, after
// dropping a byte order mark. One block of runes holds every line.
func splitLines(src []byte) [][]rune {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	runes := make([]rune, 0, utf8.RuneCount(src))
	lines := make([][]rune, 0, 1+bytes.Count(src, []byte("\n"))+bytes.Count(src, []byte("\r")))
	start := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n' || c == '\r':
			lines = append(lines, runes[start:len(runes):len(runes)])
			start = len(runes)
			if c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			i++
		case c < utf8.RuneSelf:
			runes = append(runes, rune(c))
			i++
		default:
			r, size := utf8.DecodeRune(src[i:])
			runes = append(runes, r)
			i += size
		}
	}
	return append(lines, runes[start:len(runes):len(runes)])
}

// scan finds the comments of a YAML source, and enough of its structure
// to tell which lines belong to which node. It is lexical and forgiving:
// it never fails, and on invalid YAML (which the loader rejects anyway) it
// only has to do something reasonable.
func scan(src []byte) []line {
	texts := splitLines(src)
	out := make([]line, len(texts))
	sc := scanner{openOwner: -1}
	for i, t := range texts {
		out[i] = sc.line(t)
	}
	return out
}

func isBlankRune(r rune) bool { return r == ' ' || r == '\t' }

// followedBySpace reports whether the rune after i is a space, a tab or
// the end of the line.
func followedBySpace(t []rune, i int) bool {
	return i+1 >= len(t) || isBlankRune(t[i+1])
}

func isFlowIndicator(r rune) bool { return strings.ContainsRune(",[]{}", r) }

// endsName reports whether r ends a tag, an anchor or an alias.
func (sc *scanner) endsName(r rune) bool {
	return isBlankRune(r) || sc.flow > 0 && isFlowIndicator(r)
}

func (sc *scanner) line(t []rune) line {
	l := line{text: t, comment: -1, blank: true}
	for _, r := range t {
		if r == ' ' {
			l.indent++
			continue
		}
		break
	}
	for _, r := range t {
		if !isBlankRune(r) {
			l.blank = false
			break
		}
	}

	switch sc.mode {
	case modeBlock:
		switch {
		case l.blank:
			// Leading blank lines count towards the content's indentation
			// (as in yaml.v3).
			if sc.blockIndent == 0 {
				sc.blockBlank = max(sc.blockBlank, l.indent)
			}
			l.inside = true
			return l
		case sc.blockIndent == 0 && l.indent > sc.blockParent && l.indent >= sc.blockBlank:
			sc.blockIndent = l.indent
			l.inside = true
			return l
		case sc.blockIndent > 0 && l.indent >= sc.blockIndent:
			l.inside = true
			return l
		}
		// A less indented line ends the block scalar.
		sc.mode = modeNormal
	case modePlain:
		if l.blank {
			l.inside = true
			return l
		}
		if l.indent > sc.plainOwner && t[l.indent] != '#' {
			l.inside = true
		} else {
			sc.mode = modeNormal
			sc.plain = false
		}
	case modeDouble, modeSingle:
		l.inside = true
	}
	if sc.flow > 0 {
		l.inside = true
	}
	if l.blank && !l.inside {
		return l
	}
	sc.tokens(&l)
	return l
}

// tokens walks one line, tracking just enough to find the comment.
func (sc *scanner) tokens(l *line) {
	t := l.text
	n := len(t)
	fresh := !l.inside
	atStart := !sc.plain && sc.mode != modeDouble && sc.mode != modeSingle
	if sc.mode == modePlain {
		sc.mode = modeNormal // scanning the continuation; plain is still set
	}
	owner := l.indent  // column of the key or dash owning what follows
	token := -1        // column where the current scalar started
	lastColon := false // the last token was a mapping indicator
	first := true      // no token seen yet on this line
	space := true      // the previous rune is a space, a tab or the line start
	blockHeader := false

	for i := 0; i < n; i++ {
		c := t[i]
		if (sc.mode == modeDouble || sc.mode == modeSingle) && !isBlankRune(c) {
			first = false
		}
		switch sc.mode {
		case modeDouble:
			if c == '\\' {
				i++
				continue
			}
			if c == '"' {
				sc.mode = modeNormal
				space = false
			}
			continue
		case modeSingle:
			if c == '\'' {
				if i+1 < n && t[i+1] == '\'' {
					i++
					continue
				}
				sc.mode = modeNormal
				space = false
			}
			continue
		}
		if isBlankRune(c) {
			space = true
			continue
		}
		// As in yaml.v3: '#' starts a comment between tokens, and inside a
		// plain scalar after a space or a tab.
		if c == '#' && (space || !sc.plain) {
			l.comment = i
			l.commentOnly = first
			sc.plain = false
			break
		}
		if blockHeader {
			// Only indicators, spaces and a comment may follow | or >;
			// anything else is invalid YAML: ignore it.
			space = false
			continue
		}
		wasFirst := first
		first = false
		space = false
		switch {
		case atStart:
			prevColon := lastColon
			lastColon = false
			switch {
			case fresh && wasFirst && i == 0 && (hasPrefixAt(t, i, "---") || hasPrefixAt(t, i, "...")) && (n == 3 || isBlankRune(t[3])):
				i += 2
			case fresh && wasFirst && i == 0 && c == '%':
				// A YAML directive: only a comment may follow.
				blockHeader = true
			case c == '"':
				sc.mode, token, atStart = modeDouble, i, false
			case c == '\'':
				sc.mode, token, atStart = modeSingle, i, false
			case (c == '-' || c == '?') && sc.flow == 0 && followedBySpace(t, i):
				owner = i
				if c == '-' && wasFirst && fresh {
					l.entry = true
				}
			case c == ':' && (followedBySpace(t, i) || (sc.flow > 0 && i+1 < n && isFlowIndicator(t[i+1]))):
				lastColon = true
			case (c == '|' || c == '>') && sc.flow == 0:
				sc.startBlock(t, i, owner, wasFirst && fresh, l.indent)
				blockHeader = true
			case c == '[' || c == '{':
				sc.flow++
			case (c == ']' || c == '}') && sc.flow > 0:
				sc.flow--
				atStart, token = false, i
			case c == ',' && sc.flow > 0:
			case c == '!' || c == '&':
				// A tag or an anchor: the node itself follows ("key: &a"
				// still has its value below).
				lastColon = prevColon
				for i+1 < n && !sc.endsName(t[i+1]) {
					i++
				}
			case c == '*':
				for i+1 < n && !sc.endsName(t[i+1]) {
					i++
				}
				atStart, token = false, i
			default:
				sc.plain, token, atStart = true, i, false
			}
		case sc.plain:
			switch {
			case c == ':' && (followedBySpace(t, i) || (sc.flow > 0 && i+1 < n && isFlowIndicator(t[i+1]))):
				sc.plain, atStart, lastColon = false, true, true
				if token >= 0 {
					owner = token
				}
			case sc.flow > 0 && isFlowIndicator(c):
				sc.plain = false
				sc.flowIndicator(c, &atStart, &token, i)
			}
		default: // after a quoted scalar, an alias or a flow collection
			switch {
			case c == ':' && (followedBySpace(t, i) || sc.flow > 0):
				atStart, lastColon = true, true
				if token >= 0 {
					owner = token
				}
			case sc.flow > 0 && isFlowIndicator(c):
				sc.flowIndicator(c, &atStart, &token, i)
			default:
				// Not valid YAML; read on as plain text.
				sc.plain = true
			}
		}
	}
	l.openKey = lastColon && atStart && sc.flow == 0 && sc.mode == modeNormal && !blockHeader
	if !l.commentOnly {
		// "key:" or "-" with the value on the next lines: remember who
		// owns it, for a block scalar header alone on its line.
		sc.openOwner = -1
		if atStart && sc.flow == 0 && sc.mode == modeNormal && !blockHeader {
			sc.openOwner = owner
		}
	}
	if sc.plain && sc.flow == 0 && sc.mode == modeNormal {
		// A plain scalar may go on over the next, more indented lines.
		if fresh {
			sc.plainOwner = owner
		}
		sc.mode = modePlain
	}
}

// flowIndicator handles , [ ] { } inside a flow collection, after a
// scalar.
func (sc *scanner) flowIndicator(c rune, atStart *bool, token *int, i int) {
	switch c {
	case ',':
		*atStart = true
	case '[', '{':
		sc.flow++
		*atStart = true
	case ']', '}':
		sc.flow--
		*atStart, *token = false, i
	}
}

// startBlock reads a block scalar header (| or > and its indicators) at
// t[i]. owner is the column of the key or dash the scalar belongs to;
// when the header starts its line, the key is on an earlier line and
// only the header's own indentation is known.
func (sc *scanner) startBlock(t []rune, i, owner int, startsLine bool, indent int) {
	parent := owner
	if startsLine {
		parent = indent - 1
		if sc.openOwner >= 0 {
			parent = sc.openOwner
		}
	}
	explicit := 0
	for j := i + 1; j < len(t) && !isBlankRune(t[j]); j++ {
		if t[j] >= '1' && t[j] <= '9' {
			explicit = int(t[j] - '0')
		}
	}
	sc.mode = modeBlock
	sc.blockParent = parent
	sc.blockIndent = 0
	sc.blockBlank = 0
	if explicit > 0 {
		sc.blockIndent = max(parent, 0) + explicit
	}
}

// hasPrefixAt reports whether t[i:] starts with p, an ASCII string.
func hasPrefixAt(t []rune, i int, p string) bool {
	if len(t)-i < len(p) {
		return false
	}
	for j := 0; j < len(p); j++ {
		if t[i+j] != rune(p[j]) {
			return false
		}
	}
	return true
}
