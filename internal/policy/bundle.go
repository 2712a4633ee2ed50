package policy

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/policies"
)

// Module is one parsed Rego file.
type Module struct {
	File   string
	Source string
	Module *ast.Module
}

var (
	ruleIDPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9]*[0-9]+$`)
	ruleNamePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// parseModules parses every .rego file of fsys (tests only when withTests;
// only those keep accepts when it is not nil) with their METADATA
// annotations, in the order of the walk.
func parseModules(fsys fs.FS, withTests bool, keep func(file string) bool) ([]Module, error) {
	return parseModuleFiles(fsys, withTests, keep, false)
}

// parseCompactModules parses the embedded modules keep accepts (all when
// it is nil), tests left out, as compactSource leaves them: what a run
// evaluates of them.
func parseCompactModules(keep func(file string) bool) ([]Module, error) {
	return parseModuleFiles(policies.FS, false, keep, true)
}

// parseModuleFiles is parseModules, with each source compacted first when
// compact is set. The files are parsed on all cores: parsing is most of a
// one-file run's start-up.
func parseModuleFiles(fsys fs.FS, withTests bool, keep func(file string) bool, compact bool) ([]Module, error) {
	var out []Module
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || (!withTests && strings.HasSuffix(p, "_test.rego")) || (keep != nil && !keep(p)) {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		text := string(src)
		if compact {
			text = compactSource(text)
		}
		out = append(out, Module{File: p, Source: text})
		return nil
	})
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(out))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(out)) {
		wg.Go(func() {
			for i := range next {
				m := &out[i]
				m.Module, errs[i] = ast.ParseModuleWithOpts(m.File, m.Source, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
			}
		})
	}
	for i := range out {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("parse policy: %w", err)
		}
	}
	return out, nil
}

// DefaultFacts returns the embedded facts the rules read: the data.json of
// policies/milint/facts/NAME as key NAME, as OPA's loader places it at
// data.milint.facts.NAME.
func DefaultFacts() (map[string]any, error) {
	fsys, dir := fs.FS(policies.FS), policies.FactsDir
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	facts := map[string]any{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		file := path.Join(dir, e.Name(), policies.DataFile)
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read facts: %w", err)
		}
		var v any
		if err := json.Unmarshal(src, &v); err != nil {
			return nil, fmt.Errorf("read facts %s: %w", file, err)
		}
		facts[e.Name()] = v
	}
	return facts, nil
}

// rulesPrefix is the package path under which rule packages live, one
// level of category and one of rule: data.milint.rules.<category>["<name>"].
var rulesPrefix = ast.MustParseRef("data.milint.rules")

// ruleSpace is where a set of rules lives and what their METADATA must
// hold: the built-in bundle, or the user's custom policies.
type ruleSpace struct {
	prefix ast.Ref
	// custom rules may leave out example and fixed, and must not use
	// the MI prefix that belongs to mi-lint.
	custom bool
	// where names a module (and a line of it) in messages.
	where func(file string, row int) string
	// file is what Rule.File says for a module.
	file func(file string) string
}

var builtinSpace = ruleSpace{
	prefix: rulesPrefix,
	where: func(file string, row int) string {
		return fmt.Sprintf("%s:%d", path.Join("policies", file), row)
	},
	file: func(file string) string { return path.Join("policies", file) },
}

// readRules builds the rule registry from the package METADATA of every
// module under data.milint.rules, with the sources of the facts each rule
// reads. Every rule must declare its ID, name, level and summary, and IDs
// and names must be unique.
func readRules(modules []Module) ([]finding.Rule, error) {
	rules, err := readRuleSpace(modules, builtinSpace, nil)
	if err != nil {
		return nil, err
	}
	sources, err := DefaultSources()
	if err != nil {
		return nil, err
	}
	use := newFactUse(modules)
	for i, r := range rules {
		pkg := rulesPrefix.Append(ast.StringTerm(r.Category)).Append(ast.StringTerm(r.Name))
		rules[i].Sources = sourcesFor(use.factsOf(pkg), sources)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, nil
}

// readRuleSpace reads the rules of the modules under space.prefix. IDs and
// names must be unique among them and must not be one of taken's (rules
// read before, such as the built-in ones).
func readRuleSpace(modules []Module, space ruleSpace, taken []finding.Rule) ([]finding.Rule, error) {
	var rules []finding.Rule
	ids := map[string]string{}
	names := map[string]string{}
	for _, r := range taken {
		ids[r.ID] = "built-in rule " + r.ID + " " + r.Name
		names[r.Name] = ids[r.ID]
	}
	for _, m := range modules {
		pkg := m.Module.Package.Path
		if !pkg.HasPrefix(space.prefix) {
			continue
		}
		pkgAt := space.where(m.File, m.Module.Package.Location.Row)
		if len(pkg) != len(space.prefix)+2 {
			return nil, fmt.Errorf("%s: a rule package is %s.<category>[\"<name>\"], not %s", pkgAt, space.prefix, pkg)
		}
		var ann *ast.Annotations
		for _, a := range m.Module.Annotations {
			if a.Scope == "package" {
				ann = a
			}
		}
		if ann == nil {
			return nil, fmt.Errorf("%s: rule package has no METADATA annotation", pkgAt)
		}
		at := space.where(m.File, ann.Location.Row)
		rule, err := ruleFromAnnotation(at, pkg, ann, space)
		if err != nil {
			return nil, err
		}
		rule.File = space.file(m.File)
		if other, dup := ids[rule.ID]; dup {
			return nil, fmt.Errorf("%s: rule ID %s is also used by %s", at, rule.ID, other)
		}
		if other, dup := names[rule.Name]; dup {
			return nil, fmt.Errorf("%s: rule name %s is also used by %s", at, rule.Name, other)
		}
		ids[rule.ID], names[rule.Name] = at, at
		rules = append(rules, rule)
	}
	return rules, nil
}

// ruleFromAnnotation reads a rule from its package METADATA; at names the
// annotation in messages.
func ruleFromAnnotation(at string, pkg ast.Ref, a *ast.Annotations, space ruleSpace) (finding.Rule, error) {
	str := func(key string) string {
		s, _ := a.Custom[key].(string)
		return s
	}
	r := finding.Rule{
		ID:          str("id"),
		Name:        a.Title,
		Level:       finding.Level(str("level")),
		Summary:     str("summary"),
		Description: strings.TrimSpace(a.Description),
		Category:    strings.Trim(pkg[len(space.prefix)].String(), `"`),
		Example:     str("example"),
		Fixed:       str("fixed"),
		BaseExample: str("base_example"),
		Fix:         cmp.Or(str("fix"), finding.FixNone),
	}
	if len(a.RelatedResources) > 0 {
		u := a.RelatedResources[0].Ref
		r.HelpURI = u.String()
	}
	tags, tagsOK := ruleTags(a.Custom["tags"])
	r.Tags = tags
	pkgName := strings.Trim(pkg[len(pkg)-1].String(), `"`)
	switch {
	case !tagsOK:
		return r, fmt.Errorf("%s: METADATA custom.tags must be a list of kebab-case words, such as [security]", at)
	case !ruleIDPattern.MatchString(r.ID) && space.custom:
		return r, fmt.Errorf("%s: METADATA custom.id %q is not a rule ID: write capital letters then digits, such as ACME001", at, r.ID)
	case !ruleIDPattern.MatchString(r.ID):
		return r, fmt.Errorf("%s: METADATA custom.id %q is not a rule ID such as MI001", at, r.ID)
	case space.custom && strings.HasPrefix(r.ID, "MI"):
		return r, fmt.Errorf("%s: METADATA custom.id %s starts with MI, which is reserved for mi-lint's built-in rules: use your own prefix, such as ACME001", at, r.ID)
	case !ruleNamePattern.MatchString(r.Name):
		return r, fmt.Errorf("%s: METADATA title %q is not a kebab-case rule name", at, r.Name)
	case r.Name != pkgName:
		return r, fmt.Errorf("%s: METADATA title %q differs from the package name %q", at, r.Name, pkgName)
	case r.Level.Rank() == 0:
		return r, fmt.Errorf("%s: METADATA custom.level %q is not one of error, warning, note", at, r.Level)
	case r.Summary == "":
		return r, fmt.Errorf("%s: METADATA custom.summary is missing", at)
	case r.Description == "":
		return r, fmt.Errorf("%s: METADATA description is missing", at)
	case r.Fix != finding.FixSafe && r.Fix != finding.FixUnsafe && r.Fix != finding.FixNone:
		return r, fmt.Errorf("%s: METADATA custom.fix %q is not one of safe, unsafe, none", at, r.Fix)
	case !space.custom && (r.Example == "" || r.Fixed == ""):
		return r, fmt.Errorf("%s: METADATA custom.example and custom.fixed are required", at)
	}
	return r, nil
}

// ruleTags reads custom.tags: absent, or a list of kebab-case words.
func ruleTags(v any) ([]string, bool) {
	if v == nil {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	tags := make([]string, 0, len(list))
	for _, t := range list {
		s, ok := t.(string)
		if !ok || !ruleNamePattern.MatchString(s) {
			return nil, false
		}
		tags = append(tags, s)
	}
	return tags, true
}

// pathString renders a document path as a YAML path:
// provider.capacityProviders.highMem.vpc.subnetIds[0].
func pathString(p []any) string {
	var b strings.Builder
	for _, e := range p {
		switch v := e.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", v)
		case string:
			if strings.ContainsAny(v, `.[]"' `) || v == "" {
				fmt.Fprintf(&b, "[%q]", v)
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		}
	}
	return b.String()
}
