package config

import (
	"errors"
	"strings"

	"github.com/mi-lint/mi-lint/internal/discover/exclude"
)

// validateGlob checks an exclude pattern with the grammar --exclude uses
// (package exclude), in the configuration's words.
func validateGlob(pattern string) error {
	_, err := exclude.Compile(pattern)
	switch {
	case errors.Is(err, exclude.ErrEmpty):
		return errors.New(`the pattern is empty; write a glob such as "legacy/**"`)
	case err != nil:
		return errors.New("pattern " + quote(pattern) + ` is malformed (an unclosed "[" or "{", or a trailing "\"?)`)
	}
	return nil
}

func quote(s string) string { return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\"" }
