package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Keys are the top-level keys of the file, sorted.
var Keys = []string{
	"baseline", "data", "exclude", "fail-level", "opts", "params", "policies",
	"region", "require-reason", "rules", "show-suppressed", "stage",
}

// FailLevels are the values of fail-level, most severe first.
var FailLevels = []string{"error", "warning", "note", "none"}

// RuleLevels are the values of a rules entry.
var RuleLevels = []string{"off", "error", "warning", "note"}

// Limits on what one file may expand to through aliases.
const (
	maxDepth = 100
	maxNodes = 100_000
)

// Parse parses the configuration file src, named name in errors. Relative
// paths in it (policies, baseline) are resolved against the directory of
// name, and each policies directory must exist. An empty file, or one with
// only comments, is a valid empty configuration.
//
// On a problem in the file's settings Parse returns every problem found,
// each an *Error, joined with errors.Join, and the settings that were
// valid, so that the caller can check them further (rule names, data)
// and report every mistake at once. A file that is not a YAML mapping
// gives a nil Config.
func Parse(name string, src []byte) (*Config, error) {
	p := &parser{file: name, src: src}
	c := &Config{File: name, Dir: filepath.Dir(name)}
	top, err := p.document()
	if err != nil {
		return nil, err
	}
	if top != nil {
		p.top(c, top)
	}
	if len(p.errs) > 0 {
		return c, errors.Join(unique(p.errs)...)
	}
	return c, nil
}

