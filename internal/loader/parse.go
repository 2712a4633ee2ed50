package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mi-lint/mi-lint/internal/bytesize"
)

// Error is a problem with one input file, at a position when one is known.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Limits bound the work one file may cause.
type Limits struct {
	// MaxNodes bounds the values a document may expand to through aliases
	// and variables (an alias bomb expands exponentially).
	MaxNodes int
	// MaxDepth bounds nesting of collections and of variable references.
	MaxDepth int
	// MaxBytes bounds the size of a file; 0 means no limit.
	MaxBytes int
}

// MaxFileSize is the default bound on the size of a configuration file
// (--max-file-size): ten times the largest real one, and small enough that
// the worst 10 MB file loads in seconds.
const MaxFileSize = 10 << 20

// DefaultLimits are generous for real services and small enough to stop
// hostile input quickly.
var DefaultLimits = Limits{MaxNodes: 1_000_000, MaxDepth: 200, MaxBytes: MaxFileSize}

// cfnTags maps CloudFormation short-form tags to their long-form keys.
var cfnTags = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join",
	"!If": "Fn::If", "!Split": "Fn::Split", "!Select": "Fn::Select",
	"!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue",
	"!GetAZs": "Fn::GetAZs", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr",
	"!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or", "!Not": "Fn::Not",
}

var (
	yamlLineRe      = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)
	unknownAnchorRe = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// parserProblems are yaml.v3's parser errors, as opposed to its scanner
// errors: it reports their line counted from 0 (the mark of the construct
// being parsed, else of the offending token).
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// parseYAML parses src into a normalized node tree (before variables), and
// returns how many nodes it made.
func parseYAML(file string, src []byte, lim Limits) (*Node, int, error) {
	root, nodes, err := parseNodeCount(file, src, lim)
	if err != nil {
		return nil, 0, err
	}
	if root.Kind != KindMap || root.IsIntrinsic() {
		return nil, 0, &Error{File: file, Line: root.Range.Line, Col: root.Range.Col,
			Msg: "the top level must be a mapping of configuration keys (service, provider, functions...)"}
	}
	return root, nodes, nil
}

// parseNode parses a single-document YAML or JSON file into a node of any
// kind (an included file may hold a list or a scalar).
func parseNode(file string, src []byte, lim Limits) (*Node, error) {
	root, _, err := parseNodeCount(file, src, lim)
	return root, err
}

// parseNodeCount is parseNode that also returns how many nodes it made.
func parseNodeCount(file string, src []byte, lim Limits) (*Node, int, error) {
	if lim.MaxBytes > 0 && len(src) > lim.MaxBytes {
		return nil, 0, &Error{File: file, Msg: fmt.Sprintf("the file is %s, larger than the %s limit set by --max-file-size",
			bytesize.Format(int64(len(src))), bytesize.Format(int64(lim.MaxBytes)))}
	}
	src, err := Text(file, src)
	if err != nil {
		return nil, 0, err
	}
	if err := prescan(file, src, lim); err != nil {
		return nil, 0, err
	}
	lines := newLineMap(src)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, &Error{File: file, Msg: noContent(src)}
		}
		return nil, 0, syntaxError(file, src, lines, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		line, col := lines.pos(extra.Line, extra.Column)
		return nil, 0, &Error{File: file, Line: line, Col: col,
			Msg: "a second YAML document starts here; a serverless configuration is a single document"}
	} else if !errors.Is(err, io.EOF) {
		return nil, 0, syntaxError(file, src, lines, err)
	}
	if lines != nil {
		lines.apply(&doc)
	}
	if len(doc.Content) == 0 {
		return nil, 0, &Error{File: file, Msg: noContent(src)}
	}
	if top := doc.Content[0]; top.Kind == yaml.ScalarNode && top.Tag == "!!null" && top.Value == "" && top.Style == 0 {
		// Only a document marker (---) and perhaps comments.
		return nil, 0, &Error{File: file, Msg: "the file has no YAML content: its document (---) holds only comments or nothing"}
	}
	c := &converter{file: file, src: newSourceText(src), lim: lim}
	c.count(doc.Content[0], 0)
	root, err := c.convert(doc.Content[0], 0)
	return root, c.nodes, err
}

// noContent says why src, which holds no YAML document, has nothing to
// lint: a blank file is empty, one with comments is not.
func noContent(src []byte) string {
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\uFEFF")))) == 0 {
		return "the file is empty"
	}
	return "the file has no YAML content, only comments"
}

