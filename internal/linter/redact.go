package linter

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minBareSecret is the shortest environment value replaced where it stands
// unquoted in a message, or inside a longer quoted value; shorter values
// are replaced only where a message quotes them whole, so that a value
// such as "1" does not rewrite "MI001".
const minBareSecret = 3

// elision stands for the part of a value that came from the environment.
const elision = "…"

// newRedactor returns a function that keeps every environment value a
// document read (secrets maps value to ${env:NAME}) out of a message. A
// value standing alone, quoted or not, becomes "the value from
// ${env:NAME}"; a value that is part of a longer one (runtime:
// python${env:PYV}) is elided, and the variable named after it:
// "python…" (from ${env:PYV}). Never is the placeholder spliced into the
// surrounding text.
func newRedactor(secrets map[string]string) func(string) string {
	if len(secrets) == 0 {
		return func(s string) string { return s }
	}
	r := &redactor{}
	for v, name := range secrets {
		if v == "" {
			continue
		}
		quoted := strconv.Quote(v)
		r.secrets = append(r.secrets, secret{value: v, quoted: quoted, inner: quoted[1 : len(quoted)-1], name: name})
	}
	// Longest first, so that a value inside another is not replaced first.
	slices.SortFunc(r.secrets, func(a, b secret) int {
		return cmp.Or(cmp.Compare(len(b.value), len(a.value)), strings.Compare(a.value, b.value))
	})
	return r.redact
}

type secret struct {
	value  string // as read from the environment
	quoted string // as a message quotes it whole, Go-quoted
	inner  string // as it appears inside a quoted string, escaped
	name   string // ${env:NAME}
}

type redactor struct{ secrets []secret }

func (r *redactor) redact(msg string) string {
	var b strings.Builder
	for len(msg) > 0 {
		start := strings.IndexByte(msg, '"')
		if start < 0 {
			r.bare(&b, msg)
			break
		}
		end := closingQuote(msg, start)
		if end < 0 {
			r.bare(&b, msg)
			break
		}
		r.bare(&b, msg[:start])
		r.quoted(&b, msg[start:end+1])
		msg = msg[end+1:]
	}
	return b.String()
}

// closingQuote is the index of the quote that closes the one at start,
// skipping backslash escapes; -1 when there is none.
func closingQuote(s string, start int) int {
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// quoted writes a quoted string q: a secret quoted whole becomes the
// placeholder; secrets inside a longer value are elided, and named after
// the closing quote.
func (r *redactor) quoted(b *strings.Builder, q string) {
	for _, s := range r.secrets {
		if q == s.quoted {
			b.WriteString("the value from " + s.name)
			return
		}
	}
	inner := q[1 : len(q)-1]
	var names []string
	var out strings.Builder
	for i := 0; i < len(inner); {
		if s, ok := r.embedded(inner[i:]); ok {
			out.WriteString(elision)
			names = appendName(names, s.name)
			i += len(s.inner)
			continue
		}
		_, size := utf8.DecodeRuneInString(inner[i:])
		out.WriteString(inner[i : i+size])
		i += size
	}
	b.WriteString(`"` + out.String() + `"`)
	if len(names) > 0 {
		b.WriteString(" (from " + strings.Join(names, ", ") + ")")
	}
}

// embedded is the longest secret long enough to be replaced inside a
// value that s starts with.
func (r *redactor) embedded(s string) (secret, bool) {
	for _, sec := range r.secrets {
		if len(sec.value) >= minBareSecret && strings.HasPrefix(s, sec.inner) {
			return sec, true
		}
	}
	return secret{}, false
}

// bare writes unquoted text: a secret that is a word of its own becomes
// the placeholder; one inside a longer word is elided, and named after
// that word.
func (r *redactor) bare(b *strings.Builder, text string) {
	var pending []string
	flush := func() {
		if len(pending) > 0 {
			b.WriteString(" (from " + strings.Join(pending, ", ") + ")")
			pending = nil
		}
	}
	for i := 0; i < len(text); {
		if s, ok := r.bareSecret(text[i:]); ok {
			end := i + len(s.value)
			if !wordBefore(text, i) && !wordAfter(text, end) {
				b.WriteString("the value from " + s.name)
			} else {
				b.WriteString(elision)
				pending = appendName(pending, s.name)
			}
			i = end
			continue
		}
		c, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(c) {
			flush()
		}
		b.WriteString(text[i : i+size])
		i += size
	}
	flush()
}

func (r *redactor) bareSecret(s string) (secret, bool) {
	for _, sec := range r.secrets {
		if len(sec.value) >= minBareSecret && strings.HasPrefix(s, sec.value) {
			return sec, true
		}
	}
	return secret{}, false
}

func wordBefore(s string, i int) bool {
	c, size := utf8.DecodeLastRuneInString(s[:i])
	return size > 0 && isWordRune(c)
}

func wordAfter(s string, i int) bool {
	c, size := utf8.DecodeRuneInString(s[i:])
	return size > 0 && isWordRune(c)
}

// isWordRune holds for the characters of a value written in a message
// without quotes, such as subnet-0a1 or arn:aws:iam::1:role/x.
func isWordRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || strings.ContainsRune("-_./:@*", c)
}

func appendName(names []string, name string) []string {
	if slices.Contains(names, name) {
		return names
	}
	return append(names, name)
}
