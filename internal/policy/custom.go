package policy

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// Custom policies are the user's own Rego rules, loaded from directories
// at run time. They live under data.custom so that they can never shadow
// or extend the built-in packages under data.milint; their rules are
// packages data.custom.rules.<category>["<name>"] with the same METADATA
// and the same result helpers as the built-in rules.
var (
	customPrefix      = ast.MustParseRef("data.custom")
	customRulesPrefix = ast.MustParseRef("data.custom.rules")
)

var customSpace = ruleSpace{
	prefix: customRulesPrefix,
	custom: true,
	where:  func(file string, row int) string { return fmt.Sprintf("%s:%d", file, row) },
	file:   func(file string) string { return file },
}

// forbiddenBuiltin reports whether a built-in function is kept from every
// policy, built-in or custom: the ones that reach the network (http.send,
// net.*, including the pure CIDR helpers so the rule stays simple), that
// read the environment (opa.runtime), that can read local files (JSON
// schema $refs may name file:// URLs), or that write to the tracer.
func forbiddenBuiltin(name string) bool {
	switch name {
	case "http.send", "opa.runtime", "trace", "json.match_schema", "json.verify_schema":
		return true
	}
	return strings.HasPrefix(name, "net.")
}

// sandboxCapabilities are the capabilities policies compile with: this
// OPA's, without the forbidden built-ins, and with no network host allowed.
func sandboxCapabilities() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	c.Builtins = slices.DeleteFunc(c.Builtins, func(b *ast.Builtin) bool { return forbiddenBuiltin(b.Name) })
	c.AllowNet = []string{}
	return c
}

