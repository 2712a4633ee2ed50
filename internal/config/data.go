package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

type dataKind int

const (
	kindNull dataKind = iota
	kindMap
	kindList
	kindString
	kindNumber
	kindBool
)

// dataNode is a value of `data:` with its position, kept so that
// ResolveData can point at the offending key or value.
type dataNode struct {
	pos     Pos
	kind    dataKind
	entries []dataEntry
	items   []*dataNode
	scalar  any
}

type dataEntry struct {
	key    string
	keyPos Pos
	value  *dataNode
}

// plain converts the node to map[string]any, []any, string, float64, bool
// or nil, the shapes encoding/json produces for the facts.
func (d *dataNode) plain() any {
	switch d.kind {
	case kindMap:
		m := make(map[string]any, len(d.entries))
		for _, e := range d.entries {
			m[e.key] = e.value.plain()
		}
		return m
	case kindList:
		l := make([]any, len(d.items))
		for i, it := range d.items {
			l[i] = it.plain()
		}
		return l
	default:
		return d.scalar
	}
}

// describe names the node's kind and, for a scalar, its value.
func (d *dataNode) describe() string {
	switch d.kind {
	case kindMap:
		return "a mapping"
	case kindList:
		return "a list"
	case kindString:
		return fmt.Sprintf("the string %q", d.scalar)
	case kindNumber:
		return fmt.Sprintf("the number %v", d.scalar) // %v is a float64's shortest form
	case kindBool:
		return fmt.Sprintf("the boolean %v", d.scalar)
	default:
		return "null"
	}
}

// dataTop reads `data:`, a mapping of facts file names to overrides.
func (p *parser) dataTop(n *yaml.Node) *dataNode {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "data must be a mapping of facts file names to overrides, such as {regions: {managedInstances: {unsupported: [me-south-1]}}}, not %s", describe(n))
		return nil
	}
	return p.dataValue(n, nil, "data", 0)
}

// dataValue converts n. site is the alias through which n was reached, if
// any: problems that only aliases cause are reported there.
func (p *parser) dataValue(n, site *yaml.Node, path string, depth int) *dataNode {
	at := n
	if site != nil {
		at = site
	}
	if depth > maxDepth {
		p.errorf(at, "%s nests deeper than %d levels (an alias inside its own anchor?)", path, maxDepth)
		return nil
	}
	if !p.charge(at, 1) {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		if site == nil {
			site = n
		}
		return p.dataValue(n.Alias, site, path, depth+1)
	}
	d := &dataNode{pos: pos(n)}
	switch n.Kind {
	case yaml.MappingNode:
		d.kind = kindMap
		for _, kv := range p.pairs(n) {
			v := p.dataValue(kv.value, site, childPath(path, "."+kv.key.Value, depth), depth+1)
			if v == nil {
				continue // reported; Parse fails
			}
			d.entries = append(d.entries, dataEntry{key: kv.key.Value, keyPos: pos(kv.key), value: v})
		}
	case yaml.SequenceNode:
		d.kind = kindList
		for i, it := range n.Content {
			v := p.dataValue(it, site, childPath(path, fmt.Sprintf("[%d]", i), depth), depth+1)
			if v == nil {
				continue // reported; Parse fails
			}
			d.items = append(d.items, v)
		}
	case yaml.ScalarNode:
		if !p.dataScalar(d, n, path) {
			return nil
		}
	default:
		p.errorf(n, "%s is an unexpected YAML node", path)
		return nil
	}
	return d
}

// childPath names a nested value for messages; deep paths are elided.
func childPath(path, seg string, depth int) string {
	switch {
	case strings.HasSuffix(path, "..."):
		return path
	case depth >= 8:
		return path + "..."
	}
	return path + seg
}

func (p *parser) dataScalar(d *dataNode, n *yaml.Node, path string) bool {
	switch tag := n.ShortTag(); tag {
	case "!!null":
		d.kind = kindNull
	case "!!str", "!!timestamp":
		d.kind, d.scalar = kindString, n.Value
	case "!!bool":
		d.kind, d.scalar = kindBool, strings.EqualFold(n.Value, "true")
	case "!!int", "!!float":
		f, ok := parseNumber(n.Value)
		if !ok {
			p.errorf(n, "%s is %s, which has no JSON form; write a finite number", path, n.Value)
			return false
		}
		d.kind, d.scalar = kindNumber, f
	default:
		p.errorf(n, "%s has the tag %s; data holds plain values only", path, tag)
		return false
	}
	return true
}

