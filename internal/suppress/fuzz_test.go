package suppress

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// stripComments removes what the scanner takes for comments: whole lines
// for comment-only lines, else from the #.
func stripComments(src []byte) string {
	var out []string
	lines := scan(src)
	for i, l := range lines {
		switch {
		case l.commentOnly && i == len(lines)-1:
			out = append(out, "")
		case l.commentOnly:
		case l.comment >= 0:
			out = append(out, string(l.text[:l.comment]))
		default:
			out = append(out, string(l.text))
		}
	}
	return strings.Join(out, "\n")
}

// keepOrSpaces matches a block scalar that keeps its trailing lines, or a
// line of only spaces.
var keepOrSpaces = regexp.MustCompile(`[|>][1-9]?\+|(?m)^[ \t]+$`)

// FuzzScan checks the scanner on any YAML that yaml.v3 reads as a mapping
// or a sequence: every comment yaml.v3 keeps must be found, and removing
// what the scanner takes for comments must not change the value (so no
// text was taken for a comment). Plain `go test` runs the seeds.
func FuzzScan(f *testing.F) {
	for _, s := range trickyYAML {
		f.Add(s)
	}
	files, _ := filepath.Glob("../../testdata/rules/*/*.yml")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(src, "\r") || strings.HasPrefix(src, "\uFEFF") {
			return
		}
		for _, r := range src {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == 0xfffd {
				return
			}
		}
		if keepOrSpaces.MatchString(src) {
			// Removing a comment line there changes a block scalar.
			return
		}
		if strings.HasPrefix(strings.TrimLeft(src, "\n"), " ") {
			return // yaml.v3 drops lines after an indented first line
		}
		var v1 any
		if yaml.Unmarshal([]byte(src), &v1) != nil {
			return
		}
		switch v1.(type) {
		case map[string]any, []any:
		default:
			return
		}
		want, _ := yamlComments(t, []byte(src))
		got := scannedComments([]byte(src))
		for _, w := range want {
			i := slices.Index(got, w)
			if i < 0 {
				t.Fatalf("src %q\nscanner: %q\nyaml.v3: %q", src, got, want)
			}
			got = slices.Delete(got, i, i+1)
		}
		var v2 any
		stripped := stripComments([]byte(src))
		if err := yaml.Unmarshal([]byte(stripped), &v2); err != nil || !reflect.DeepEqual(v1, v2) {
			t.Fatalf("src %q\nstripped %q\n%v: %#v != %#v", src, stripped, err, v1, v2)
		}
	})
}
