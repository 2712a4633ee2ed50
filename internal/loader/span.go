package loader

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// sourceText finds where values end: yaml.v3 reports only where a node
// starts, and findings want a tight region.
type sourceText struct {
	lines [][]rune
}

func newSourceText(src []byte) *sourceText {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	// One block of runes holds every line, split at \n, \r\n and \r.
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
	lines = append(lines, runes[start:len(runes):len(runes)])
	return &sourceText{lines: lines}
}

// pos is a 0-based line and rune index.
type pos struct{ line, col int }

func (s *sourceText) at(p pos) (rune, bool) {
	if p.line < 0 || p.line >= len(s.lines) || p.col < 0 || p.col >= len(s.lines[p.line]) {
		return 0, false
	}
	return s.lines[p.line][p.col], true
}

func (s *sourceText) lineLen(line int) int {
	if line < 0 || line >= len(s.lines) {
		return 0
	}
	return len(s.lines[line])
}

// firstCol returns the 1-based column of the first character after the
// indentation of a 1-based line. A tab is not indentation in YAML, so it
// counts as a character (it is often what a syntax error is about).
func (s *sourceText) firstCol(line int) int {
	if line < 1 || line > len(s.lines) {
		return 1
	}
	for i, r := range s.lines[line-1] {
		if r != ' ' {
			return i + 1
		}
	}
	return 1
}

// findAlias returns the 1-based line and column of the first alias of
// anchor, or 0, 0. It skips comments but not quoted text, which is good
// enough to point at an error.
func (s *sourceText) findAlias(anchor string) (line, col int) {
	name := []rune(anchor)
	for l, text := range s.lines {
		for i := 0; i+len(name) < len(text); i++ {
			if text[i] == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t') {
				break
			}
			if text[i] != '*' || (i > 0 && !strings.ContainsRune(" \t[{,:-", text[i-1])) {
				continue
			}
			end := i + 1 + len(name)
			if string(text[i+1:end]) == anchor && (end == len(text) || strings.ContainsRune(" \t,]}", text[end])) {
				return l + 1, i + 1
			}
		}
	}
	return 0, 0
}

func indentOf(line []rune) int {
	for i, r := range line {
		if r != ' ' {
			return i
		}
	}
	return len(line)
}

func isBlank(line []rune) bool {
	return indentOf(line) == len(line) || strings.TrimSpace(string(line)) == ""
}

func mkRange(file string, start, end pos) Range {
	return Range{File: file, Line: start.line + 1, Col: start.col + 1, EndLine: end.line + 1, EndCol: end.col + 1}
}

// skipProperties moves past a node's anchor and tag to its content.
func (s *sourceText) skipProperties(p pos) pos {
	for {
		r, ok := s.at(p)
		if !ok || (r != '&' && r != '!') {
			return p
		}
		for {
			r, ok := s.at(p)
			if !ok || r == ' ' || r == '\t' {
				break
			}
			p.col++
		}
		p = s.skipSpace(p)
	}
}

// skipSpace moves past blanks, and past line ends onto following lines.
func (s *sourceText) skipSpace(p pos) pos {
	for p.line < len(s.lines) {
		r, ok := s.at(p)
		switch {
		case ok && (r == ' ' || r == '\t'):
			p.col++
		case !ok || r == '#':
			p = pos{line: p.line + 1}
		default:
			return p
		}
	}
	return p
}

func (s *sourceText) aliasRange(file string, n *yaml.Node) Range {
	start := pos{n.Line - 1, n.Column - 1}
	return mkRange(file, start, pos{start.line, start.col + 1 + utf8.RuneCountInString(n.Alias.Anchor)})
}

func (s *sourceText) scalarRange(file string, n *yaml.Node) Range {
	start := pos{n.Line - 1, n.Column - 1}
	p := s.skipProperties(start)
	if p.line != start.line && n.Value == "" {
		return mkRange(file, start, start)
	}
	return mkRange(file, start, s.scalarEnd(n, p))
}

func (s *sourceText) scalarEnd(n *yaml.Node, p pos) pos {
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return s.quotedEnd(p, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		return s.quotedEnd(p, '\'')
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return s.blockScalarEnd(p)
	}
	return s.plainEnd(n.Value, p)
}

// quotedEnd finds the closing quote; a backslash escapes in double quotes
// and a doubled quote in single quotes.
func (s *sourceText) quotedEnd(p pos, q rune) pos {
	p.col++
	for p.line < len(s.lines) {
		line := s.lines[p.line]
		for p.col < len(line) {
			r := line[p.col]
			switch {
			case q == '"' && r == '\\':
				p.col += 2
				continue
			case r == q && q == '\'' && p.col+1 < len(line) && line[p.col+1] == '\'':
				p.col += 2
				continue
			case r == q:
				return pos{p.line, p.col + 1}
			}
			p.col++
		}
		p = pos{line: p.line + 1}
	}
	return p
}