// unique sorts errors by position and drops repeated ones: a value
// reached through several aliases is reported once.
func unique(errs []*Error) []error {
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	seen := map[string]bool{}
	var out []error
	for _, e := range errs {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}

type parser struct {
	file  string
	src   []byte
	errs  []*Error
	nodes int
	// merging are the mappings whose merge keys are being expanded, to
	// stop a mapping that merges itself.
	merging map[*yaml.Node]bool
	// mergeSite is the outermost merge key value being expanded: an alias
	// bomb made of merges is reported there.
	mergeSite *yaml.Node
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
}

func pos(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

// document decodes the single YAML document of the file and returns its
// top-level value, or nil when the file holds nothing.
func (p *parser) document() (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(p.src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, p.syntaxError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{File: p.file, Line: extra.Line, Col: extra.Column,
			Msg: "a second YAML document starts here; the configuration is a single document"}
	} else if !errors.Is(err, io.EOF) {
		return nil, p.syntaxError(err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	top := deref(doc.Content[0])
	if isNull(top) {
		return nil, nil
	}
	if top.Kind != yaml.MappingNode {
		return nil, &Error{File: p.file, Line: top.Line, Col: top.Column,
			Msg: "the top level must be a mapping of settings (rules, fail-level, exclude...), not " + describe(top)}
	}
	return top, nil
}

var yamlErrorRe = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// zeroBasedProblems are yaml.v3 parser errors, whose line it counts from
// 0; its scanner errors count from 1.
var zeroBasedProblems = []string{
	"did not find expected <stream-start>", "did not find expected <document start>",
	"did not find expected node content", "did not find expected '-' indicator",
	"did not find expected key", "did not find expected ',' or ']'",
	"did not find expected ',' or '}'", "found undefined tag handle",
	"found duplicate %YAML directive", "found incompatible YAML document",
	"found duplicate %TAG directive",
}

// syntaxError turns a yaml.v3 error into an *Error. yaml.v3 gives a line
// only; the column is that of the line's first non-blank character.
func (p *parser) syntaxError(err error) error {
	m := yamlErrorRe.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: p.file, Msg: "invalid YAML: " + err.Error()}
	}
	e := &Error{File: p.file, Msg: "invalid YAML: " + m[2]}
	if strings.HasPrefix(m[2], "unknown anchor ") {
		return e // yaml.v3 does not say where
	}
	e.Line, _ = strconv.Atoi(m[1])
	if m[1] == "" || slices.Contains(zeroBasedProblems, m[2]) {
		e.Line++
	}
	e.Col = firstCol(p.src, e.Line)
	return e
}

// firstCol is the column of the first non-blank character of a line (1
// for a blank line or one past the end).
func firstCol(src []byte, line int) int {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	text := []rune(strings.TrimRight(lines[line-1], "\r"))
	for i, r := range text {
		if r != ' ' && r != '\t' {
			return i + 1
		}
	}
	return 1
}

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names the kind of a node for messages: "a mapping", "the
// number 3"...
func describe(n *yaml.Node) string {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch tag := n.ShortTag(); tag {
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return "the boolean " + n.Value
		case "!!null":
			return "null"
		case "!!timestamp":
			return "the date " + n.Value
		default:
			return "a value tagged " + tag
		}
	default:
		return "an unexpected YAML node" // deref leaves no alias; no document nests
	}
}

type pair struct {
	key, value *yaml.Node
}

// pairs returns the entries of a mapping with merge keys (<<) expanded;
// written keys win over merged ones. A duplicate written key, or a key that
// is not a scalar, is reported and left out.
func (p *parser) pairs(n *yaml.Node) []pair {
	if !p.charge(n, len(n.Content)/2) {
		return nil
	}
	if p.merging == nil {
		p.merging = map[*yaml.Node]bool{}
	}
	p.merging[n] = true
	defer delete(p.merging, n)
	var out, merged []pair
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merged = append(merged, p.mergeSources(v)...)
			continue
		}
		if deref(k).Kind != yaml.ScalarNode {
			p.errorf(k, "a key must be a plain value, not %s", describe(k))
			continue
		}
		k = deref(k)
		if first, dup := seen[k.Value]; dup {
			p.errorf(k, "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, pair{k, v})
	}
	for _, m := range merged {
		if _, ok := seen[m.key.Value]; !ok {
			seen[m.key.Value] = m.key
			out = append(out, m)
		}
	}
	return out
}

// charge counts values read against the budget that stops alias bombs;
// it reports the first overrun and returns false from then on.
func (p *parser) charge(at *yaml.Node, n int) bool {
	if p.nodes > maxNodes {
		return false
	}
	if p.nodes += n; p.nodes > maxNodes {
		if p.mergeSite != nil {
			at = p.mergeSite
		}
		p.errorf(at, "the file expands to more than %d values (an alias bomb?)", maxNodes)
		return false
	}
	return true
}

// mergeSources returns the entries a merge key brings in; among several
// sources the first one listed wins.
func (p *parser) mergeSources(site *yaml.Node) []pair {
	if p.mergeSite == nil {
		p.mergeSite = site
		defer func() { p.mergeSite = nil }()
	}
	v := deref(site)
	var sources []*yaml.Node
	switch v.Kind {
	case yaml.MappingNode:
		sources = []*yaml.Node{v}
	case yaml.SequenceNode:
		sources = make([]*yaml.Node, 0, len(v.Content))
		for _, s := range v.Content {
			sources = append(sources, deref(s))
		}
	case yaml.DocumentNode, yaml.ScalarNode, yaml.AliasNode:
		// no sources: reported below
	}
	var out []pair
	for _, s := range sources {
		if s.Kind != yaml.MappingNode {
			p.errorf(v, "a merge key (<<) takes a mapping or a list of mappings")
			return nil
		}
		if p.merging[s] {
			p.errorf(site, "a merge key (<<) brings in the mapping that holds it")
			return nil
		}
		out = append(out, p.pairs(s)...)
	}
	if sources == nil {
		p.errorf(v, "a merge key (<<) takes a mapping or a list of mappings, not %s", describe(v))
	}
	return out
}

// top reads the top-level settings.
func (p *parser) top(c *Config, n *yaml.Node) {
	for _, kv := range p.pairs(n) {
		k, v := kv.key, deref(kv.value)
		if !slices.Contains(Keys, k.Value) {
			p.errorf(k, "unknown key %q; %s", k.Value, didYouMean(k.Value, Keys, "valid keys are "+strings.Join(Keys, ", ")))
			continue
		}
		if isNull(v) {
			continue // written but empty: as if not written
		}
		switch k.Value {
		case "rules":
			c.Rules = p.rules(v)
		case "fail-level":
			c.FailLevel = p.choice("fail-level", v, FailLevels, "levels")
		case "exclude":
			c.Exclude = p.globs(v)
		case "stage":
			c.Stage = p.str("stage", v)
		case "region":
			c.Region = p.str("region", v)
		case "params":
			c.Params = p.params("params", v)
		case "opts":
			c.Opts = p.params("opts", v)
			for _, o := range c.Opts {
				if o.Name == "stage" || o.Name == "region" {
					p.errs = append(p.errs, &Error{File: p.file, Line: o.NamePos.Line, Col: o.NamePos.Col,
						Msg: fmt.Sprintf("opts.%s has no effect: ${opt:%s} reads the top-level %s key; move it there", o.Name, o.Name, o.Name)})
				}
			}
		case "data":
			c.data = p.dataTop(v)
			if c.data != nil {
				data, _ := c.data.plain().(map[string]any) // dataTop returns only mappings
				c.Data = data
				c.DataPos = pos(v)
			}
		case "policies":
			c.Policies = p.policies(c, v)
		case "require-reason":
			c.RequireReason = p.boolean("require-reason", v)
		case "show-suppressed":
			c.ShowSuppressed = p.boolean("show-suppressed", v)
		case "baseline":
			if s := p.str("baseline", v); s != nil {
				c.Baseline = &Path{Raw: s.Value, Path: resolve(c.Dir, s.Value), Pos: s.Pos}
			}
		}
	}
}

// scalarString returns the text of a string scalar, or reports what key
// holds instead and returns false.
func (p *parser) scalarString(key string, n *yaml.Node) (string, bool) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		return n.Value, true
	}
	if n.Kind == yaml.ScalarNode && slices.Contains([]string{"!!int", "!!float", "!!bool", "!!timestamp"}, n.ShortTag()) {
		p.errorf(n, "%s must be a string, not %s; quote it (%q) if that is meant", key, describe(n), n.Value)
		return "", false
	}
	p.errorf(n, "%s must be a string, not %s", key, describe(n))
	return "", false
}