// loadPolicyDirs parses the .rego files under dirs (tests only when
// withTests). A relative dir is read relative to base (the process's
// working directory when base is empty) but named as given, so that
// messages show the paths the user wrote. A dir may also name one file.
func loadPolicyDirs(base string, dirs []string, withTests bool) ([]Module, error) {
	var out []Module
	seen := map[string]bool{}
	for _, dir := range dirs {
		read := dir
		if base != "" && !filepath.IsAbs(dir) {
			read = filepath.Join(base, dir)
		}
		info, err := os.Stat(read)
		if err != nil {
			return nil, fmt.Errorf("policy directory %s: %w", dir, pathErr(err))
		}
		if !info.IsDir() {
			if !strings.HasSuffix(read, ".rego") {
				return nil, fmt.Errorf("policy directory %s: not a directory or a .rego file", dir)
			}
			m, err := parsePolicyFile(read, filepath.ToSlash(dir), seen)
			if err != nil {
				return nil, err
			}
			if m != nil {
				out = append(out, *m)
			}
			continue
		}
		err = filepath.WalkDir(read, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != read && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir // .git and the like
				}
				return nil
			}
			if !strings.HasSuffix(p, ".rego") || (!withTests && strings.HasSuffix(p, "_test.rego")) {
				return nil
			}
			rel, err := filepath.Rel(read, p)
			if err != nil {
				return err
			}
			m, err := parsePolicyFile(p, path.Join(filepath.ToSlash(dir), filepath.ToSlash(rel)), seen)
			if err != nil {
				return err
			}
			if m != nil {
				out = append(out, *m)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pathErr drops the path an *fs.PathError repeats.
func pathErr(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// parsePolicyFile parses one file, named name in messages; nil when the
// file was already loaded through another directory.
func parsePolicyFile(read, name string, seen map[string]bool) (*Module, error) {
	abs, err := filepath.Abs(read)
	if err != nil {
		return nil, err
	}
	if seen[abs] {
		return nil, nil
	}
	seen[abs] = true
	src, err := os.ReadFile(read)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, pathErr(err))
	}
	m, err := ast.ParseModuleWithOpts(name, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
	if err != nil {
		return nil, policyErrors(err)
	}
	return &Module{File: name, Source: string(src), Module: m}, nil
}

// checkCustom checks the user's modules before they are compiled: every
// package is under data.custom, no forbidden built-in is called, and each
// rule package has a valid METADATA block, a `report` set, and an ID and a
// name that no built-in rule and no other custom rule uses. It returns the
// custom rules of the non-test modules.
func checkCustom(modules []Module, builtin []finding.Rule) ([]finding.Rule, error) {
	var errs []*ast.Error
	var lintModules []Module
	for _, m := range modules {
		pkg := m.Module.Package
		if !pkg.Path.HasPrefix(customPrefix) {
			errs = append(errs, &ast.Error{Location: pkg.Location, Message: fmt.Sprintf(
				"package %s is not under data.custom: custom policies live in package custom.rules.<category>[\"<name>\"] (rules) or custom.<anything> (helpers and tests)",
				strings.TrimPrefix(pkg.Path.String(), "data."))})
			continue
		}
		errs = append(errs, sandboxViolations(m.Module)...)
		if !strings.HasSuffix(m.File, "_test.rego") {
			lintModules = append(lintModules, m)
		}
	}
	if len(errs) > 0 {
		return nil, policyErrors(ast.Errors(errs))
	}
	for _, m := range lintModules {
		pkg := m.Module.Package
		if !pkg.Path.HasPrefix(customRulesPrefix) || len(pkg.Path) != len(customRulesPrefix)+2 {
			continue // readRuleSpace refuses a malformed rule package
		}
		if !definesReportSet(m.Module) {
			return nil, fmt.Errorf("%s:%d: rule package %s defines no `report contains finding if { ... }` set", m.File, pkg.Location.Row, strings.TrimPrefix(pkg.Path.String(), "data."))
		}
	}
	return readRuleSpace(lintModules, customSpace, builtin)
}

// definesReportSet reports whether a module defines the multi-value rule
// `report` that the aggregator collects.
func definesReportSet(m *ast.Module) bool {
	for _, r := range m.Rules {
		if r.Head.Name.Equal(ast.Var("report")) || (len(r.Head.Reference) == 1 && r.Head.Reference[0].Value.Compare(ast.Var("report")) == 0) {
			return r.Head.RuleKind() == ast.MultiValue
		}
	}
	return false
}

// sandboxViolations finds calls of forbidden built-ins, and `with`
// replacements of them, so that the error names the built-in rather than
// saying "undefined function".
func sandboxViolations(m *ast.Module) []*ast.Error {
	var errs []*ast.Error
	report := func(ref ast.Ref, loc *ast.Location) {
		name := ref.String()
		if forbiddenBuiltin(name) {
			errs = append(errs, &ast.Error{Code: "mi_lint_sandbox_error", Location: loc, Message: name +
				" is not allowed: custom policies run sandboxed, without the network (http.send, net.*), the environment (opa.runtime), files (json.match_schema, json.verify_schema) or trace"})
		}
	}
	ast.WalkExprs(m, func(e *ast.Expr) bool {
		if e.IsCall() {
			report(e.Operator(), e.Location)
		}
		for _, w := range e.With {
			if ref, ok := w.Target.Value.(ast.Ref); ok {
				report(ref, w.Location)
			}
		}
		return false
	})
	ast.WalkTerms(m, func(t *ast.Term) bool {
		if call, ok := t.Value.(ast.Call); ok && len(call) > 0 {
			if ref, ok := call[0].Value.(ast.Ref); ok {
				report(ref, t.Location)
			}
		}
		return false
	})
	return errs
}

// policyErrors formats Rego parse and compile errors one per line as
// file:line: message, in file and line order.
func policyErrors(err error) error {
	var errs ast.Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		return err
	}
	errs = slices.Clone(errs)
	slices.SortStableFunc(errs, func(a, b *ast.Error) int {
		if a.Location == nil || b.Location == nil {
			return 0
		}
		return cmp.Or(cmp.Compare(a.Location.File, b.Location.File), cmp.Compare(a.Location.Row, b.Location.Row))
	})
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		msg := e.Message
		if e.Location != nil {
			msg = fmt.Sprintf("%s:%d: %s", e.Location.File, e.Location.Row, msg)
		}
		lines = append(lines, msg)
	}
	return errors.New(strings.Join(lines, "\n"))
}
