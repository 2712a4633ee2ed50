// Package loader turns a serverless.yml into a normalized document: YAML
// parsed with positions kept, CloudFormation tags turned into intrinsic
// objects, anchors and merge keys applied, Serverless variables resolved
// where they can be, and the effective values the rules judge computed.
// It knows nothing of the policy engine.
package loader

import "strings"

// Kind is the type of a normalized value.
type Kind uint8

// The kinds of values a normalized document holds.
const (
	KindNull Kind = iota
	KindBool
	KindNumber
	KindString
	KindMap
	KindList
	// KindUnknown is a value that cannot be known statically: an unresolved
	// variable or a YAML tag the loader does not know.
	KindUnknown
)

// Range is a region of a source file. Lines and columns are 1-based and
// count Unicode code points; the end is exclusive.
type Range struct {
	File    string
	Line    int
	Col     int
	EndLine int
	EndCol  int
}

// IsZero reports whether the range is unset (a defaulted value).
func (r Range) IsZero() bool { return r.Line == 0 }

// Node is one normalized value. Nodes may be shared between several places
// of a document (aliases, variables), so a node never records where it is
// used, only where it is written (Range) and, for a shallow copy made at a
// use site, the chain of references that led to it (Via).
type Node struct {
	Kind Kind
	// Str holds a string's value, a number's canonical text, or an unknown
	// value's source text.
	Str  string
	Bool bool
	// Tag is the YAML tag of an unknown tagged value, such as "!Foo".
	Tag string
	// Reason says why a value is unknown.
	Reason  string
	Entries []Entry
	Items   []*Node
	Range   Range
	// Via lists the places that referenced this value (a variable or an
	// alias), outermost first.
	Via []Range
}

// Entry is one key of a mapping.
type Entry struct {
	Key      string
	KeyRange Range
	Value    *Node
	// MergedAt is where a `<<` merge brought this entry in from an anchor
	// written elsewhere; zero for a key written in the mapping itself.
	MergedAt Range
}

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != KindMap {
		return nil
	}
	for i := range n.Entries {
		if n.Entries[i].Key == key {
			return n.Entries[i].Value
		}
	}
	return nil
}

// entry returns the entry of key in a mapping, or nil.
func (n *Node) entry(key string) *Entry {
	if n == nil || n.Kind != KindMap {
		return nil
	}
	for i := range n.Entries {
		if n.Entries[i].Key == key {
			return &n.Entries[i]
		}
	}
	return nil
}

// IsIntrinsic reports whether n is a CloudFormation intrinsic function
// object: a mapping with the single key Ref, Condition or Fn::*.
func (n *Node) IsIntrinsic() bool {
	if n == nil || n.Kind != KindMap || len(n.Entries) != 1 {
		return false
	}
	k := n.Entries[0].Key
	return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
}

// IsKnown reports whether n has a statically known value: neither unknown
// nor an intrinsic.
func (n *Node) IsKnown() bool {
	return n != nil && n.Kind != KindUnknown && !n.IsIntrinsic()
}

// String returns the value of a string node, and whether it is one.
func (n *Node) String() (string, bool) {
	if n == nil || n.Kind != KindString {
		return "", false
	}
	return n.Str, true
}

// withVia returns a shallow copy of n that records a reference from site.
func (n *Node) withVia(site Range) *Node {
	c := *n
	c.Via = append([]Range{site}, n.Via...)
	return &c
}

// Path addresses a value in a document: mapping keys (string) and list
// indexes (int).
type Path []any

// Append returns a new path with elems added.
func (p Path) Append(elems ...any) Path {
	out := make(Path, 0, len(p)+len(elems))
	return append(append(out, p...), elems...)
}
