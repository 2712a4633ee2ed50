package discover

import (
	"bytes"
	"strings"
)

// This file is the fallback for when git cannot be asked (outside a git
// work tree, or without git): .gitignore files and .git/info/exclude
// read and matched with git's rules (gitignore(5) and git's wildmatch).

// maxPathLen bounds the paths a pattern can match: a pattern that needs
// more bytes than this can never match and is dropped, which keeps every
// match cheap whatever a .gitignore holds.
const maxPathLen = 4096

// maxIgnoreFileSize is the largest ignore file read, as in git, which
// skips larger ones.
const maxIgnoreFileSize = 100 << 20

// ignorePattern is one line of an ignore file.
type ignorePattern struct {
	match   wildPattern
	negate  bool
	dirOnly bool
	// basename: the pattern has no slash, so it is matched against the
	// last element of a path at any depth below the file's directory.
	basename bool
}

// matches reports whether the pattern matches rel, a slash path relative
// to the ignore file's directory.
func (p ignorePattern) matches(rel string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	if p.basename {
		rel = rel[strings.LastIndexByte(rel, '/')+1:]
	}
	return p.match.matches(rel)
}

// parseIgnoreFile reads the patterns of a .gitignore or exclude file: a
// UTF-8 byte order mark and CRs before line ends are dropped, so are
// blank lines, lines that start with "#", and trailing spaces that are not
// escaped with "\"; "!" negates; a trailing "/" matches only directories;
// a pattern with a slash before its end is anchored to the file's
// directory (a leading "/" only anchors), one without matches a name at
// any depth. "\#" and "\!" start a pattern with a literal "#" or "!".
func parseIgnoreFile(src []byte) []ignorePattern {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	var out []ignorePattern
	for line := range bytes.SplitSeq(src, []byte("\n")) {
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		s := trimUnescapedSpaces(string(bytes.TrimSuffix(line, []byte("\r"))))
		var p ignorePattern
		if strings.HasPrefix(s, "!") {
			p.negate, s = true, s[1:]
		}
		if strings.HasSuffix(s, "/") {
			p.dirOnly, s = true, s[:len(s)-1]
		}
		if s == "" {
			continue
		}
		p.basename = !strings.Contains(s, "/")
		s = strings.TrimPrefix(s, "/")
		var ok bool
		if p.match, ok = compileWild(s); ok {
			out = append(out, p)
		}
	}
	return out
}

// trimUnescapedSpaces drops the trailing spaces of s, keeping a space
// escaped with a backslash and the spaces before it.
func trimUnescapedSpaces(s string) string {
	end := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			continue
		case '\\':
			i++
			if i == len(s) {
				return s // a trailing backslash: nothing is trimmed
			}
		}
		end = i + 1
	}
	return s[:end]
}

// wildPattern is a compiled wildmatch pattern, matched with pathname
// semantics: "*", "?" and [...] never match "/"; "**" between slashes (or
// at an end) matches across them, and "**/" also matches nothing.
type wildPattern struct {
	tokens []wildToken
}

type tokenKind uint8

const (
	tokByte    tokenKind = iota // one given byte
	tokAny                      // "?": one byte but "/"
	tokStar                     // "*": any bytes but "/"
	tokAnyPath                  // "**": any bytes
	tokClass                    // [...]: one byte of a set, never "/"
)

type wildToken struct {
	kind tokenKind
	b    byte
	// skipSlash: a "**" followed by "/", which may match no directory at
	// all ("a/**/b" matches "a/b").
	skipSlash bool
	set       *[256]bool
}

// compileWild compiles a wildmatch pattern; ok is false for a pattern
// that can never match (an unclosed "[", an unknown [:class:], a trailing
// backslash, or more fixed bytes than any path has).
func compileWild(p string) (wildPattern, bool) {
	var w wildPattern
	fixed := 0
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			j := i
			for j < len(p) && p[j] == '*' {
				j++
			}
			slashAfter := j < len(p) && (p[j] == '/' || (p[j] == '\\' && j+1 < len(p) && p[j+1] == '/'))
			if j-i >= 2 && (i == 0 || p[i-1] == '/') && (j == len(p) || slashAfter) {
				w.tokens = append(w.tokens, wildToken{kind: tokAnyPath, skipSlash: slashAfter})
			} else {
				w.tokens = append(w.tokens, wildToken{kind: tokStar})
			}
			i = j - 1
		case '?':
			w.tokens = append(w.tokens, wildToken{kind: tokAny})
			fixed++
		case '[':
			set, next, ok := compileClass(p, i+1)
			if !ok {
				return wildPattern{}, false
			}
			w.tokens = append(w.tokens, wildToken{kind: tokClass, set: set})
			fixed++
			i = next
		case '\\':
			if i+1 == len(p) {
				return wildPattern{}, false
			}
			i++
			w.tokens = append(w.tokens, wildToken{kind: tokByte, b: p[i]})
			fixed++
		default:
			w.tokens = append(w.tokens, wildToken{kind: tokByte, b: c})
			fixed++
		}
	}
	if fixed > maxPathLen {
		return wildPattern{}, false
	}
	return w, true
}

