package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// Options are what variables may read besides the configuration itself.
type Options struct {
	// Stage and Region come from --stage and --region; empty when not given.
	Stage  string
	Region string
	// Opts are other command-line options for ${opt:name} (--opt name=value).
	Opts map[string]string
	// Params are ${param:name} values from --param name=value; they win
	// over the configuration's own params.
	Params map[string]string
	// ComposeParams are the params a serverless-compose file passes this
	// service, as written; they come last, after the configuration's own.
	ComposeParams map[string]*Node
	// Env reads ${env:NAME}. Nil leaves every env variable unknown, the
	// default: a PR bot must never copy an environment secret into output.
	Env func(name string) (string, bool)
	// Files reads ${file(...)} includes, with names relative to the source
	// root; it must not reach outside the root. Nil leaves includes unknown.
	Files fs.FS
}

// resolver replaces Serverless variables (${source:address, fallback})
// with their values where they can be known statically. A value that
// cannot be known becomes a KindUnknown node; it is never guessed.
type resolver struct {
	file string
	raw  *Node
	opts Options
	lim  Limits
	// memo maps each node resolved to its value, and each node being
	// resolved (on the stack, for cycles) to nil. Unless exact is set, a
	// scalar with no variable, which resolves to itself, is not recorded
	// (see resolve).
	memo  map[*Node]*Node
	exact bool
	// hops are the self references being followed, for cycle messages.
	hops  []string
	total int
	// includes caches ${file(...)} targets by root-relative name.
	includes map[string]include
	// missing are the includes of the expression being resolved that had
	// no file, reported only if no fallback gives the expression a value.
	missing  []Warning
	warnings []Warning
	// secrets maps each environment value read to the variable it came
	// from, so that output can name the variable instead of the value.
	secrets map[string]string
}

// Warning is a problem that leaves a value unknown without failing the
// file, such as an include that does not exist.
type Warning struct {
	Range   Range
	Message string
}

// newResolver returns a resolver for raw; nodes is about how many nodes
// it holds (0 if unknown), to size the memo.
func newResolver(file string, raw *Node, opts Options, lim Limits, nodes int) *resolver {
	return &resolver{file: file, raw: raw, opts: opts, lim: lim, memo: make(map[*Node]*Node, nodes),
		includes: map[string]include{}, secrets: map[string]string{}}
}

// active reports whether n is being resolved.
func (r *resolver) active(n *Node) bool {
	done, ok := r.memo[n]
	return ok && done == nil
}

func (r *resolver) fail(at Range, format string, args ...any) error {
	return &Error{File: r.file, Line: at.Line, Col: at.Col, Msg: fmt.Sprintf(format, args...)}
}

// errExact asks for a new resolution in exact mode.
var errExact = errors.New("resolve again, recording every node")

// resolve returns n with every variable inside it resolved.
//
// A scalar with no variable resolves to itself, and is in the memo only
// once resolved, so that recording it matters only when it is reached
// deeper than the limit: the memo then decides between itself and an
// error. Such scalars are not recorded unless r.exact is set; reaching one
// too deep returns errExact, for the caller to resolve again exactly.
func (r *resolver) resolve(n *Node, depth int) (*Node, error) {
	if !r.exact && resolvesToItself(n) {
		if depth > r.lim.MaxDepth {
			return nil, errExact
		}
		return n, nil
	}
	done, seen := r.memo[n]
	if done != nil {
		return done, nil
	}
	if depth > r.lim.MaxDepth {
		return nil, r.fail(n.Range, "variables nest deeper than %d levels", r.lim.MaxDepth)
	}
	if seen {
		return nil, r.fail(n.Range, "variable cycle: %s", strings.Join(r.hops, " -> "))
	}
	r.memo[n] = nil // active
	out, err := r.resolveNode(n, depth)
	if err != nil {
		delete(r.memo, n)
		return nil, err
	}
	r.memo[n] = out // never nil
	return out, nil
}