// syntaxError turns a yaml.v3 error into an Error; yaml.v3 reports lines
// only, so the column is that of the line's first character after the
// indentation, or of the tab a tab error is about.
func syntaxError(file string, src []byte, lines *lineMap, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	m := yamlLineRe.FindStringSubmatch(msg)
	if m == nil {
		return &Error{File: file, Msg: "invalid YAML: " + msg}
	}
	e := &Error{File: file, Msg: "invalid YAML: " + m[2]}
	if a := unknownAnchorRe.FindStringSubmatch(m[2]); a != nil {
		// yaml.v3 does not say where the alias is: find its first use.
		e.Line, e.Col = newSourceText(src).findAlias(a[1])
		return e
	}
	// Every other error comes from the parser or the scanner, which name no
	// line when the problem is on the first one.
	e.Line, _ = strconv.Atoi(m[1])
	if m[1] == "" || parserProblems[m[2]] {
		e.Line++
	}
	text := newSourceText(src)
	var off int
	if e.Line, off = lines.pos(e.Line, 0); off > 0 {
		// The line starts after a NEL, LS or PS in the middle of a line.
		e.Col = off + 1
		e.Msg += fmt.Sprintf(" (line %d holds a Unicode line or paragraph separator, which YAML 1.1 reads as a line break)", e.Line)
	} else {
		e.Col = text.firstCol(e.Line)
	}
	switch m[2] {
	case "found character that cannot start any token":
		if col := text.leadingTab(e.Line); col > 0 {
			e.Col, e.Msg = col, tabMessage
		}
	case "found a tab character that violates indentation":
		for l := e.Line; l <= len(text.lines); l++ {
			if col := text.leadingTab(l); col > 0 {
				e.Line, e.Col, e.Msg = l, col, tabMessage
				break
			}
		}
	}
	return e
}

const tabMessage = "invalid YAML: a tab character here; YAML indents with spaces only"

type converted struct {
	node   *Node
	weight int
}

type converter struct {
	file    string
	src     *sourceText
	lim     Limits
	anchors map[*yaml.Node]converted
	total   int
	// nodes counts the nodes made, a hint for sizing the resolver's memo.
	nodes int
	// The free parts of blocks that nodes, entries and items are carved
	// from: one allocation for many values. need counts what is still to
	// be carved (see count), to size the blocks.
	nodeBlock  []Node
	entryBlock []Entry
	itemBlock  []*Node
	need       struct{ nodes, entries, items int }
}

// maxCarved is the most entries or items carved from a block for one
// mapping or list; a larger one has its own allocation.
const maxCarved = 16

// blockSize is the size of a new block when need values are still to be
// carved: all of them, within bounds.
func blockSize(need int) int {
	return min(max(need, maxCarved), 4096)
}

// count adds what converting n will carve from blocks to c.need. It stops
// where the converter refuses to go deeper, and does not follow aliases:
// an anchored node is converted once.
func (c *converter) count(n *yaml.Node, depth int) {
	if depth > c.lim.MaxDepth {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		c.need.nodes++
	case yaml.SequenceNode:
		c.need.nodes++
		if k := len(n.Content); k <= maxCarved {
			c.need.items += k
		}
		for _, item := range n.Content {
			c.count(item, depth+1)
		}
	case yaml.MappingNode:
		c.need.nodes++
		if k := len(n.Content) / 2; k <= maxCarved {
			c.need.entries += k
		}
		for i := 1; i < len(n.Content); i += 2 {
			c.count(n.Content[i], depth+1)
		}
	case yaml.DocumentNode, yaml.AliasNode:
		// not converted into nodes of their own
	}
}

// newNode returns a zero node.
func (c *converter) newNode() *Node {
	if len(c.nodeBlock) == 0 {
		c.nodeBlock = make([]Node, blockSize(c.need.nodes))
	}
	n := &c.nodeBlock[0]
	c.nodeBlock = c.nodeBlock[1:]
	c.need.nodes--
	c.nodes++
	return n
}

// entries returns an empty slice with room for n entries. Appending past
// n allocates anew: it never writes into another mapping's entries.
func (c *converter) entries(n int) []Entry {
	if n == 0 || n > maxCarved {
		return make([]Entry, 0, n)
	}
	if len(c.entryBlock) < n {
		c.entryBlock = make([]Entry, blockSize(c.need.entries))
	}
	s := c.entryBlock[:0:n]
	c.entryBlock = c.entryBlock[n:]
	c.need.entries -= n
	return s
}

// items is entries for a list's items.
func (c *converter) items(n int) []*Node {
	if n == 0 || n > maxCarved {
		return make([]*Node, 0, n)
	}
	if len(c.itemBlock) < n {
		c.itemBlock = make([]*Node, blockSize(c.need.items))
	}
	s := c.itemBlock[:0:n]
	c.itemBlock = c.itemBlock[n:]
	c.need.items -= n
	return s
}

