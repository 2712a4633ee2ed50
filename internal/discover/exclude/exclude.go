// Package exclude is the one grammar of exclude patterns, for --exclude
// and the configuration's exclude alike: the configuration checks its
// patterns with the code discovery matches them with.
//
// A pattern is a slash path relative to the repository root in the syntax
// of github.com/bmatcuk/doublestar: "**" is any number of directories,
// "*" and "?" stay within one name, [...] is a character class ([!...] or
// [^...] negated), {a,b} are alternatives and "\" escapes. Blanks around
// it and leading "./" are dropped; a trailing "/" matches only
// directories.
package exclude

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

var (
	// ErrEmpty is a pattern with nothing left to match once trimmed.
	ErrEmpty = errors.New("the pattern is empty")
	// ErrMalformed is a pattern doublestar cannot parse, such as an
	// unclosed "[" or "{" or a trailing "\".
	ErrMalformed = errors.New("malformed pattern")
)

// Pattern is a compiled exclude pattern.
type Pattern struct {
	glob    string
	dirOnly bool
}

// Compile checks pattern and returns it ready to match.
func Compile(pattern string) (Pattern, error) {
	s := filepath.ToSlash(strings.TrimSpace(pattern))
	for strings.HasPrefix(s, "./") {
		s = s[2:]
	}
	p := Pattern{dirOnly: strings.HasSuffix(s, "/")}
	p.glob = strings.Trim(s, "/")
	switch {
	case p.glob == "":
		return Pattern{}, ErrEmpty
	case !doublestar.ValidatePattern(p.glob):
		return Pattern{}, ErrMalformed
	}
	return p, nil
}

// Match reports whether the pattern matches name, a root-relative slash
// path; isDir says that name is a directory.
func (p Pattern) Match(name string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	return doublestar.MatchUnvalidated(p.glob, name)
}