// str reads a non-empty string setting.
func (p *parser) str(key string, n *yaml.Node) *Value[string] {
	s, ok := p.scalarString(key, n)
	if !ok {
		return nil
	}
	if strings.TrimSpace(s) == "" {
		p.errorf(n, "%s is empty; remove the key or give it a value", key)
		return nil
	}
	return &Value[string]{Value: s, Pos: pos(n)}
}

// boolean reads a true/false setting.
func (p *parser) boolean(key string, n *yaml.Node) *Value[bool] {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		hint := ""
		if n.Kind == yaml.ScalarNode && (n.Value == "true" || n.Value == "false") {
			hint = "; write it without quotes"
		}
		p.errorf(n, "%s must be true or false, not %s%s", key, describe(n), hint)
		return nil
	}
	return &Value[bool]{Value: strings.EqualFold(n.Value, "true"), Pos: pos(n)}
}

// choice reads a string that must be one of valid.
func (p *parser) choice(key string, n *yaml.Node, valid []string, what string) *Value[string] {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		p.errorf(n, "%s must be one of %s, not %s", key, strings.Join(valid, ", "), describe(n))
		return nil
	}
	if !slices.Contains(valid, n.Value) {
		p.errorf(n, "%s is %q; valid %s are %s%s", key, n.Value, what, strings.Join(valid, ", "), suggestion(n.Value, valid))
		return nil
	}
	return &Value[string]{Value: n.Value, Pos: pos(n)}
}