// resolvesToItself reports whether n is a scalar with no variable, which
// resolveNode returns as it is.
func resolvesToItself(n *Node) bool {
	switch n.Kind {
	case KindMap, KindList:
		return false
	case KindString:
		return !strings.Contains(n.Str, "${")
	default:
		return true
	}
}

func (r *resolver) resolveNode(n *Node, depth int) (*Node, error) {
	switch n.Kind {
	case KindString:
		if !strings.Contains(n.Str, "${") {
			return n, nil
		}
		return r.resolveString(n, depth)
	case KindMap:
		var out *Node
		for i := range n.Entries {
			e := &n.Entries[i]
			v, err := r.resolve(e.Value, depth+1)
			if err != nil {
				return nil, err
			}
			if v != e.Value && out == nil {
				out = &Node{Kind: KindMap, Range: n.Range, Via: n.Via, Entries: append([]Entry(nil), n.Entries...)}
			}
			if out != nil {
				out.Entries[i].Value = v
			}
		}
		if out == nil {
			return n, nil
		}
		return out, nil
	case KindList:
		var out *Node
		for i, item := range n.Items {
			v, err := r.resolve(item, depth+1)
			if err != nil {
				return nil, err
			}
			if v != item && out == nil {
				out = &Node{Kind: KindList, Range: n.Range, Via: n.Via, Items: append([]*Node(nil), n.Items...)}
			}
			if out != nil {
				out.Items[i] = v
			}
		}
		if out == nil {
			return n, nil
		}
		return out, nil
	default:
		return n, nil // no variable in any other scalar
	}
}

// segment is a piece of a string: literal text or a ${...} expression.
type segment struct {
	text  string
	isVar bool
}

// isVariableStart reports whether s starts as a variable's inside does: a
// source type starting in lower case followed by an address (:) or
// parameters ((), as ^[a-z][a-zA-Z0-9._-]*[:(] matches. As for the
// framework, any other ${...}, such as ${AWS::Region} or ${Bucket.Arn} in
// Fn::Sub, is literal text. Source names may hold '-' and '_': v4 names a
// custom resolver after its key under stages.<stage>.resolvers
// (${resolver-1:key}), and such a value is unknown, never literal text.
func isVariableStart(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == ':' || c == '(':
			return true
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return false
}

