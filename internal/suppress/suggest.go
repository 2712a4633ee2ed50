package suppress

import (
	"strings"
	"unicode/utf8"

	"github.com/mi-lint/mi-lint/internal/textdist"
)

// suggest returns the candidate closest to word (ignoring case), if it is
// close enough to be a likely typo, or "".
func suggest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestDist := "", 0
	for _, c := range candidates {
		d := textdist.Distance(w, strings.ToLower(c))
		limit := max(1, min(3, utf8.RuneCountInString(c)/4))
		if d > limit || d == 0 && c == word {
			continue
		}
		if best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