// rules reads `rules:`, a mapping of rule ID or name to level.
func (p *parser) rules(n *yaml.Node) []RuleEntry {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "rules must be a mapping of rule ID or name to a level (off, error, warning, note), such as {MI016: off}, not %s", describe(n))
		return nil
	}
	var out []RuleEntry
	for _, kv := range p.pairs(n) {
		k, v := kv.key, deref(kv.value)
		key := "rules." + k.Value
		if strings.TrimSpace(k.Value) == "" {
			p.errorf(k, "a rules key must be a rule ID or name, not an empty string")
			continue
		}
		if isNull(v) {
			p.errorf(v, "%s has no level; write one of %s", key, strings.Join(RuleLevels, ", "))
			continue
		}
		lvl := p.choice(key, v, RuleLevels, "levels")
		if lvl == nil {
			continue
		}
		out = append(out, RuleEntry{Key: k.Value, KeyPos: pos(k), Level: lvl.Value, Pos: lvl.Pos})
	}
	return out
}

// list returns the items of a list setting, or reports what it holds
// instead.
func (p *parser) list(key, example string, n *yaml.Node) ([]*yaml.Node, bool) {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list, such as %s, not %s", key, example, describe(n))
		return nil, false
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, it := range n.Content {
		items[i] = deref(it)
	}
	return items, true
}

// globs reads `exclude:`.
func (p *parser) globs(n *yaml.Node) []Value[string] {
	items, ok := p.list("exclude", `["**/node_modules/**", "legacy/*.yml"]`, n)
	if !ok {
		return nil
	}
	var out []Value[string]
	for i, it := range items {
		key := fmt.Sprintf("exclude[%d]", i)
		s, ok := p.scalarString(key, it)
		if !ok {
			continue
		}
		if err := validateGlob(s); err != nil {
			p.errorf(it, "%s: %v", key, err)
			continue
		}
		out = append(out, Value[string]{Value: s, Pos: pos(it)})
	}
	return out
}

// params reads `params:` or `opts:`, a mapping of names to scalars.
func (p *parser) params(key string, n *yaml.Node) Params {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping of names to values, such as {domain: example.com}, not %s", key, describe(n))
		return nil
	}
	var out Params
	for _, kv := range p.pairs(n) {
		k, v := kv.key, deref(kv.value)
		name := key + "." + k.Value
		if strings.TrimSpace(k.Value) == "" {
			p.errorf(k, "%s name must not be empty", map[string]string{"params": "a params", "opts": "an opts"}[key])
			continue
		}
		if v.Kind != yaml.ScalarNode || isNull(v) || !slices.Contains([]string{"!!str", "!!int", "!!float", "!!bool", "!!timestamp"}, v.ShortTag()) {
			p.errorf(v, "%s must be a string, number or boolean, not %s", name, describe(v))
			continue
		}
		out = append(out, Param{Name: k.Value, NamePos: pos(k), Value: v.Value, Pos: pos(v)})
	}
	return out
}

// policies reads `policies:`, directories that must exist.
func (p *parser) policies(c *Config, n *yaml.Node) []Path {
	dir := c.Dir
	items, ok := p.list("policies", "[policies/]", n)
	if !ok {
		c.policiesMissing = true
		return nil
	}
	var out []Path
	for i, it := range items {
		key := fmt.Sprintf("policies[%d]", i)
		s, ok := p.scalarString(key, it)
		if !ok {
			continue
		}
		if strings.TrimSpace(s) == "" {
			p.errorf(it, "%s is empty; give a directory of Rego policies", key)
			continue
		}
		path := resolve(dir, s)
		info, err := os.Stat(path)
		if err != nil || !info.IsDir() {
			c.policiesMissing = true
		}
		switch {
		case errors.Is(err, os.ErrNotExist):
			p.errorf(it, "policy directory %q does not exist (looked for %s)", s, path)
			continue
		case err != nil:
			p.errorf(it, "policy directory %q: %s", s, describeStatError(err))
			continue
		case !info.IsDir():
			p.errorf(it, "policy directory %q is not a directory; name the directory that holds the .rego files", s)
			continue
		}
		out = append(out, Path{Raw: s, Path: path, Pos: pos(it)})
	}
	return out
}

// resolve joins a path written in the file to the file's directory.
func resolve(dir, p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}
