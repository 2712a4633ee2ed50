package config

import (
	"errors"
	"path"
	"strings"
)

// validateGlob checks an exclude pattern as the command line's --exclude
// does (the CLI matches both the same way): after trimming blanks, leading
// "./" and leading or trailing "/", the pattern must not be empty, and each
// slash-separated segment must be a valid path.Match pattern ("**" is any
// number of segments).
func validateGlob(pattern string) error {
	s := strings.TrimSpace(pattern)
	for strings.HasPrefix(s, "./") {
		s = s[2:]
	}
	s = strings.Trim(s, "/")
	if s == "" {
		return errors.New(`the pattern is empty; write a glob such as "legacy/**"`)
	}
	for _, seg := range strings.Split(s, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return errors.New("pattern " + quote(pattern) + ` is malformed (an unclosed "[" or a trailing "\"?)`)
		}
	}
	return nil
}

func quote(s string) string { return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\"" }