func (c *converter) errAt(n *yaml.Node, format string, args ...any) error {
	return &Error{File: c.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// charge counts expanded values against the node budget.
func (c *converter) charge(n *yaml.Node, weight int) error {
	c.total += weight
	if c.total > c.lim.MaxNodes {
		return c.errAt(n, "the document expands to more than %d values (an alias bomb?)", c.lim.MaxNodes)
	}
	return nil
}

func (c *converter) convert(n *yaml.Node, depth int) (*Node, error) {
	out, err := c.convertWeighted(n, depth)
	return out.node, err
}

func (c *converter) convertWeighted(n *yaml.Node, depth int) (converted, error) {
	if depth > c.lim.MaxDepth {
		return converted{}, c.errAt(n, "nesting is deeper than %d levels", c.lim.MaxDepth)
	}
	if n.Kind == yaml.AliasNode {
		target, err := c.convertAnchor(n.Alias, depth)
		if err != nil {
			return converted{}, err
		}
		if err := c.charge(n, target.weight); err != nil {
			return converted{}, err
		}
		site := c.src.aliasRange(c.file, n)
		c.nodes++
		return converted{node: target.node.withVia(site), weight: target.weight}, nil
	}
	if n.Anchor != "" {
		return c.convertAnchor(n, depth)
	}
	return c.convertPlain(n, depth)
}

// convertAnchor converts an anchored node once; aliases share the result.
func (c *converter) convertAnchor(n *yaml.Node, depth int) (converted, error) {
	if done, ok := c.anchors[n]; ok {
		if done.node == nil {
			return converted{}, c.errAt(n, "anchor %q refers to itself", n.Anchor)
		}
		return done, nil
	}
	if c.anchors == nil {
		c.anchors = map[*yaml.Node]converted{}
	}
	c.anchors[n] = converted{}
	out, err := c.convertPlain(n, depth)
	if err != nil {
		return converted{}, err
	}
	c.anchors[n] = out
	return out, nil
}

func (c *converter) convertPlain(n *yaml.Node, depth int) (converted, error) {
	var out converted
	var err error
	switch n.Kind {
	case yaml.ScalarNode:
		out = converted{node: c.scalar(n), weight: 1}
	case yaml.SequenceNode:
		out, err = c.sequence(n, depth)
	case yaml.MappingNode:
		out, err = c.mapping(n, depth)
	default:
		return converted{}, c.errAt(n, "unexpected YAML node")
	}
	if err != nil {
		return converted{}, err
	}
	if err := c.charge(n, 1); err != nil {
		return converted{}, err
	}
	return c.applyTag(n, out)
}

// applyTag turns CloudFormation short forms into intrinsic objects and keeps
// unknown tags as unknown values.
func (c *converter) applyTag(n *yaml.Node, v converted) (converted, error) {
	tag := n.Tag
	if tag == "" || strings.HasPrefix(tag, "!!") || tag == "!" {
		return v, nil
	}
	key, ok := cfnTags[tag]
	if !ok {
		return converted{node: &Node{Kind: KindUnknown, Str: strings.TrimSpace(tag + " " + n.Value), Tag: tag,
			Reason: "the YAML tag " + tag + " is not known", Range: v.node.Range}, weight: v.weight}, nil
	}
	inner := v.node
	if key == "Fn::GetAtt" && inner.Kind == KindString {
		// !GetAtt Resource.Attribute splits at the first dot.
		res, attr, _ := strings.Cut(inner.Str, ".")
		r := inner.Range
		inner = &Node{Kind: KindList, Range: r, Items: []*Node{
			{Kind: KindString, Str: res, Range: r}, {Kind: KindString, Str: attr, Range: r},
		}}
	}
	obj := &Node{Kind: KindMap, Range: v.node.Range, Entries: []Entry{{Key: key, KeyRange: v.node.Range, Value: inner}}}
	return converted{node: obj, weight: v.weight + 1}, nil
}

func (c *converter) scalar(n *yaml.Node) *Node {
	out := c.newNode()
	out.Range = c.src.scalarRange(c.file, n)
	tag := n.ShortTag()
	if n.Tag != "" && !strings.HasPrefix(n.Tag, "!!") {
		tag = "!!str" // a custom-tagged scalar keeps its text
	}
	switch tag {
	case "!!null":
		out.Kind = KindNull
	case "!!bool":
		out.Kind = KindBool
		out.Bool = strings.EqualFold(n.Value, "true")
	case "!!int":
		out.Kind, out.Str = KindNumber, canonicalInt(n.Value)
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			out.Kind, out.Str = KindString, n.Value // .inf and .nan have no JSON form
		} else {
			out.Kind, out.Str = KindNumber, strconv.FormatFloat(f, 'g', -1, 64)
		}
	default:
		out.Kind, out.Str = KindString, n.Value
	}
	return out
}

func canonicalInt(s string) string {
	clean := strings.ReplaceAll(s, "_", "")
	if strings.HasPrefix(clean, "0o") || strings.HasPrefix(clean, "0x") || strings.HasPrefix(clean, "0b") ||
		strings.HasPrefix(clean, "-") || strings.HasPrefix(clean, "+") {
		if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
			return strconv.FormatInt(i, 10)
		}
	}
	if i, err := strconv.ParseInt(clean, 10, 64); err == nil {
		return strconv.FormatInt(i, 10)
	}
	if f, err := strconv.ParseFloat(clean, 64); err == nil {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return clean
}

func (c *converter) sequence(n *yaml.Node, depth int) (converted, error) {
	out := c.newNode()
	out.Kind, out.Items = KindList, c.items(len(n.Content))
	weight := 1
	for _, item := range n.Content {
		v, err := c.convertWeighted(item, depth+1)
		if err != nil {
			return converted{}, err
		}
		out.Items = append(out.Items, v.node)
		weight += v.weight
	}
	out.Range = c.src.collectionRange(c.file, n)
	return converted{node: out, weight: weight}, nil
}

func (c *converter) mapping(n *yaml.Node, depth int) (converted, error) {
	out := c.newNode()
	out.Kind, out.Entries = KindMap, c.entries(len(n.Content)/2)
	weight := 1
	// The keys so far are those of out.Entries: a small mapping looks
	// them up there, a large one in seen.
	var seen map[string]bool
	if len(n.Content)/2 > smallMapping {
		seen = make(map[string]bool, len(n.Content)/2)
	}
	var merged []Entry
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return converted{}, c.errAt(k, "a mapping key must be a plain value, not a list or mapping")
		}
		val, err := c.convertWeighted(v, depth+1)
		if err != nil {
			return converted{}, err
		}
		weight += val.weight
		if k.ShortTag() == "!!merge" {
			entries, err := c.mergeSources(v, val.node)
			if err != nil {
				return converted{}, err
			}
			merged = append(merged, entries...)
			continue
		}
		if hasKey(out.Entries, seen, k.Value) {
			return converted{}, c.errAt(k, "duplicate key %q in this mapping", k.Value)
		}
		if seen != nil {
			seen[k.Value] = true
		}
		out.Entries = append(out.Entries, Entry{Key: k.Value, KeyRange: c.src.scalarRange(c.file, k), Value: val.node})
	}
	// Keys written in the mapping win over merged ones; among merged sources
	// the first one listed wins.
	if seen == nil && len(out.Entries)+len(merged) > smallMapping {
		seen = make(map[string]bool, len(out.Entries)+len(merged))
		for i := range out.Entries {
			seen[out.Entries[i].Key] = true
		}
	}
	for _, e := range merged {
		if !hasKey(out.Entries, seen, e.Key) {
			if seen != nil {
				seen[e.Key] = true
			}
			out.Entries = append(out.Entries, e)
		}
	}
	out.Range = c.src.collectionRange(c.file, n)
	return converted{node: out, weight: weight}, nil
}

