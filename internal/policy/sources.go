package policy

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/policies"
)

// Evidence is one public source of a fact, as policies/milint/sources
// records it.
type Evidence struct {
	Kind   string `json:"kind"`
	Source string `json:"source"`
	Says   string `json:"says"`
}

// EvidenceKinds are the kinds of evidence a source may be.
var EvidenceKinds = []string{"API model", "CloudFormation schema", "framework source", "CDK source", "AWS docs", "AWS error text"}

// DefaultSources returns the evidence for the embedded facts, keyed by the
// fact's dotted path under data.milint.facts (limits.maxVCpuCount.min).
// A key covers every fact beneath it.
func DefaultSources() (map[string][]Evidence, error) {
	src, err := fs.ReadFile(policies.FS, policies.SourcesFile)
	if err != nil {
		return nil, fmt.Errorf("read fact sources: %w", err)
	}
	var sources map[string][]Evidence
	if err := json.Unmarshal(src, &sources); err != nil {
		return nil, fmt.Errorf("read fact sources: %w", err)
	}
	return sources, nil
}

var (
	factsPrefix = ast.MustParseRef("data.milint.facts")
	libPrefix   = ast.MustParseRef("data.milint.lib")
)

// ruleKey names a rule of a package: the package path and the rule's
// name.
type ruleKey struct{ pkg, name string }

// factUse finds the facts each rule package reads, from the modules'
// source: references to data.milint.facts, directly, through an import,
// through a rule of the package that is such a reference
// (_facts := facts.instance_types), or inside the data.milint.lib
// functions the package calls, followed transitively; and through the
// input fields derived from the facts (derivedFieldFacts,
// instanceTypeFacts).
type factUse struct {
	// refs are the references each rule makes, with imports and
	// aliases resolved to full data references.
	refs map[ruleKey][]ast.Ref
	// packages are the modules' package paths.
	packages []ast.Ref
}

func newFactUse(modules []Module) *factUse {
	u := &factUse{refs: map[ruleKey][]ast.Ref{}}
	for _, m := range modules {
		pkg := m.Module.Package.Path
		u.packages = append(u.packages, pkg)
		imports := map[string]ast.Ref{}
		for _, imp := range m.Module.Imports {
			ref, ok := imp.Path.Value.(ast.Ref)
			if !ok {
				continue
			}
			name := string(imp.Alias)
			if name == "" {
				name = strings.Trim(ref[len(ref)-1].String(), `"`)
			}
			imports[name] = ref
		}
		local := map[string]bool{}
		aliases := map[string]ast.Ref{}
		for _, r := range m.Module.Rules {
			name := r.Head.Ref()[0].String()
			local[name] = true
			if r.Head.Value == nil || len(r.Head.Args) > 0 {
				continue
			}
			if v, ok := r.Head.Value.Value.(ast.Ref); ok && r.Body.Equal(ast.NewBody(ast.NewExpr(ast.BooleanTerm(true)))) {
				aliases[name] = v
			}
		}
		resolve := func(ref ast.Ref) ast.Ref {
			for range 4 { // an alias may name an import or another alias
				head, ok := ref[0].Value.(ast.Var)
				if !ok || ref[0].Value.Compare(ast.DefaultRootDocument.Value) == 0 {
					return ref
				}
				switch {
				case aliases[string(head)] != nil:
					ref = aliases[string(head)].Concat(ref[1:])
				case imports[string(head)] != nil:
					ref = imports[string(head)].Concat(ref[1:])
				case local[string(head)]:
					return pkg.Append(ast.StringTerm(string(head))).Concat(ref[1:])
				default:
					return ref
				}
			}
			return ref
		}
		for _, r := range m.Module.Rules {
			key := ruleKey{pkg.String(), r.Head.Ref()[0].String()}
			if aliases[key.name] != nil {
				continue // its uses read what they pick from it
			}
			// References, and bare names (some x in _families) read
			// whole; the head of a reference is not read by itself.
			var visit func(x any) bool
			visit = func(x any) bool {
				switch v := x.(type) {
				case ast.Ref:
					u.refs[key] = append(u.refs[key], resolve(v))
					u.refs[key] = append(u.refs[key], derivedFieldFacts(v)...)
					for _, t := range v[1:] {
						ast.NewGenericVisitor(visit).Walk(t)
					}
					return true
				case ast.Var:
					u.refs[key] = append(u.refs[key], resolve(ast.Ref{ast.NewTerm(v)}))
				}
				return false
			}
			ast.NewGenericVisitor(visit).Walk(r)
		}
	}
	return u
}

