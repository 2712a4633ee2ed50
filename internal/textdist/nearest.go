package textdist

import (
	"regexp"
	"strings"
)

// idLike matches rule IDs such as MI003.
var idLike = regexp.MustCompile(`^[A-Za-z]+[0-9]+$`)

// Nearest is the program's one suggestion policy for a mistyped word: the
// candidate closest to word by edit distance, ignoring case, "_" against
// "-" and leading dashes (so that --fromat finds format), within
// max(2, len/2) edits of word (1 for a rule ID such as MI003: MI900 is not
// a typo of MI003); failing that, for a word of three or more characters,
// the first candidate it begins (max-vcpu finds max-vcpu-range). It is ""
// when none qualifies, and never word itself. Ties go to the first
// candidate.
func Nearest(word string, candidates []string) string {
	w := normalize(word)
	n := len([]rune(w))
	limit := max(2, n/2)
	if idLike.MatchString(w) {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		if c == word {
			continue
		}
		if d := Distance(w, normalize(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" || n < 3 {
		return best
	}
	for _, c := range candidates {
		if c != word && strings.HasPrefix(normalize(c), w) {
			return c
		}
	}
	return ""
}

func normalize(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimLeft(s, "-")), "_", "-")
}