// posixClasses are the [:name:] classes wildmatch knows.
var posixClasses = map[string]func(byte) bool{
	"alnum":  func(c byte) bool { return isAlpha(c) || isDigit(c) },
	"alpha":  isAlpha,
	"blank":  func(c byte) bool { return c == ' ' || c == '\t' },
	"cntrl":  func(c byte) bool { return c < 0x20 || c == 0x7f },
	"digit":  isDigit,
	"graph":  func(c byte) bool { return c > 0x20 && c < 0x7f },
	"lower":  func(c byte) bool { return c >= 'a' && c <= 'z' },
	"print":  func(c byte) bool { return c >= 0x20 && c < 0x7f },
	"punct":  func(c byte) bool { return c > 0x20 && c < 0x7f && !isAlpha(c) && !isDigit(c) },
	"space":  func(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') },
	"upper":  func(c byte) bool { return c >= 'A' && c <= 'Z' },
	"xdigit": func(c byte) bool { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') },
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// compileClass reads the bracket expression whose body starts at p[i]
// and returns its set and the index of its closing "]". As in wildmatch,
// "!" or "^" first negates, a "]" first is a member, "\" escapes, a-z is
// a range ("-" first or last is itself) and [:name:] a POSIX class.
func compileClass(p string, i int) (*[256]bool, int, bool) {
	var set [256]bool
	negate := false
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		negate = true
		i++
	}
	// prev is the last single member, which a following "-" makes the
	// start of a range; -1 when there is none.
	prev := -1
	for first := true; ; first = false {
		if i >= len(p) {
			return nil, 0, false
		}
		c := p[i]
		switch {
		case c == ']' && !first:
			if negate {
				for k := range set {
					set[k] = !set[k]
				}
			}
			return &set, i, true
		case c == '\\':
			i++
			if i >= len(p) {
				return nil, 0, false
			}
			set[p[i]] = true
			prev = int(p[i])
		case c == '-' && prev >= 0 && i+1 < len(p) && p[i+1] != ']':
			i++
			hi := p[i]
			if hi == '\\' {
				i++
				if i >= len(p) {
					return nil, 0, false
				}
				hi = p[i]
			}
			for k := prev; k <= int(hi); k++ {
				set[k] = true
			}
			prev = -1
		case c == '[' && i+1 < len(p) && p[i+1] == ':':
			// A class name runs to the first "]", which must follow a
			// ":"; otherwise the "[" is an ordinary member.
			end := strings.IndexByte(p[i+2:], ']')
			if end < 0 {
				return nil, 0, false
			}
			if end < 1 || p[i+2+end-1] != ':' {
				set['['] = true
				prev = '['
				break
			}
			in, known := posixClasses[p[i+2:i+2+end-1]]
			if !known {
				return nil, 0, false
			}
			for k := range set {
				if in(byte(k)) {
					set[k] = true
				}
			}
			i += 2 + end
			prev = -1
		default:
			set[c] = true
			prev = int(c)
		}
		i++
	}
}

// matches reports whether the pattern matches all of name. It follows
// every way the pattern can consume name at once (a set of token
// positions), so its cost is bounded by the lengths of both.
func (w wildPattern) matches(name string) bool {
	if len(name) > maxPathLen {
		return false
	}
	n := len(w.tokens)
	cur := make([]bool, n+1)
	next := make([]bool, n+1)
	w.close(cur, 0)
	for k := 0; k < len(name); k++ {
		c := name[k]
		clear(next)
		advanced := false
		for i := range n {
			if !cur[i] {
				continue
			}
			t := w.tokens[i]
			switch t.kind {
			case tokByte:
				if c == t.b {
					w.close(next, i+1)
					advanced = true
				}
			case tokAny:
				if c != '/' {
					w.close(next, i+1)
					advanced = true
				}
			case tokClass:
				if c != '/' && t.set[c] {
					w.close(next, i+1)
					advanced = true
				}
			case tokStar:
				if c != '/' {
					w.close(next, i)
					advanced = true
				}
			case tokAnyPath:
				// Having matched something, a "**/" can no longer match
				// no directory: stay, or go on to the slash.
				next[i] = true
				w.close(next, i+1)
				advanced = true
			}
		}
		if !advanced {
			return false
		}
		cur, next = next, cur
	}
	return cur[n]
}

// close marks position i and every position reachable from it without
// consuming a byte: past a "*" or "**" that matches nothing, and past a
// "**/" that matches no directory.
func (w wildPattern) close(set []bool, i int) {
	for i <= len(w.tokens) && !set[i] {
		set[i] = true
		if i == len(w.tokens) {
			return
		}
		t := w.tokens[i]
		switch {
		case t.kind == tokAnyPath && t.skipSlash:
			// "**/" matching nothing skips the slash too; "**" matching
			// something goes on to the slash.
			w.close(set, i+2)
			i++
		case t.kind == tokStar || t.kind == tokAnyPath:
			i++
		default:
			return
		}
	}
}
