package loader_test

import (
	"testing"

	"github.com/mi-lint/mi-lint/internal/loader"
)

const homeSrc = `custom:
  arch: ARM64
  base: &base
    mode: Auto
provider:
  plain: ARM64
  single: 'ARM64'
  double: "ARM64"
  escaped: "AR\x4D64"
  tagged: !!str ARM64
  block: |
    ARM64
  variable: ${self:custom.arch}
  number: 0
  float: 0.0
  yes: true
  scaling:
    <<: *base
    max: 5
  list: [ARM64]
  flow: {a: 1, b: 2}
  block2:
    first: 1
    middle: [x]
    last:
      - y
      - z
  only:
    one: 1
`

func TestHome(t *testing.T) {
	doc := load(t, homeSrc, loader.Options{})
	tests := []struct {
		name string
		path loader.Path
		key  bool
		want loader.Range // zero: refused
	}{
		{"plain value", loader.Path{"provider", "plain"}, false, rng(6, 10, 6, 15)},
		{"key", loader.Path{"provider", "plain"}, true, rng(6, 3, 6, 8)},
		{"single-quoted value, inside the quotes", loader.Path{"provider", "single"}, false, rng(7, 12, 7, 17)},
		{"double-quoted value, inside the quotes", loader.Path{"provider", "double"}, false, rng(8, 12, 8, 17)},
		{"list item", loader.Path{"provider", "list", 0}, false, rng(20, 10, 20, 15)},
		{"number written canonically", loader.Path{"provider", "number"}, false, rng(14, 11, 14, 12)},
		{"boolean", loader.Path{"provider", "yes"}, false, rng(16, 8, 16, 12)},
		{"a merge's own key", loader.Path{"provider", "scaling", "max"}, true, rng(19, 5, 19, 8)},
		{"escapes", loader.Path{"provider", "escaped"}, false, loader.Range{}},
		{"a tag", loader.Path{"provider", "tagged"}, false, loader.Range{}},
		{"a block scalar", loader.Path{"provider", "block"}, false, loader.Range{}},
		{"through a variable", loader.Path{"provider", "variable"}, false, loader.Range{}},
		{"a number not written canonically", loader.Path{"provider", "float"}, false, loader.Range{}},
		{"a merged value", loader.Path{"provider", "scaling", "mode"}, false, loader.Range{}},
		{"a merged key", loader.Path{"provider", "scaling", "mode"}, true, loader.Range{}},
		{"a mapping", loader.Path{"provider", "flow"}, false, loader.Range{}},
		{"a list index as a key", loader.Path{"provider", "list", 0}, true, loader.Range{}},
		{"missing", loader.Path{"provider", "nope"}, false, loader.Range{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := doc.Home(tt.path, tt.key)
			if ok != !tt.want.IsZero() || (ok && got != tt.want) {
				t.Errorf("Home(%v, %v) = %+v, %v; want %+v", tt.path, tt.key, got, ok, tt.want)
			}
		})
	}
}

func TestEntrySpan(t *testing.T) {
	doc := load(t, homeSrc, loader.Options{})
	tests := []struct {
		name string
		path loader.Path
		want loader.Range // zero: refused
	}{
		{"first entry: up to the next key", loader.Path{"provider", "block2", "first"}, rng(23, 5, 24, 5)},
		{"middle entry", loader.Path{"provider", "block2", "middle"}, rng(24, 5, 25, 5)},
		{"last entry: its whole lines", loader.Path{"provider", "block2", "last"}, rng(25, 1, 28, 1)},
		{"a flow mapping", loader.Path{"provider", "flow", "a"}, loader.Range{}},
		{"a mapping's only entry", loader.Path{"provider", "only", "one"}, loader.Range{}},
		{"a merged entry", loader.Path{"provider", "scaling", "mode"}, loader.Range{}},
		{"not a key", loader.Path{"provider", "list", 0}, loader.Range{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := doc.EntrySpan(tt.path)
			if ok != !tt.want.IsZero() || (ok && got != tt.want) {
				t.Errorf("EntrySpan(%v) = %+v, %v; want %+v", tt.path, got, ok, tt.want)
			}
		})
	}
}
