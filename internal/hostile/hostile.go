// Package hostile builds the hostile inputs mi-lint must survive: files that
// are not YAML text, YAML that is not a configuration, and shapes meant to
// exhaust time or memory, each with the one error loading it must give, and
// good files in unusual encodings with the findings of their plain form.
// Tests write them into a temporary tree beside good files and check that
// the good files' findings are complete and every bad file has its error.
//
// The files are generated rather than kept in testdata: some are large,
// and the others would trip tools that walk testdata for YAML.
package hostile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"github.com/mi-lint/mi-lint/internal/bytesize"
)

// Case is one hostile file.
type Case struct {
	// Name is the directory the file is written to: <dir>/<Name>/serverless.yml.
	Name    string
	Content []byte
	// Line, Col and Msg are the file's error: Line and Col are 0 for an
	// error without a position. Msg is empty for a file that loads; Same
	// then names the plain UTF-8 text that must give the same findings.
	Line, Col int
	Msg       string
	Same      []byte
}

// File is the path of the case's file under dir.
func (c Case) File(dir string) string {
	return filepath.Join(dir, c.Name, "serverless.yml")
}

// good is a configuration with one finding (MI003 at line 15), used for the
// files that must load whatever their encoding.
const good = `service: hostile
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    # ключ: 😀 multi-byte text before values keeps columns in code points
    small:
      scaling:
        maxVCpuCount: 12
    tooSmall:
      scaling: {mode: manual, maxVCpuCount: 11}
functions:
  a: {handler: h.a, capacityProvider: small}
  b: {handler: h.b, capacityProvider: tooSmall}
`

// UTF16 encodes s as UTF-16 with a byte order mark.
func UTF16(s string, bigEndian bool) []byte {
	b := []byte{0xFF, 0xFE}
	if bigEndian {
		b = []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// laughs is an alias bomb: levels lists of nine aliases to the one before.
func laughs(levels int) string {
	var b strings.Builder
	b.WriteString("service: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < levels; i++ {
		refs := strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 8) + fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, refs)
	}
	return b.String()
}

