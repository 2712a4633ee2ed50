package loader_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// Hostile input: bytes that are not a configuration, and sizes and shapes
// meant to exhaust time or memory. Every case ends in a clear error at a
// position (in code points) or in the right document. Empty files, comment
// only files, several documents, duplicate keys, top-level lists and
// scalars and tab indentation are in TestLoadErrors; alias bombs and deep
// nesting in TestLimits; positions after CRLF, a BOM and multi-byte
// characters in TestLocate.

// utf16Text encodes s as UTF-16 with a byte order mark.
func utf16Text(s string, bigEndian bool) string {
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
	return string(b)
}

func TestBadBytes(t *testing.T) {
	const notText = "binary file: it holds a NUL byte here, and a serverless configuration is YAML text"
	tests := []struct {
		name string
		src  string
		want loader.Error
	}{
		{"NUL byte", "service: x\nprovider:\n  name: a\x00ws\n",
			loader.Error{File: "s.yml", Line: 3, Col: 10, Msg: notText}},
		{"binary from the first byte", "\x00\x01\x02\x03",
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: notText}},
		{"PNG image", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
			loader.Error{File: "s.yml", Line: 3, Col: 1, Msg: notText}},
		{"invalid UTF-8", "service: x\nprovider:\n  name: é\xffws\n",
			loader.Error{File: "s.yml", Line: 3, Col: 10, Msg: "invalid UTF-8: byte 0xFF does not begin a valid character; save the file as UTF-8"}},
		{"Latin-1", "# caf\xe9\nservice: x\n",
			loader.Error{File: "s.yml", Line: 1, Col: 6, Msg: "invalid UTF-8: byte 0xE9 does not begin a valid character; save the file as UTF-8"}},
		{"truncated UTF-8 at the end", "service: \xe6\x97",
			loader.Error{File: "s.yml", Line: 1, Col: 10, Msg: "invalid UTF-8: byte 0xE6 does not begin a valid character; save the file as UTF-8"}},
		{"invalid UTF-8 after CRLF and a BOM", "\uFEFFa: 1\r\nb: ü\xc3\r\n",
			loader.Error{File: "s.yml", Line: 2, Col: 5, Msg: "invalid UTF-8: byte 0xC3 does not begin a valid character; save the file as UTF-8"}},
		{"control character", "a: b\x01c\n",
			loader.Error{File: "s.yml", Line: 1, Col: 5, Msg: "control character U+0001 is not allowed in YAML"}},
		{"escape character", "a: \x1b[31mred\n",
			loader.Error{File: "s.yml", Line: 1, Col: 4, Msg: "control character U+001B is not allowed in YAML"}},
		{"DEL", "a:\n  b: \x7f\n",
			loader.Error{File: "s.yml", Line: 2, Col: 6, Msg: "control character U+007F is not allowed in YAML"}},
		{"C1 control character", "a: ñ\u0080\n",
			loader.Error{File: "s.yml", Line: 1, Col: 5, Msg: "control character U+0080 is not allowed in YAML"}},
		{"noncharacter", "a: \uFFFE\n",
			loader.Error{File: "s.yml", Line: 1, Col: 4, Msg: "character U+FFFE is not allowed in YAML"}},
		{"UTF-32", "\xff\xfe\x00\x00a\x00\x00\x00",
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: "the file is UTF-32 text, which is not supported; save it as UTF-8"}},
		{"UTF-16 with a syntax error", utf16Text("service: x\nprovider: [a,\n", false),
			loader.Error{File: "s.yml", Line: 3, Col: 1, Msg: "invalid YAML: did not find expected node content"}},
		{"UTF-16 big-endian with a duplicate key", utf16Text("ключ: 1\nb: {ключ: 1, ключ: 2}\n", true),
			loader.Error{File: "s.yml", Line: 2, Col: 14, Msg: `duplicate key "ключ" in this mapping`}},
		{"UTF-16 of odd length", utf16Text("a: b\n", false) + "x",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "invalid UTF-16: the file ends in the middle of a character"}},
		{"UTF-16 unpaired surrogate", utf16Text("a: bc", false)[:8] + "\x00\xd8" + utf16Text("x", false)[2:],
			loader.Error{File: "s.yml", Line: 1, Col: 4, Msg: "invalid UTF-16: surrogate 0xD800 is not followed by its pair"}},
		{"UTF-16 lone low surrogate", utf16Text("a: b", true)[:6] + "\xdc\x00",
			loader.Error{File: "s.yml", Line: 1, Col: 3, Msg: "invalid UTF-16: surrogate 0xDC00 has no leading pair"}},
		{"UTF-16 holding NUL", utf16Text("a: b\x00", false),
			loader.Error{File: "s.yml", Line: 1, Col: 5, Msg: "binary file: it holds a NUL character here, and a serverless configuration is YAML text"}},
		{"UTF-16 holding a control character", utf16Text("a:\n  b\x02", false),
			loader.Error{File: "s.yml", Line: 2, Col: 4, Msg: "control character U+0002 is not allowed in YAML"}},
		{"CRLF syntax error", "service: x\r\n  provider: y\r\n",
			loader.Error{File: "s.yml", Line: 2, Col: 3, Msg: "invalid YAML: mapping values are not allowed in this context"}},
		{"CR line ends", "service: x\rprovider: y\r  z: 1\r",
			loader.Error{File: "s.yml", Line: 3, Col: 3, Msg: "invalid YAML: mapping values are not allowed in this context"}},
		{"CRLF duplicate key in flow after multi-byte keys", "a: 1\r\nb: {é: 1, 😀: 2, 😀: 3}\r\n",
			loader.Error{File: "s.yml", Line: 2, Col: 17, Msg: `duplicate key "😀" in this mapping`}},
		{"BOM and an error on the first line", "\uFEFF  a: b: c\n",
			loader.Error{File: "s.yml", Line: 1, Col: 3, Msg: "invalid YAML: mapping values are not allowed in this context"}},
		{"BOM and a duplicate key on the first line", "\uFEFFa: {x: 1, x: 2}\n",
			loader.Error{File: "s.yml", Line: 1, Col: 11, Msg: `duplicate key "x" in this mapping`}},
		{"tab after spaces", "provider:\n  name: aws\n  \truntime: x\n",
			loader.Error{File: "s.yml", Line: 3, Col: 3, Msg: "invalid YAML: a tab character here; YAML indents with spaces only"}},
		{"tab before spaces in a plain scalar", "provider:\n  name: aws\n\t  runtime\n",
			loader.Error{File: "s.yml", Line: 3, Col: 1, Msg: "invalid YAML: a tab character here; YAML indents with spaces only"}},
		{"tab after a dash", "provider:\n  - a\n  -\tb\n",
			loader.Error{File: "s.yml", Line: 3, Col: 4, Msg: "invalid YAML: a tab character here; YAML indents with spaces only"}},
		{"tab indenting a sequence", "a:\n\t- b\n",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "invalid YAML: a tab character here; YAML indents with spaces only"}},
		{"line separator in a plain scalar", "service: x\u2028y\nprovider: aws\n",
			loader.Error{File: "s.yml", Line: 1, Col: 12, Msg: "invalid YAML: could not find expected ':' (line 1 holds a Unicode line or paragraph separator, which YAML 1.1 reads as a line break)"}},
		{"duplicate key after a paragraph separator", "a: \"x\u2029y\"\nb: {c: 1, c: 2}\n",
			loader.Error{File: "s.yml", Line: 2, Col: 11, Msg: `duplicate key "c" in this mapping`}},
		{"second document after a NEL", "a: 'x\u0085y'\n---\nb: 1\n",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "a second YAML document starts here; a serverless configuration is a single document"}},
		{"second document with CRLF", "a: 1\r\n---\r\nb: 1\r\n",
			loader.Error{File: "s.yml", Line: 2, Col: 1, Msg: "a second YAML document starts here; a serverless configuration is a single document"}},
		{"top-level list in flow style", "[service, provider]\n",
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: "the top level must be a mapping of configuration keys (service, provider, functions...)"}},
		{"top-level quoted scalar after a BOM", "\uFEFF\"service: x\"\n",
			loader.Error{File: "s.yml", Line: 1, Col: 1, Msg: "the top level must be a mapping of configuration keys (service, provider, functions...)"}},
		{"only a BOM", "\uFEFF",
			loader.Error{File: "s.yml", Msg: "the file is empty"}},
		{"only comments with CRLF", "# a\r\n# b\r\n",
			loader.Error{File: "s.yml", Msg: "the file has no YAML content, only comments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := loader.Load(loader.Source{Path: "s.yml", Content: []byte(tt.src)}, loader.Options{}, loader.DefaultLimits)
			var got *loader.Error
			if !errors.As(err, &got) || doc != nil {
				t.Fatalf("Load = %v, %v; want no document and an *loader.Error", doc, err)
			}
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodedText loads files that are text in another form than plain
// UTF-8: values and positions must be those of the UTF-8 file.
func TestDecodedText(t *testing.T) {
	const src = "service: x\nprovider:\n  name: ключ😀\n  list: [é, \"ü\", z]\n"
	tests := []struct {
		name string
		src  string
	}{
		{"UTF-8", src},
		{"UTF-8 with a BOM", "\uFEFF" + src},
		{"UTF-16 little-endian", utf16Text(src, false)},
		{"UTF-16 big-endian", utf16Text(src, true)},
		{"UTF-16 with CRLF", utf16Text(strings.ReplaceAll(src, "\n", "\r\n"), false)},
		{"line separator in a quoted scalar", strings.Replace(src, "service: x", "service: \"x\u2028\"", 1)},
		{"NEL in a quoted scalar", strings.Replace(src, "service: x", "service: 'x\u0085'", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := load(t, tt.src, loader.Options{})
			if got, _ := doc.Config.Get("provider").Get("name").String(); got != "ключ😀" {
				t.Errorf("provider.name = %q", got)
			}
			for _, c := range []struct {
				path loader.Path
				want loader.Range
			}{
				{loader.Path{"provider", "name"}, rng(3, 3, 3, 14)},
				{loader.Path{"provider", "list", 1}, rng(4, 13, 4, 16)},
				{loader.Path{"provider", "list", 2}, rng(4, 18, 4, 19)},
			} {
				loc, ok := doc.Locate(c.path)
				if !ok {
					t.Fatalf("Locate(%v) found nothing", c.path)
				}
				if diff := cmp.Diff(c.want, loc.Range); diff != "" {
					t.Errorf("Locate(%v) (-want +got):\n%s", c.path, diff)
				}
			}
		})
	}
}

// manyKeys is a mapping with n keys under custom.
func manyKeys(n int) string {
	var b strings.Builder
	b.WriteString("service: x\ncustom:\n")
	for i := range n {
		fmt.Fprintf(&b, "  key%d: value%d\n", i, i)
	}
	return b.String()
}

// fill repeats unit between prefix and suffix up to size bytes.
func fill(size int, prefix, unit, suffix string) string {
	return prefix + strings.Repeat(unit, (size-len(prefix)-len(suffix))/len(unit)) + suffix
}

// hostileInputs are the resource attacks TestHostileSizes checks and
// BenchmarkHostile measures: each loads or fails, quickly.
var hostileInputs = []struct {
	name string
	src  func() string
	// want is the error, or nil for a document that loads.
	want *loader.Error
}{
	{"alias bomb", func() string { return billionLaughs(30) },
		&loader.Error{File: "s.yml", Line: 7, Col: 10, Msg: "the document expands to more than 1000000 values (an alias bomb?)"}},
	{"flow sequences 10,000 deep", func() string { return "a: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n" },
		&loader.Error{File: "s.yml", Line: 1, Col: 204, Msg: "nesting is deeper than 200 levels"}},
	{"flow mappings 10,000 deep", func() string { return "a: " + strings.Repeat("{a: ", 10000) + "1" + strings.Repeat("}", 10000) + "\n" },
		&loader.Error{File: "s.yml", Line: 1, Col: 804, Msg: "nesting is deeper than 200 levels"}},
	{"unclosed flow 10,000 deep", func() string { return "a: " + strings.Repeat("[", 10000) + "\n" },
		&loader.Error{File: "s.yml", Line: 1, Col: 204, Msg: "nesting is deeper than 200 levels"}},
	{"flow document 10,000 deep", func() string { return strings.Repeat("[", 10000) + strings.Repeat("]", 10000) },
		&loader.Error{File: "s.yml", Line: 1, Col: 202, Msg: "nesting is deeper than 200 levels"}},
	{"block sequences 10,000 deep", func() string { return "a:\n" + strings.Repeat("- ", 10000) + "x\n" },
		&loader.Error{File: "s.yml", Line: 2, Col: 401, Msg: "nesting is deeper than 200 levels"}},
	{"block indentation 4,000 deep", func() string { return "a:\n" + blockNesting(4000) },
		&loader.Error{File: "s.yml", Line: 202, Col: 201, Msg: "nesting is deeper than 200 levels"}},
	{"100,000 keys", func() string { return manyKeys(100_000) }, nil},
	{"one 10 MB line", func() string { return fill(loader.MaxFileSize, "service: ", "x", "\n") }, nil},
	{"10 MB flow list", func() string { return fill(loader.MaxFileSize, "a: [", "1,", "1]\n") },
		&loader.Error{File: "s.yml", Line: 1, Col: 2000004, Msg: "the document has more than 1000000 values"}},
	{"10 MB of empty flow lists", func() string { return fill(loader.MaxFileSize, "a: [", "[],", "[]]\n") },
		&loader.Error{File: "s.yml", Line: 1, Col: 3000004, Msg: "the document has more than 1000000 values"}},
	{"10 MB block list", func() string { return fill(loader.MaxFileSize, "a:\n", "- 1\n", "") },
		&loader.Error{File: "s.yml", Line: 1000001, Col: 1, Msg: "the document has more than 1000000 values"}},
	{"10 MB of aliases", func() string { return fill(loader.MaxFileSize, "b: &x 1\na: [", "*x,", "1]\n") },
		&loader.Error{File: "s.yml", Line: 2, Col: 3000001, Msg: "the document has more than 1000000 values"}},
	{"10 MB of keys", func() string { return fill(loader.MaxFileSize, "a:\n", " k: 1\n", "") },
		&loader.Error{File: "s.yml", Line: 1000001, Col: 3, Msg: "the document has more than 1000000 values"}},
	{"100 MB file", func() string { return fill(100<<20, "a:\n", " k: 1\n", "") },
		&loader.Error{File: "s.yml", Msg: "the file is 104.9 MB, larger than the 10 MiB limit set by --max-file-size"}},
}

// TestHostileSizes loads each resource attack: it must give its error or a
// correct document (timings are BenchmarkHostile's).
func TestHostileSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds files of up to 100 MB")
	}
	for _, tt := range hostileInputs {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src()
			doc, err := loader.Load(loader.Source{Path: "s.yml", Content: []byte(src)}, loader.Options{}, loader.DefaultLimits)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				return
			}
			var le *loader.Error
			if !errors.As(err, &le) || doc != nil {
				t.Fatalf("Load = %v, %v; want no document and %v", doc, err, tt.want)
			}
			if diff := cmp.Diff(tt.want, le); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHostileResults checks the documents the attacks that load produce.
func TestHostileResults(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10 MB file")
	}
	doc := load(t, manyKeys(100_000), loader.Options{})
	custom := doc.Config.Get("custom")
	if len(custom.Entries) != 100_000 {
		t.Fatalf("custom has %d keys, want 100000", len(custom.Entries))
	}
	loc, _ := doc.Locate(loader.Path{"custom", "key99999"})
	if diff := cmp.Diff(rng(100_002, 3, 100_002, 23), loc.Range); diff != "" {
		t.Errorf("Locate(custom.key99999) (-want +got):\n%s", diff)
	}
	long := fill(loader.MaxFileSize, "service: ", "ü", "\n")
	doc = load(t, long, loader.Options{})
	if got, _ := doc.Config.Get("service").String(); got != long[len("service: "):len(long)-1] {
		t.Errorf("service has %d bytes, want %d", len(got), len(long)-len("service: ")-1)
	}
	loc, _ = doc.Locate(loader.Path{"service"})
	if want := rng(1, 1, 1, 10+(loader.MaxFileSize-10)/2); loc.Range != want {
		t.Errorf("Locate(service) = %+v, want %+v", loc.Range, want)
	}
}

func TestMaxBytes(t *testing.T) {
	src := "service: x\n" // 11 bytes
	for _, tt := range []struct {
		max  int
		want string
	}{
		{0, ""},
		{11, ""},
		{10, "s.yml: the file is 11 B, larger than the 10 B limit set by --max-file-size"},
	} {
		_, err := loader.Load(loader.Source{Path: "s.yml", Content: []byte(src)}, loader.Options{},
			loader.Limits{MaxNodes: 100, MaxDepth: 10, MaxBytes: tt.max})
		if got := fmt.Sprint(err); (tt.want == "" && err != nil) || (tt.want != "" && got != tt.want) {
			t.Errorf("MaxBytes %d: error %v, want %q", tt.max, err, tt.want)
		}
	}
	if loader.DefaultLimits.MaxBytes != loader.MaxFileSize || loader.MaxFileSize != 10<<20 {
		t.Errorf("DefaultLimits.MaxBytes = %d, MaxFileSize = %d; want 10 MiB", loader.DefaultLimits.MaxBytes, loader.MaxFileSize)
	}
}
