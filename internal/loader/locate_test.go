package loader_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// spansSrc has one key per kind of value; line numbers are in comments of
// the test cases below.
const spansSrc = `service: plain value
single: 'it''s'
double: "a\"b\\c\u00e9"
literal: |
  line one
  line two

folded: >-
  folded
  text
flowSeq: [1, "two", 'three']
flowMap: {a: 1, b: [x, y]}
multiFlow: [
  one,
  two
]
tagged: !Ref Bucket
taggedSeq: !GetAtt [Provider, Arn]
comment: value # trailing
multiPlain: first
  second
empty:
nested:
  key: v
"k y": 1
items:
  - first
  - key: v
    other: w
`

func TestLocateSpans(t *testing.T) {
	doc := load(t, spansSrc, loader.Options{})
	tests := []struct {
		name string
		path loader.Path
		want loader.Range
	}{
		{"plain", loader.Path{"service"}, rng(1, 1, 1, 21)},
		{"single-quoted", loader.Path{"single"}, rng(2, 1, 2, 16)},
		{"double-quoted with escapes", loader.Path{"double"}, rng(3, 1, 3, 24)},
		{"literal block", loader.Path{"literal"}, rng(4, 1, 6, 11)},
		{"folded block", loader.Path{"folded"}, rng(8, 1, 10, 7)},
		{"flow sequence", loader.Path{"flowSeq"}, rng(11, 1, 11, 29)},
		{"flow sequence item", loader.Path{"flowSeq", 1}, rng(11, 14, 11, 19)},
		{"flow sequence quoted item", loader.Path{"flowSeq", 2}, rng(11, 21, 11, 28)},
		{"flow mapping", loader.Path{"flowMap"}, rng(12, 1, 12, 27)},
		{"flow mapping key", loader.Path{"flowMap", "b"}, rng(12, 17, 12, 26)},
		{"flow item in a flow mapping", loader.Path{"flowMap", "b", 1}, rng(12, 24, 12, 25)},
		{"multi-line flow sequence: the key only", loader.Path{"multiFlow"}, rng(13, 1, 13, 10)},
		{"multi-line flow sequence item", loader.Path{"multiFlow", 1}, rng(15, 3, 15, 6)},
		{"tagged scalar", loader.Path{"tagged"}, rng(17, 1, 17, 20)},
		{"inside a tagged scalar", loader.Path{"tagged", "Ref"}, rng(17, 9, 17, 20)},
		{"tagged flow sequence", loader.Path{"taggedSeq"}, rng(18, 1, 18, 35)},
		{"item of a tagged flow sequence", loader.Path{"taggedSeq", "Fn::GetAtt", 0}, rng(18, 21, 18, 29)},
		{"value before a comment", loader.Path{"comment"}, rng(19, 1, 19, 15)},
		{"multi-line plain", loader.Path{"multiPlain"}, rng(20, 1, 21, 9)},
		{"empty value", loader.Path{"empty"}, rng(22, 1, 22, 7)},
		{"block mapping: the key only", loader.Path{"nested"}, rng(23, 1, 23, 7)},
		{"key in a block mapping", loader.Path{"nested", "key"}, rng(24, 3, 24, 9)},
		{"quoted key", loader.Path{"k y"}, rng(25, 1, 25, 9)},
		{"block sequence: the key only", loader.Path{"items"}, rng(26, 1, 26, 6)},
		{"scalar item", loader.Path{"items", 0}, rng(27, 5, 27, 10)},
		{"mapping item", loader.Path{"items", 1}, rng(28, 5, 29, 13)},
		{"key in a mapping item", loader.Path{"items", 1, "other"}, rng(29, 5, 29, 13)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, ok := doc.Locate(tt.path)
			if !ok {
				t.Errorf("Locate(%v) not ok", tt.path)
			}
			if diff := cmp.Diff(loader.Location{Range: tt.want}, loc); diff != "" {
				t.Errorf("Locate(%v) (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

// TestValueRanges checks the region of the values themselves.
func TestValueRanges(t *testing.T) {
	doc := load(t, spansSrc, loader.Options{})
	tests := []struct {
		path []any
		want loader.Range
	}{
		{[]any{"service"}, rng(1, 10, 1, 21)},
		{[]any{"single"}, rng(2, 9, 2, 16)},
		{[]any{"double"}, rng(3, 9, 3, 24)},
		{[]any{"literal"}, rng(4, 10, 6, 11)},
		{[]any{"folded"}, rng(8, 9, 10, 7)},
		{[]any{"flowMap"}, rng(12, 10, 12, 27)},
		{[]any{"multiFlow"}, rng(13, 12, 16, 2)},
		{[]any{"tagged"}, rng(17, 9, 17, 20)},
		{[]any{"taggedSeq"}, rng(18, 12, 18, 35)},
		{[]any{"nested"}, rng(24, 3, 24, 9)},
		{[]any{"items"}, rng(27, 3, 29, 13)},
	}
	for _, tt := range tests {
		n := get(doc.Config, tt.path...)
		if n == nil {
			t.Errorf("%v: absent", tt.path)
			continue
		}
		if diff := cmp.Diff(tt.want, n.Range); diff != "" {
			t.Errorf("%v: Range (-want +got):\n%s", tt.path, diff)
		}
	}
	keys := make([]loader.Range, 0, 3)
	for _, e := range doc.Config.Entries[:3] {
		keys = append(keys, e.KeyRange)
	}
	if diff := cmp.Diff([]loader.Range{rng(1, 1, 1, 8), rng(2, 1, 2, 7), rng(3, 1, 3, 7)}, keys); diff != "" {
		t.Errorf("key ranges (-want +got):\n%s", diff)
	}
}

func TestLocateSnippets(t *testing.T) {
	tests := []struct {
		name string
		src  string
		path loader.Path
		want loader.Range
	}{
		{"CRLF", "a: 1\r\nb: \"two\"\r\n", loader.Path{"b"}, rng(2, 1, 2, 9)},
		{"CRLF block scalar", "a: 1\r\nc: |\r\n  x\r\n  yz\r\nd: 2\r\n", loader.Path{"c"}, rng(2, 1, 4, 5)},
		{"CRLF flow item", "a: 1\r\nd: [p, q]\r\n", loader.Path{"d", 1}, rng(2, 8, 2, 9)},
		{"CR only", "a: 1\rb: two\r", loader.Path{"b"}, rng(2, 1, 2, 7)},
		{"BOM", "\uFEFFa: 1\nb: x\n", loader.Path{"a"}, rng(1, 1, 1, 5)},
		{"BOM, flow item on the first line", "\uFEFFa: [1, 2]\n", loader.Path{"a", 1}, rng(1, 8, 1, 9)},
		{"tab before a value", "a:\tvalue\n", loader.Path{"a"}, rng(1, 1, 1, 9)},
		{"tabs inside a value", "a: x\ty\tz\n", loader.Path{"a"}, rng(1, 1, 1, 9)},
		{"tab escape in double quotes", "b: \"\\tx\"\n", loader.Path{"b"}, rng(1, 1, 1, 9)},
		{"multi-byte key", "ключ: значение\n", loader.Path{"ключ"}, rng(1, 1, 1, 15)},
		{"multi-byte before a flow item", "b: {é: ü, ñ: [ö, x]}\n", loader.Path{"b", "ñ", 1}, rng(1, 18, 1, 19)},
		{"multi-byte quoted", "c: \"日本語\"\n", loader.Path{"c"}, rng(1, 1, 1, 9)},
		{"emoji before a value", "d: [\"😀😀\", v]\n", loader.Path{"d", 1}, rng(1, 11, 1, 12)},
		{"multi-byte multi-line plain", "e: ü\n  ö\n", loader.Path{"e"}, rng(1, 1, 2, 4)},
		{"multi-line plain with a blank line", "a: one\n\n  two\nb: 1\n", loader.Path{"a"}, rng(1, 1, 3, 6)},
		{"multi-line plain with blank lines", "a: one\n\n\n  two three\n  four\nb: 1\n", loader.Path{"a"}, rng(1, 1, 5, 7)},
		{"multi-line plain with trailing spaces", "a: one   \n  two  \nb: 1\n", loader.Path{"a"}, rng(1, 1, 2, 6)},
		{"multi-line plain item", "l:\n  - one\n    two\n", loader.Path{"l", 0}, rng(2, 5, 3, 8)},
		{"multi-line double-quoted", "a: \"x\n\n  y\"\n", loader.Path{"a"}, rng(1, 1, 3, 5)},
		{"multi-line single-quoted", "a: 'x''\n  y'\n", loader.Path{"a"}, rng(1, 1, 2, 5)},
		{"anchored tagged scalar", "a: &anc !Ref X\n", loader.Path{"a"}, rng(1, 1, 1, 15)},
		{"tagged scalar before a comment", "a: !Ref X # c\n", loader.Path{"a"}, rng(1, 1, 1, 10)},
		{"brackets inside quotes in flow", "a: {b: \"}\", c: [1, {d: \"]\"}]}\n", loader.Path{"a"}, rng(1, 1, 1, 30)},
		{"deep flow item", "a: {b: \"}\", c: [1, {d: \"]\"}]}\n", loader.Path{"a", "c", 1, "d"}, rng(1, 21, 1, 27)},
		{"flow sequence with a comment", "a: [x, # c ]\n  y]\n", loader.Path{"a", 1}, rng(2, 3, 2, 4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := load(t, tt.src, loader.Options{})
			loc, ok := doc.Locate(tt.path)
			if !ok {
				t.Errorf("Locate(%v) not ok", tt.path)
			}
			if diff := cmp.Diff(loader.Location{Range: tt.want}, loc); diff != "" {
				t.Errorf("Locate(%v) (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

const refsSrc = `custom:
  size: 16
  block: &block
    mode: auto
    max: 12
  list: &list [a, b]
  scalar: &scalar 42
provider:
  merged:
    <<: *block
    mode: manual
  mergedList:
    <<: [{x: 1}, *block]
  alias: *block
  aliasList: *list
  aliasScalar: *scalar
  var: ${self:custom.size}
  varBlock: ${self:custom.block}
  fallback: ${opt:stage, 'dev'}
  interpolated: n-${self:custom.size}
  varOfVar: ${self:provider.var}
`

func TestLocateReferences(t *testing.T) {
	doc := load(t, refsSrc, loader.Options{})
	tests := []struct {
		name string
		path loader.Path
		want loader.Location
	}{
		{"merged key: where it is written, merge site related", loader.Path{"provider", "merged", "max"},
			loader.Location{Range: rng(5, 5, 5, 12), Related: []loader.Related{{Range: rng(10, 9, 10, 15), Message: "merged here"}}}},
		{"key written next to a merge", loader.Path{"provider", "merged", "mode"},
			loader.Location{Range: rng(11, 5, 11, 17)}},
		{"merge list: alias source", loader.Path{"provider", "mergedList", "mode"},
			loader.Location{Range: rng(4, 5, 4, 15), Related: []loader.Related{{Range: rng(13, 18, 13, 24), Message: "merged here"}}}},
		{"merge list: inline source", loader.Path{"provider", "mergedList", "x"},
			loader.Location{Range: rng(13, 11, 13, 15)}},
		{"alias of a mapping: the key and alias", loader.Path{"provider", "alias"},
			loader.Location{Range: rng(14, 3, 14, 16), Related: []loader.Related{{Range: rng(3, 10, 5, 12), Message: "the value comes from here"}}}},
		{"through an alias of a mapping", loader.Path{"provider", "alias", "max"},
			loader.Location{Range: rng(5, 5, 5, 12), Related: []loader.Related{{Range: rng(14, 10, 14, 16), Message: "referenced here"}}}},
		{"through an alias of a list", loader.Path{"provider", "aliasList", 1},
			loader.Location{Range: rng(6, 19, 6, 20), Related: []loader.Related{{Range: rng(15, 14, 15, 19), Message: "referenced here"}}}},
		{"alias of a scalar", loader.Path{"provider", "aliasScalar"},
			loader.Location{Range: rng(16, 3, 16, 23), Related: []loader.Related{{Range: rng(7, 11, 7, 21), Message: "the value comes from here"}}}},
		{"variable", loader.Path{"provider", "var"},
			loader.Location{Range: rng(17, 3, 17, 27), Related: []loader.Related{{Range: rng(2, 9, 2, 11), Message: "the value comes from here"}}}},
		{"through a variable", loader.Path{"provider", "varBlock", "mode"},
			loader.Location{Range: rng(4, 5, 4, 15), Related: []loader.Related{{Range: rng(18, 13, 18, 33), Message: "referenced here"}}}},
		{"literal fallback: written here", loader.Path{"provider", "fallback"},
			loader.Location{Range: rng(19, 3, 19, 32)}},
		{"interpolated string: written here", loader.Path{"provider", "interpolated"},
			loader.Location{Range: rng(20, 3, 20, 38)}},
		{"variable of a variable: the value's place", loader.Path{"provider", "varOfVar"},
			loader.Location{Range: rng(21, 3, 21, 33), Related: []loader.Related{{Range: rng(2, 9, 2, 11), Message: "the value comes from here"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, ok := doc.Locate(tt.path)
			if !ok {
				t.Errorf("Locate(%v) not ok", tt.path)
			}
			if diff := cmp.Diff(tt.want, loc); diff != "" {
				t.Errorf("Locate(%v) (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

func TestLocateMissing(t *testing.T) {
	doc := load(t, "service: x\nprovider:\n  list: [a]\n", loader.Options{})
	tests := []struct {
		name string
		path loader.Path
		want loader.Range
		ok   bool
	}{
		{"root", loader.Path{}, rng(1, 1, 1, 1), true},
		{"absent key", loader.Path{"functions"}, rng(1, 1, 1, 1), false},
		{"absent below a present key", loader.Path{"provider", "vpc", "subnetIds"}, rng(2, 1, 2, 9), false},
		{"key of a scalar", loader.Path{"service", "name"}, rng(1, 1, 1, 11), false},
		{"index out of range", loader.Path{"provider", "list", 1}, rng(3, 3, 3, 12), false},
		{"negative index", loader.Path{"provider", "list", -1}, rng(3, 3, 3, 12), false},
		{"index of a mapping", loader.Path{"provider", 0}, rng(2, 1, 2, 9), false},
		{"element of another type", loader.Path{"provider", 1.5}, rng(2, 1, 2, 9), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, ok := doc.Locate(tt.path)
			if ok != tt.ok {
				t.Errorf("Locate(%v) ok = %v, want %v", tt.path, ok, tt.ok)
			}
			if diff := cmp.Diff(loader.Location{Range: tt.want}, loc); diff != "" {
				t.Errorf("Locate(%v) (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}