// smallMapping is the most keys a mapping checks for duplicates by
// looking through its entries rather than through a map.
const smallMapping = 16

// hasKey reports whether key is among entries, looked up in seen when it
// is set (it then holds the same keys).
func hasKey(entries []Entry, seen map[string]bool, key string) bool {
	if seen != nil {
		return seen[key]
	}
	for i := range entries {
		if entries[i].Key == key {
			return true
		}
	}
	return false
}

// mergeSources returns the entries a `<<` key brings in, each marked as
// reached through the merge.
func (c *converter) mergeSources(raw *yaml.Node, v *Node) ([]Entry, error) {
	var sources []*Node
	switch v.Kind {
	case KindMap:
		sources = []*Node{v}
	case KindList:
		sources = v.Items
	case KindNull, KindBool, KindNumber, KindString, KindUnknown:
		// no sources: reported below
	}
	var out []Entry
	for _, s := range sources {
		if s.Kind != KindMap {
			return nil, c.errAt(raw, "a merge key (<<) takes a mapping or a list of mappings")
		}
		for _, e := range s.Entries {
			if len(s.Via) > 0 && e.MergedAt.IsZero() {
				e.MergedAt = s.Via[0]
			}
			out = append(out, e)
		}
	}
	if sources == nil {
		return nil, c.errAt(raw, "a merge key (<<) takes a mapping or a list of mappings")
	}
	return out, nil
}