// Cases are the small hostile files (under 100 kB each).
func Cases() []Case {
	const notMapping = "the top level must be a mapping of configuration keys (service, provider, functions...)"
	crlf := strings.ReplaceAll(good, "\n", "\r\n")
	return []Case{
		{Name: "binary", Content: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), Line: 3, Col: 1,
			Msg: "binary file: it holds a NUL byte here, and a serverless configuration is YAML text"},
		{Name: "latin1", Content: []byte("service: caf\xe9\n"), Line: 1, Col: 13,
			Msg: "invalid UTF-8: byte 0xE9 does not begin a valid character; save the file as UTF-8"},
		{Name: "control-character", Content: []byte("service: x\nprovider:\n  name: \x1b[1maws\n"), Line: 3, Col: 9,
			Msg: "control character U+001B is not allowed in YAML"},
		{Name: "utf32", Content: []byte("\xff\xfe\x00\x00s\x00\x00\x00"), Line: 1, Col: 1,
			Msg: "the file is UTF-32 text, which is not supported; save it as UTF-8"},
		{Name: "utf16-odd-length", Content: append(UTF16("service: x\n", false), 'x'), Line: 2, Col: 1,
			Msg: "invalid UTF-16: the file ends in the middle of a character"},
		{Name: "tabs", Content: []byte("service: x\nprovider:\n\tname: aws\n"), Line: 3, Col: 1,
			Msg: "invalid YAML: a tab character here; YAML indents with spaces only"},
		{Name: "crlf-syntax-error", Content: []byte("service: x\r\nprovider:\r\n  name: [aws\r\n"), Line: 3, Col: 3,
			Msg: "invalid YAML: did not find expected ',' or ']'"},
		{Name: "empty", Content: nil, Msg: "the file is empty"},
		{Name: "comments-only", Content: []byte("# service: x\n# provider: aws\n"), Msg: "the file has no YAML content, only comments"},
		{Name: "two-documents", Content: []byte("service: a\n---\nservice: b\n"), Line: 2, Col: 1,
			Msg: "a second YAML document starts here; a serverless configuration is a single document"},
		{Name: "duplicate-key", Content: []byte("service: a\nprovider:\n  name: aws\n  name: aws\n"), Line: 4, Col: 3,
			Msg: `duplicate key "name" in this mapping`},
		{Name: "duplicate-key-after-multibyte", Content: []byte("service: a\ncustom: {ключ: 1, 😀: 2, 😀: 3}\n"), Line: 2, Col: 25,
			Msg: `duplicate key "😀" in this mapping`},
		{Name: "top-level-list", Content: []byte("- service: x\n"), Line: 1, Col: 1, Msg: notMapping},
		{Name: "top-level-scalar", Content: []byte("serverless\n"), Line: 1, Col: 1, Msg: notMapping},
		{Name: "alias-bomb", Content: []byte(laughs(20)), Line: 8, Col: 10,
			Msg: "the document expands to more than 1000000 values (an alias bomb?)"},
		{Name: "deep-flow", Content: []byte("service: x\ncustom: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"), Line: 2, Col: 209,
			Msg: "nesting is deeper than 200 levels"},
		{Name: "deep-flow-mapping", Content: []byte("service: x\ncustom: " + strings.Repeat("{a: ", 10000) + "1" + strings.Repeat("}", 10000) + "\n"), Line: 2, Col: 809,
			Msg: "nesting is deeper than 200 levels"},
		{Name: "deep-block", Content: []byte("service: x\ncustom:\n" + strings.Repeat("- ", 10000) + "x\n"), Line: 3, Col: 401,
			Msg: "nesting is deeper than 200 levels"},
		{Name: "good-bom-crlf", Content: []byte("\uFEFF" + crlf), Same: []byte(good)},
		{Name: "good-utf16le", Content: UTF16(good, false), Same: []byte(good)},
		{Name: "good-utf16be-crlf", Content: UTF16(crlf, true), Same: []byte(good)},
	}
}

// fill repeats unit after prefix up to size bytes, then adds suffix.
func fill(size int, prefix, unit, suffix string) []byte {
	return []byte(prefix + strings.Repeat(unit, (size-len(prefix)-len(suffix))/len(unit)) + suffix)
}

// Large are the big hostile files (10 to 100 MB, 130 MB in all): each loads
// or fails in seconds at most.
func Large() []Case {
	const tooMany = "the document has more than 1000000 values"
	keys := func(n int) []byte {
		var b strings.Builder
		b.WriteString(good + "custom:\n")
		for i := range n {
			fmt.Fprintf(&b, "  key%d: value%d\n", i, i)
		}
		return []byte(b.String())
	}
	huge := fill(100<<20, "service: x\ncustom:\n", "  k: 1\n", "")
	return []Case{
		{Name: "size-100MB", Content: huge,
			Msg: fmt.Sprintf("the file is %s, larger than the 10 MiB limit set by --max-file-size", bytesize.Format(int64(len(huge))))},
		{Name: "line-10MB", Content: fill(10<<20, good+"custom: ", "x", "\n"),
			Same: []byte(good + "custom: x\n")},
		{Name: "flow-list-10MB", Content: fill(10<<20, "service: x\ncustom: [", "1,", "1]\n"), Line: 2, Col: 2000007,
			Msg: tooMany},
		{Name: "block-list-10MB", Content: fill(10<<20, "service: x\ncustom:\n", "- 1\n", ""), Line: 1000001, Col: 1,
			Msg: tooMany},
		{Name: "keys-100k", Content: keys(100_000), Same: []byte(good)},
	}
}

// Write writes each case to <dir>/<Name>/serverless.yml.
func Write(dir string, cases []Case) error {
	for _, c := range cases {
		p := c.File(dir)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, c.Content, 0o644); err != nil {
			return err
		}
	}
	return nil
}
