package config

import (
	"fmt"
	"regexp"
	"strings"
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
		if d := distance(w, normalize(c)); d < bestD {
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

// distance is the Levenshtein distance between a and b, in code points.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