// parseNumber reads a YAML integer or float; .inf and .nan have no JSON
// form and are refused.
func parseNumber(s string) (float64, bool) {
	clean := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		return float64(i), true
	}
	if strings.HasPrefix(clean, "0o") || strings.HasPrefix(clean, "0x") {
		if u, err := strconv.ParseUint(clean, 0, 64); err == nil {
			return float64(u), true
		}
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// ResolveData checks the `data:` overrides against the facts and returns
// the facts with the overrides merged in. known maps each facts file name
// (regions for policies/milint/facts/regions/data.json) to its decoded JSON, as the engine loads
// it; it is not modified.
//
// Each top-level key of data must name a facts file, and each key directly
// under it must be one the file has. Deeper, mappings merge recursively:
// a key the facts have is overridden, a new key is added (a new partition,
// a new instance family). Lists and scalars replace the fact whole. An
// override must have the kind of the fact it overrides (mapping, list,
// string, number, boolean), and a list's items the kind its items have.
//
// Without data, ResolveData returns known itself. On problems it returns
// nil and every problem, each an *Error, joined.
func (c *Config) ResolveData(known map[string]any) (map[string]any, error) {
	if c.data == nil {
		return known, nil
	}
	r := &resolver{c: c}
	out := maps.Clone(known)
	names := slices.Sorted(maps.Keys(known))
	for _, e := range c.data.entries {
		base, ok := known[e.key]
		if !ok {
			r.errorf(e.keyPos, "data.%s: there is no facts file named %q; %s", e.key, e.key,
				didYouMean(e.key, names, "the facts files are "+strings.Join(names, ", ")))
			continue
		}
		out[e.key] = r.merge(base, e.value, "data."+e.key, true)
	}
	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	return out, nil
}

type resolver struct {
	c    *Config
	errs []error
}

func (r *resolver) errorf(p Pos, format string, args ...any) {
	r.errs = append(r.errs, r.c.ErrorAt(p, format, args...))
}

// merge returns base with over applied. strict refuses keys base lacks.
func (r *resolver) merge(base any, over *dataNode, path string, strict bool) any {
	want := kindOf(base)
	if want == kindNull {
		return over.plain()
	}
	if over.kind != want {
		like := ""
		if want != kindMap && want != kindList {
			like = fmt.Sprintf(" (%s)", plainText(base))
		}
		r.errorf(over.pos, "%s must be %s, like the fact it overrides%s, not %s", path, article(want), like, over.describe())
		return base
	}
	// over has base's kind; a scalar replaces base as it is.
	switch b := base.(type) {
	case map[string]any:
		out := maps.Clone(b)
		keys := slices.Sorted(maps.Keys(b))
		for _, e := range over.entries {
			p := path + "." + e.key
			bv, ok := b[e.key]
			switch {
			case ok:
				out[e.key] = r.merge(bv, e.value, p, false)
			case strict:
				r.errorf(e.keyPos, "%s has no key %q; %s", path, e.key,
					didYouMean(e.key, keys, "its keys are "+strings.Join(keys, ", ")))
			default:
				out[e.key] = e.value.plain()
			}
		}
		return out
	case []any:
		if item, ok := itemKind(b); ok {
			for i, it := range over.items {
				if it.kind != item {
					r.errorf(it.pos, "%s[%d] must be %s, like the items of the list it replaces, not %s", path, i, article(item), it.describe())
				}
			}
		}
	}
	return over.plain()
}

// itemKind is the kind every item of a non-empty list shares.
func itemKind(l []any) (dataKind, bool) {
	if len(l) == 0 {
		return 0, false
	}
	k := kindOf(l[0])
	for _, v := range l[1:] {
		if kindOf(v) != k {
			return 0, false
		}
	}
	return k, k != kindNull
}

// kindOf is the kind of a decoded JSON value.
func kindOf(v any) dataKind {
	switch v.(type) {
	case map[string]any:
		return kindMap
	case []any:
		return kindList
	case string:
		return kindString
	case bool:
		return kindBool
	case float64, float32, int, int64, int32, uint, uint64, uint32, json.Number:
		return kindNumber
	}
	return kindNull
}

func article(k dataKind) string {
	switch k {
	case kindMap:
		return "a mapping"
	case kindList:
		return "a list"
	case kindString:
		return "a string"
	case kindNumber:
		return "a number"
	case kindBool:
		return "a boolean"
	default:
		return "null"
	}
}

func plainText(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}
