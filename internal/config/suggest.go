package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/mi-lint/mi-lint/internal/textdist"
)

// idLike matches rule IDs such as MI003.
var idLike = regexp.MustCompile(`^[A-Za-z]+[0-9]+$`)

// nearest returns the candidate closest to word by edit distance (ignoring
// case, and "_" against "-"), or "" when none is close enough: within
// max(2, len/2) edits (1 for a rule ID), or, failing that, one that word
// begins. Ties go to the first candidate.
func nearest(word string, candidates []string) string {
	w := normalize(word)
	n := len([]rune(w))
	limit := max(2, n/2)
	if idLike.MatchString(word) {
		limit = 1 // MI900 is not a typo of MI003
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		if c == word {
			continue
		}
		if d := textdist.Distance(w, normalize(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" || n < 3 {
		return best
	}
	for _, c := range candidates {
		if strings.HasPrefix(normalize(c), w) {
			return c
		}
	}
	return ""
}

func normalize(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "_", "-")
}

// didYouMean is `did you mean "x"?` for the nearest candidate, else
// otherwise.
func didYouMean(word string, candidates []string, otherwise string) string {
	if s := nearest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return otherwise
}

// suggestion is `; did you mean "x"?` for the nearest candidate, else "".
func suggestion(word string, candidates []string) string {
	if s := nearest(word, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
