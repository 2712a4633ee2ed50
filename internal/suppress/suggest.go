package suppress

import "github.com/mi-lint/mi-lint/internal/textdist"

// suggest returns the candidate closest to word, if it is close enough to
// be a likely typo (the program's one policy, textdist.Nearest), or "".
func suggest(word string, candidates []string) string {
	return textdist.Nearest(word, candidates)
}