// blockScalarEnd returns the end of the last content line of a | or >
// scalar whose indicator is at p.
func (s *sourceText) blockScalarEnd(p pos) pos {
	if p.line < 0 || p.line >= len(s.lines) {
		return p
	}
	indent := indentOf(s.lines[p.line])
	end := pos{p.line, len(s.lines[p.line])}
	for l := p.line + 1; l < len(s.lines); l++ {
		if isBlank(s.lines[l]) {
			continue
		}
		if indentOf(s.lines[l]) <= indent {
			break
		}
		end = pos{l, len(s.lines[l])}
	}
	return end
}

// plainEnd measures a plain scalar, which may fold over several lines.
func (s *sourceText) plainEnd(value string, p pos) pos {
	want := utf8.RuneCountInString(value)
	if rest := s.lineLen(p.line) - p.col; want <= rest {
		return pos{p.line, p.col + want}
	}
	if p.line < 0 || p.line >= len(s.lines) || p.col < 0 || p.col > len(s.lines[p.line]) {
		return p // not a place in the text: yaml.v3 and the text disagree
	}
	// Folded: continuation lines are joined with a space, or with one line
	// break per blank line between them.
	got := utf8.RuneCountInString(strings.TrimRight(string(s.lines[p.line][p.col:]), " \t"))
	end := pos{p.line, p.col + got}
	blanks := 0
	for l := p.line + 1; l < len(s.lines) && got < want; l++ {
		t := strings.TrimSpace(string(s.lines[l]))
		if t == "" {
			blanks++
			continue
		}
		got += max(blanks, 1) + utf8.RuneCountInString(t)
		blanks = 0
		end = pos{l, utf8.RuneCountInString(strings.TrimRight(string(s.lines[l]), " \t"))}
	}
	return end
}

// collectionRange spans a mapping or sequence from its first character to
// the end of its last value, or its closing bracket in flow style.
func (s *sourceText) collectionRange(file string, n *yaml.Node) Range {
	start := pos{n.Line - 1, n.Column - 1}
	return mkRange(file, start, s.nodeEnd(n))
}

func (s *sourceText) nodeEnd(n *yaml.Node) pos {
	start := pos{n.Line - 1, n.Column - 1}
	switch n.Kind {
	case yaml.AliasNode:
		return pos{start.line, start.col + 1 + utf8.RuneCountInString(n.Alias.Anchor)}
	case yaml.ScalarNode:
		p := s.skipProperties(start)
		if p.line != start.line && n.Value == "" {
			return start
		}
		return s.scalarEnd(n, p)
	case yaml.DocumentNode, yaml.SequenceNode, yaml.MappingNode:
		// a collection ends where its flow closes or its last child ends
	}
	if n.Style&yaml.FlowStyle != 0 {
		return s.flowEnd(s.skipProperties(start))
	}
	if len(n.Content) == 0 {
		return start
	}
	return s.nodeEnd(n.Content[len(n.Content)-1])
}

// flowEnd finds the bracket that closes the flow collection opening at p.
func (s *sourceText) flowEnd(p pos) pos {
	depth := 0
	var quote rune
	for p.line < len(s.lines) {
		line := s.lines[p.line]
		for ; p.col < len(line); p.col++ {
			r := line[p.col]
			switch {
			case quote != 0:
				if r == '\\' && quote == '"' {
					p.col++
				} else if r == quote {
					quote = 0
				}
			case r == '"' || r == '\'':
				quote = r
			case r == '#' && (p.col == 0 || line[p.col-1] == ' ' || line[p.col-1] == '\t'):
				p.col = len(line)
			case r == '[' || r == '{':
				depth++
			case r == ']' || r == '}':
				depth--
				if depth == 0 {
					return pos{p.line, p.col + 1}
				}
			}
		}
		p = pos{line: p.line + 1}
	}
	return p
}

// leadingTab returns the 1-based column of a tab in the indentation of a
// 1-based line, or right after a block indicator (- ? :) there, or 0.
func (s *sourceText) leadingTab(line int) int {
	if line < 1 || line > len(s.lines) {
		return 0
	}
	text := s.lines[line-1]
	for i, r := range text {
		switch {
		case r == '\t':
			if strings.TrimSpace(string(text[i:])) == "" {
				return 0 // trailing blanks are not indentation
			}
			return i + 1
		case r == ' ':
		case (r == '-' || r == '?' || r == ':') && i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '\t'):
		default:
			return 0
		}
	}
	return 0
}
