package loader

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// yamlCounts are what the pre-scan must not exceed: the values the
// converter charges at least (every node but mapping keys and the document)
// and the deepest collection's depth.
func yamlCounts(t *testing.T, src []byte) (values, depth int, ok bool) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil || len(doc.Content) == 0 {
		return 0, 0, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return 0, 0, false
	}
	var walk func(n *yaml.Node, d int, key bool)
	walk = func(n *yaml.Node, d int, key bool) {
		if !key {
			values++
		}
		if n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode {
			// A collection as a key is an error after parsing; its depth
			// counts all the same.
			depth = max(depth, d)
		}
		for i, c := range n.Content {
			walk(c, d+1, key || (n.Kind == yaml.MappingNode && i%2 == 0))
		}
	}
	walk(doc.Content[0], 0, false)
	return values, depth, true
}

func prescanCounts(t *testing.T, src []byte) (values, depth int) {
	t.Helper()
	p := newPrescanner("s.yml", src, Limits{})
	if err := p.run(); err != nil {
		t.Fatalf("prescan without limits: %v", err)
	}
	return p.values, p.depth
}

// TestPrescanCounts checks the pre-scan's counts on the shapes it must
// read right, and that they never exceed what yaml.v3 finds.
func TestPrescanCounts(t *testing.T) {
	tests := []struct {
		name          string
		src           string
		values, depth int
	}{
		{"block mapping", "a: 1\nb:\n  c: 2\n", 3, 0},
		{"block sequence", "a:\n  - 1\n  - - 2\n    - 3\n", 5, 0},
		{"flow in block", "a: [1, [2, 3], {x: 4, y: 5}]\n", 5, 2},
		{"flow document", "[[[]]]\n", 0, 2},
		{"flow mapping document", "{a: [[1]], b: 2}\n", 1, 2},
		{"brackets in a plain scalar are text", "a: x[y, {z\nb: c]\n", 2, 0},
		{"quoted commas and colons are text", "a: 'x, y: [z'\nb: \"p, q: {r\\\" s\"\nc: [\"1,2\", '3,''4']\n", 4, 1},
		{"multi-line quoted", "a: \"x,\n  - y: [z\"\nb: 1\n", 2, 0},
		{"comments", "a: 1 # b: 2, - [\n# c: 3\nd: [1, # 2,\n  3]\n", 3, 1},
		{"hash in a plain scalar is text", "a: [x#y, z]\n", 2, 1},
		{"block scalar", "a: |\n  b: [1, 2]\n  - c\n\n  d: e\nf: >-\n  g: h\ni: 1\n", 3, 0},
		{"block scalar in a sequence", "- a: |\n    x: 1\n  b: 2\n- |\n  y: 3\n", 4, 0},
		{"explicit indentation", "a: |2\n    x: 1\n  y: 2\nb: 1\n", 2, 0},
		{"block scalar ends at a less indented line", "a:\n  b: |\n    x: 1\n  c: 2\n", 3, 0},
		{"tags and anchors", "a: !Sub [x, {y: 1}]\nb: &z\n  - x\nd: *z\nc: !Ref [d]\n", 6, 2},
		{"apostrophe inside a plain scalar", "a: it's\nb: 'x: y, z'\nc: 1\n", 3, 0},
		{"document marker", "---\na: [1, 2]\n...\n", 2, 1},
		{"directive", "%YAML 1.1\n---\na: 1\n", 1, 0},
		{"CRLF", "a: 1\r\nb: |\r\n  c: 2\r\nd: [1, 2]\r\n", 4, 1},
		{"CR only", "a: 1\rb: [1, 2]\r", 3, 1},
		{"BOM", "\uFEFFa: [1, 2]\n", 2, 1},
		{"explicit key", "? a\n: [1, 2]\n", 2, 1},
		{"plain scalar continued by a bracket", "a: b\n  [c, d\ne: 1\n", 2, 0},
		{"plain scalar continued by a dash after a blank line", "- b\n\n  - c\n- d\n", 2, 0},
		{"plain scalar continued twice", "a: b\n   c\n  {d\n", 1, 0},
		{"not a continuation", "a: b\nc: [1, 2]\n", 3, 1},
		{"top-level plain scalar continued", " 0\n- -\n", 0, 0},
		{"URL colons", "a: http://x.y:80/z\n", 1, 0},
		{"JSON", `{"a": [1, 2], "b": {"c": [3]}}`, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			values, depth := prescanCounts(t, src)
			if values != tt.values || depth != tt.depth {
				t.Errorf("prescan counts %d values, depth %d; want %d, %d", values, depth, tt.values, tt.depth)
			}
			yv, yd, ok := yamlCounts(t, src)
			if !ok {
				t.Fatalf("yaml.v3 does not parse the test input")
			}
			if values > yv || depth > yd {
				t.Errorf("prescan counts %d values, depth %d; yaml.v3 has %d, %d", values, depth, yv, yd)
			}
		})
	}
}

// TestPrescanOnRealFiles checks that the pre-scan never counts more values
// or deeper flow nesting than yaml.v3 finds, on every configuration of the
// repository and of the shared corpus: it must never refuse a file the
// converter accepts.
func TestPrescanOnRealFiles(t *testing.T) {
	var n int
	for _, dir := range []string{"../../testdata", "../../examples", "../../../shared/corpus"} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".yml", ".yaml", ".json":
			default:
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			yv, yd, ok := yamlCounts(t, src)
			if !ok {
				return nil
			}
			n++
			values, depth := prescanCounts(t, src)
			if values > yv || depth > yd {
				t.Errorf("%s: prescan counts %d values, depth %d; yaml.v3 has %d, %d", path, values, depth, yv, yd)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 50 {
		t.Errorf("checked only %d files", n)
	}
	t.Logf("checked %d files", n)
}

// FuzzPrescan checks on arbitrary YAML that the pre-scan's counts stay
// below yaml.v3's: a pre-scan refusal must never hit a file the converter
// would accept. Run: go test -run '^$' -fuzz '^FuzzPrescan$' ./internal/loader
func FuzzPrescan(f *testing.F) {
	for _, s := range []string{
		"a: 1\nb:\n  - c: |\n      x\n  d: [1, {e: 'f, g'}]\n",
		"- a\n- b: \"x\"\n  c: >2\n    d\n",
		"a: b\n  [c\n? d\n: - e\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		// Load pre-scans and parses the decoded text (a UTF-16 file is
		// UTF-8 by then), so the property holds on that text.
		src, err := Text("fuzz.yml", raw)
		if err != nil {
			return
		}
		yv, yd, ok := yamlCounts(t, src)
		if !ok {
			return
		}
		values, depth := prescanCounts(t, src)
		if values > yv || depth > yd {
			t.Fatalf("prescan counts %d values, depth %d; yaml.v3 has %d, %d", values, depth, yv, yd)
		}
	})
}
