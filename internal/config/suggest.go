package config

import (
	"fmt"

	"github.com/mi-lint/mi-lint/internal/textdist"
)

// didYouMean is `did you mean "x"?` for the nearest candidate, else
// otherwise.
func didYouMean(word string, candidates []string, otherwise string) string {
	if s := textdist.Nearest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return otherwise
}

// suggestion is `; did you mean "x"?` for the nearest candidate, else "".
func suggestion(word string, candidates []string) string {
	if s := textdist.Nearest(word, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