// splitVariables cuts s into literal text and top-level ${...} expressions,
// matching nested braces.
func splitVariables(s string) ([]segment, bool) {
	var out []segment
	lit := 0 // where the pending literal text starts
	for i := 0; ; {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		j += i
		if !isVariableStart(s[j+2:]) {
			i = j + 2
			continue
		}
		depth, end := 0, j+1
		for ; end < len(s); end++ {
			if s[end] == '{' {
				depth++
			} else if s[end] == '}' {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if end >= len(s) {
			return nil, false
		}
		if j > lit {
			out = append(out, segment{text: s[lit:j]})
		}
		out = append(out, segment{text: s[j+2 : end], isVar: true})
		lit, i = end+1, end+1
	}
	if lit < len(s) {
		out = append(out, segment{text: s[lit:]})
	}
	return out, true
}

func hasVariable(segs []segment) bool {
	for _, s := range segs {
		if s.isVar {
			return true
		}
	}
	return false
}

func unknownAt(n *Node, reason string) *Node {
	return &Node{Kind: KindUnknown, Str: n.Str, Reason: reason, Range: n.Range, Via: n.Via}
}

func (r *resolver) resolveString(n *Node, depth int) (*Node, error) {
	segs, ok := splitVariables(n.Str)
	if !ok {
		return unknownAt(n, "unterminated variable"), nil
	}
	if !hasVariable(segs) {
		return n, nil
	}
	if len(segs) == 1 && segs[0].isVar {
		v, err := r.expression(n, segs[0].text, depth)
		if err != nil || v == nil {
			return v, err
		}
		if v.Kind == KindUnknown {
			return unknownAt(n, v.Reason), nil
		}
		if v.Range == n.Range {
			// A literal fallback or a command-line value: written here.
			v.Via = n.Via
			return v, nil
		}
		return v.withVia(n.Range), nil
	}
	var b strings.Builder
	for _, s := range segs {
		if !s.isVar {
			b.WriteString(s.text)
			continue
		}
		v, err := r.expression(n, s.text, depth)
		if err != nil {
			return nil, err
		}
		switch v.Kind {
		case KindString, KindNumber:
			b.WriteString(v.Str)
		case KindBool:
			b.WriteString(strconv.FormatBool(v.Bool))
		case KindUnknown:
			return unknownAt(n, v.Reason), nil
		default:
			return unknownAt(n, "a variable inside a string resolves to a mapping or list"), nil
		}
	}
	return &Node{Kind: KindString, Str: b.String(), Range: n.Range, Via: n.Via}, nil
}

// expression resolves the inside of one ${...}: each comma-separated
// source in order until one has a value.
func (r *resolver) expression(site *Node, expr string, depth int) (*Node, error) {
	outer := r.missing
	r.missing = nil
	v, err := r.firstValue(site, expr, depth)
	missing := r.missing
	r.missing = outer
	if err != nil || v != nil {
		return v, err
	}
	r.warnings = append(r.warnings, missing...)
	return &Node{Kind: KindUnknown, Reason: "${" + expr + "} has no value here", Range: site.Range}, nil
}

// firstValue returns the value of the first of a variable's sources that
// has one, or nil. Sources are resolved lazily, as the framework does: a
// fallback is looked at only when the sources before it have no value.
func (r *resolver) firstValue(site *Node, expr string, depth int) (*Node, error) {
	if depth > r.lim.MaxDepth {
		return nil, r.fail(site.Range, "variables nest deeper than %d levels", r.lim.MaxDepth)
	}
	for _, src := range splitSources(expr) {
		v, err := r.source(site, src, depth)
		if err != nil {
			return nil, err
		}
		if v != nil && v.Kind != KindNull {
			return v, nil
		}
	}
	return nil, nil
}

// splitSources splits a variable's sources at commas outside quotes,
// nested variables and parameter lists.
func splitSources(expr string) []string {
	var out []string
	var quote byte
	depth, start := 0, 0
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '{' || c == '(':
			depth++
		case c == '}' || c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(expr[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(expr[start:]))
}

// source resolves one source of a variable. It returns nil when the source
// has no value (so the next fallback is tried) and an unknown node when its
// value exists but cannot be known here.
func (r *resolver) source(site *Node, src string, depth int) (*Node, error) {
	at := site.Range
	if len(src) >= 2 && (src[0] == '\'' || src[0] == '"') && src[len(src)-1] == src[0] {
		return &Node{Kind: KindString, Str: src[1 : len(src)-1], Range: at}, nil
	}
	switch src {
	case "true", "false":
		return &Node{Kind: KindBool, Bool: src == "true", Range: at}, nil
	case "null":
		return nil, nil
	}
	// A source holding ':' or '(' is never a number; most are such, and a
	// failed ParseFloat allocates its error.
	if !strings.ContainsAny(src, ":(") {
		if _, err := strconv.ParseFloat(src, 64); err == nil {
			return &Node{Kind: KindNumber, Str: canonicalInt(src), Range: at}, nil
		}
	}
	if strings.Contains(src, "${") {
		segs, ok := splitVariables(src)
		if ok && len(segs) == 1 && segs[0].isVar {
			// A fallback that is a variable: ${opt:stage, ${self:custom.stage}}.
			return r.firstValue(site, segs[0].text, depth+1)
		}
		// A variable inside the address: ${self:custom.${opt:stage}.size}.
		inner, err := r.resolveString(&Node{Kind: KindString, Str: src, Range: at}, depth+1)
		if err != nil || inner.Kind != KindString {
			return inner, err
		}
		src = inner.Str
	}
	cut := strings.IndexAny(src, ":(")
	if cut < 0 {
		return &Node{Kind: KindUnknown, Reason: "${" + src + "} is not a variable source mi-lint knows", Range: at}, nil
	}
	kind, address := src[:cut], strings.TrimPrefix(src[cut:], ":")
	switch kind {
	case "self":
		v, err := r.self(address, at, depth)
		if err != nil || v == nil {
			return v, err
		}
		return v, r.charge(v, at)
	case "opt":
		switch address {
		case "stage":
			return r.optValue(r.opts.Stage, at), nil
		case "region":
			return r.optValue(r.opts.Region, at), nil
		}
		return r.optValue(r.opts.Opts[address], at), nil
	case "sls":
		if address == "stage" {
			return r.stage(at, depth)
		}
	case "param":
		return r.param(address, at, depth)
	case "env":
		return r.env(address, at), nil
	case "file":
		return r.fileSource(site, src, depth)
	}
	return &Node{Kind: KindUnknown, Reason: "${" + src + "} is resolved only at deploy time", Range: at}, nil
}

// param is ${param:name}, looked up as the framework does: --param, then
// the configuration's stages.<stage>.params, stages.default.params (v4),
// params.<stage> and params.default (v3), then a compose file's params.
func (r *resolver) param(name string, at Range, depth int) (*Node, error) {
	if v, ok := r.opts.Params[name]; ok {
		return &Node{Kind: KindString, Str: v, Range: at}, nil
	}
	stage, err := r.stage(at, depth)
	if err != nil {
		return nil, err
	}
	var addresses []string
	if stage.Kind == KindString {
		addresses = append(addresses, "stages."+stage.Str+".params."+name)
	}
	addresses = append(addresses, "stages.default.params."+name)
	if stage.Kind == KindString {
		addresses = append(addresses, "params."+stage.Str+"."+name)
	}
	addresses = append(addresses, "params.default."+name)
	for _, address := range addresses {
		if v, err := r.self(address, at, depth); err != nil || v != nil {
			return v, err
		}
	}
	if v, ok := r.opts.ComposeParams[name]; ok {
		return v, nil
	}
	return nil, nil
}

// env is ${env:NAME}, read only when the user allowed it.
func (r *resolver) env(name string, at Range) *Node {
	if r.opts.Env == nil {
		return &Node{Kind: KindUnknown, Reason: "${env:" + name + "} is not read (pass --env to read environment variables)", Range: at}
	}
	v, ok := r.opts.Env(name)
	if !ok {
		return nil
	}
	r.secrets[v] = "${env:" + name + "}"
	return &Node{Kind: KindString, Str: v, Range: at}
}

// fileSource is ${file(path)} or ${file(path):address}: a YAML or JSON file
// inside the repository, relative to the configuration's directory.
func (r *resolver) fileSource(site *Node, src string, depth int) (*Node, error) {
	at := site.Range
	open := strings.Index(src, "(")
	closing := strings.LastIndex(src, ")")
	if open < 0 || closing < open {
		return &Node{Kind: KindUnknown, Reason: "${" + src + "} is not a valid file reference", Range: at}, nil
	}
	arg, address := src[open+1:closing], strings.TrimPrefix(src[closing+1:], ":")
	name, err := includePath(r.file, arg)
	if err != nil {
		r.warnings = append(r.warnings, Warning{Range: at, Message: fmt.Sprintf("the include ${%s} %s; its value is unknown", src, err)})
		return &Node{Kind: KindUnknown, Reason: "${" + src + "} " + err.Error(), Range: at}, nil
	}
	inc := r.loadInclude(name)
	if inc.root == nil {
		if inc.problem == "does not exist" {
			// Like the framework: no file, no value; a fallback may apply.
			r.missing = append(r.missing, Warning{Range: at, Message: fmt.Sprintf("the include ${%s} names %s, which does not exist; its value is unknown", src, name)})
			return nil, nil
		}
		r.warnings = append(r.warnings, Warning{Range: at, Message: fmt.Sprintf("the include ${%s} (%s) %s; its value is unknown", src, name, inc.problem)})
		return &Node{Kind: KindUnknown, Reason: "${" + src + "} " + inc.problem, Range: at}, nil
	}
	target := inc.root
	if address != "" {
		target = lookup(inc.root, address)
		if target == nil {
			return nil, nil
		}
	}
	r.hops = append(r.hops, "${"+src+"}")
	v, err := r.resolve(target, depth+1)
	r.hops = r.hops[:len(r.hops)-1]
	if err != nil {
		return nil, err
	}
	return v, r.charge(v, at)
}

// lookup follows a dotted address through written (unresolved) values.
func lookup(n *Node, address string) *Node {
	for key := range strings.SplitSeq(address, ".") {
		switch n.Kind {
		case KindMap:
			n = n.Get(key)
		case KindList:
			i, ok := listIndex(key, len(n.Items))
			if !ok {
				return nil
			}
			n = n.Items[i]
		default:
			return nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}

func (r *resolver) optValue(v string, at Range) *Node {
	if v == "" {
		return nil
	}
	return &Node{Kind: KindString, Str: v, Range: at}
}

// stage is ${sls:stage}: --stage, else provider.stage, else dev.
func (r *resolver) stage(at Range, depth int) (*Node, error) {
	if r.opts.Stage != "" {
		return &Node{Kind: KindString, Str: r.opts.Stage, Range: at}, nil
	}
	if v, err := r.self("provider.stage", at, depth); err != nil || v != nil {
		return v, err
	}
	return &Node{Kind: KindString, Str: "dev", Range: at}, nil
}

// self looks up a dotted address in the configuration. Each step is taken
// in the written tree, following a step whose value is itself a variable;
// only the target is resolved whole, so that a sibling reference is not
// mistaken for a cycle. at is the reference, where a reference to a value
// that contains it is reported.
func (r *resolver) self(address string, at Range, depth int) (*Node, error) {
	cur := r.raw
	if address != "" {
		for key := range strings.SplitSeq(address, ".") {
			if cur.Kind == KindString && strings.Contains(cur.Str, "${") {
				v, err := r.resolve(cur, depth+1)
				if err != nil {
					return nil, err
				}
				cur = v
			}
			switch cur.Kind {
			case KindMap:
				cur = cur.Get(key)
			case KindList:
				i, ok := listIndex(key, len(cur.Items))
				if !ok {
					return nil, nil
				}
				cur = cur.Items[i]
			case KindUnknown:
				return cur, nil
			default:
				return nil, nil
			}
			if cur == nil {
				return nil, nil
			}
		}
	}
	if (cur.Kind == KindMap || cur.Kind == KindList) && r.active(cur) {
		// The target holds this reference (${self:} is the whole
		// configuration): the framework rejects it as circular. Report it
		// where it is written, not where the enclosing block starts.
		what := "a mapping"
		switch {
		case address == "":
			what = "the whole configuration"
		case cur.Kind == KindList:
			what = "a list"
		}
		chain := strings.Join(append(append([]string(nil), r.hops...), "${self:"+address+"}"), " -> ")
		return nil, r.fail(at, "variable cycle: %s is %s, which contains this reference", chain, what)
	}
	r.hops = append(r.hops, "${self:"+address+"}")
	v, err := r.resolve(cur, depth+1)
	r.hops = r.hops[:len(r.hops)-1]
	return v, err
}

// listIndex reads a list index from an address, and whether it is one of
// a list of n items.
func listIndex(key string, n int) (int, bool) {
	i, err := strconv.Atoi(key)
	return i, err == nil && i >= 0 && i < n
}

// charge bounds how much a document may grow by copying values through
// variables; at is the reference that copies n.
func (r *resolver) charge(n *Node, at Range) error {
	r.total += size(n, r.lim.MaxNodes-r.total+1)
	if r.total > r.lim.MaxNodes {
		return r.fail(at, "variables expand the document to more than %d values", r.lim.MaxNodes)
	}
	return nil
}

// size counts the values under n, stopping once it passes limit.
func size(n *Node, limit int) int {
	count := 1
	for _, e := range n.Entries {
		if count > limit {
			return count
		}
		count += size(e.Value, limit-count)
	}
	for _, item := range n.Items {
		if count > limit {
			return count
		}
		count += size(item, limit-count)
	}
	return count
}