// factsOf returns the fact paths a rule package reads, sorted.
func (u *factUse) factsOf(pkg ast.Ref) []string {
	found := map[string]bool{}
	seen := map[ruleKey]bool{}
	var read []ast.Ref
	var visit func(key ruleKey)
	visit = func(key ruleKey) {
		if seen[key] {
			return
		}
		seen[key] = true
		read = append(read, u.refs[key]...)
		for _, ref := range u.refs[key] {
			switch {
			case ref.HasPrefix(factsPrefix):
				if p := factPath(ref[len(factsPrefix):]); p != "" {
					found[p] = true
				}
			case ref.HasPrefix(libPrefix) || ref.HasPrefix(pkg):
				// A call of a helper, data.milint.lib.<package>.<rule>,
				// or a use of a rule of the package itself.
				for _, p := range u.packages {
					if len(ref) > len(p) && ref.HasPrefix(p) {
						if name, ok := ref[len(p)].Value.(ast.String); ok {
							visit(ruleKey{p.String(), string(name)})
						}
					}
				}
			}
		}
	}
	for k := range u.refs {
		if k.pkg == pkg.String() {
			visit(k)
		}
	}
	for _, p := range instanceTypeFacts(read) {
		found[p] = true
	}
	out := make([]string, 0, len(found))
	for p := range found {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// factPath renders the constant leading keys of a reference below
// data.milint.facts as a dotted path: facts.limits.timeout[x] is
// limits.timeout.
func factPath(rest ast.Ref) string {
	var keys []string
	for _, t := range rest {
		s, ok := t.Value.(ast.String)
		if !ok {
			break
		}
		keys = append(keys, string(s))
	}
	return strings.Join(keys, ".")
}

// sourcesFor lists the evidence for the facts a rule reads: every source
// recorded at a fact it reads, above it or beneath it, once, in the order
// of the facts then of the file.
func sourcesFor(facts []string, sources map[string][]Evidence) []finding.Source {
	keys := make([]string, 0, len(sources))
	for k := range sources {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []finding.Source
	done := map[string]bool{}
	for _, f := range facts {
		for _, k := range keys {
			related := k == f || strings.HasPrefix(k, f+".") || strings.HasPrefix(f, k+".")
			if done[k] || !related {
				continue
			}
			done[k] = true
			for _, e := range sources[k] {
				out = append(out, finding.Source{Fact: k, Kind: e.Kind, Ref: e.Source, Says: e.Says})
			}
		}
	}
	return out
}

// derivedFields are input fields computed from a fact (docs/input.md,
// "Derived from the facts"): a rule that reads one is documented with the
// fact's sources, as if it read the fact itself. after, when set, is the
// key the field must follow (region.partition, not any partition).
var derivedFields = []struct {
	field, after string
	fact         ast.Ref
}{
	{"logicalId", "", ast.MustParseRef("data.milint.facts.capacity_provider_config.logicalIdSuffix")},
	{"partition", "region", ast.MustParseRef("data.milint.facts.regions.partitions")},
	{"minimumEnvironments", "", ast.MustParseRef("data.milint.facts.limits.minExecutionEnvironments.default")},
}

// derivedFieldFacts gives the facts a reference reads through the derived
// fields it names.
func derivedFieldFacts(ref ast.Ref) []ast.Ref {
	var facts []ast.Ref
	for i := 1; i < len(ref); i++ {
		key, ok := ref[i].Value.(ast.String)
		if !ok {
			continue
		}
		for _, f := range derivedFields {
			if string(key) == f.field && (f.after == "" || ref[i-1].Value.Compare(ast.String(f.after)) == 0) {
				facts = append(facts, f.fact)
			}
		}
	}
	return facts
}
