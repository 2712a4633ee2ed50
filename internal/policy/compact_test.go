package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/policies"
)

// TestCompactSourceParsesAlike: every embedded module, compacted, parses
// to the same package, imports and rules, on the same rows and columns,
// with METADATA for the same targets and scopes, holding the same rule
// IDs and nothing else of the rules' METADATA.
func TestCompactSourceParsesAlike(t *testing.T) {
	whole, err := parseModules(policies.FS, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	compact, err := parseCompactModules(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(compact) != len(whole) {
		t.Fatalf("%d compact modules, %d whole", len(compact), len(whole))
	}
	ids, wholeComments, compactComments := 0, 0, 0
	for i, w := range whole {
		c := compact[i]
		if w.Module.Package.Path.Compare(c.Module.Package.Path) != 0 || w.Module.Package.Location.Row != c.Module.Package.Location.Row {
			t.Errorf("%s: package %v at row %d, compacted %v at row %d", w.File, w.Module.Package.Path, w.Module.Package.Location.Row, c.Module.Package.Path, c.Module.Package.Location.Row)
		}
		if diff := cmp.Diff(w.Module.Imports, c.Module.Imports); diff != "" {
			t.Errorf("%s: imports differ (-whole +compact):\n%s", w.File, diff)
		}
		if diff := cmp.Diff(w.Module.Rules, c.Module.Rules); diff != "" {
			t.Errorf("%s: rules differ (-whole +compact):\n%s", w.File, diff)
		}
		// Rules compare without their locations: compare those of every
		// term.
		if diff := cmp.Diff(termLocations(w.Module), termLocations(c.Module)); diff != "" {
			t.Errorf("%s: locations differ (-whole +compact):\n%s", w.File, diff)
		}
		wholeComments += len(w.Module.Comments)
		compactComments += len(c.Module.Comments)
		if len(w.Module.Annotations) != len(c.Module.Annotations) {
			t.Fatalf("%s: %d annotations, compacted %d", w.File, len(w.Module.Annotations), len(c.Module.Annotations))
		}
		for j, wa := range w.Module.Annotations {
			ca := c.Module.Annotations[j]
			if wa.Scope != ca.Scope || wa.GetTargetPath().Compare(ca.GetTargetPath()) != 0 {
				t.Errorf("%s: annotation %d of scope %s for %v, compacted %s for %v", w.File, j, wa.Scope, wa.GetTargetPath(), ca.Scope, ca.GetTargetPath())
			}
			id, ok := wa.Custom["id"]
			if !ok {
				if diff := cmp.Diff(wa.String(), ca.String()); diff != "" {
					t.Errorf("%s: METADATA without an ID changed (-whole +compact):\n%s", w.File, diff)
				}
				continue
			}
			ids++
			if diff := cmp.Diff(map[string]any{"id": id}, ca.Custom); diff != "" {
				t.Errorf("%s: compacted custom METADATA (-want +got):\n%s", w.File, diff)
			}
			if ca.Title != "" || ca.Description != "" || len(ca.RelatedResources) > 0 {
				t.Errorf("%s: compacted METADATA keeps more than the ID: %s", w.File, ca)
			}
		}
	}
	if ids == 0 || compactComments > wholeComments/10 {
		t.Fatalf("%d rule IDs; %d comments, compacted %d", ids, wholeComments, compactComments)
	}
}

// termLocations lists where each term of a module's rules is written.
func termLocations(m *ast.Module) []string {
	var out []string
	for _, r := range m.Rules {
		ast.WalkTerms(r, func(t *ast.Term) bool {
			if t.Location != nil {
				out = append(out, fmt.Sprintf("%d:%d %s", t.Location.Row, t.Location.Col, t.Location.Text))
			}
			return false
		})
	}
	return out
}

func TestCompactSource(t *testing.T) {
	src := strings.Join([]string{
		"# METADATA",
		"# title: a-rule",
		"# description: |",
		"#   Says # what.",
		"# custom:",
		"#   level: error",
		"#   id: AB001",
		"#   example: |",
		"#     id: 1",
		"package a",
		"",
		"# A comment.",
		`x := "# not a comment" # a comment`,
		"y := `raw # \"` # a \"comment\"",
		`z := "\"#" #`,
	}, "\n")
	want := strings.Join([]string{
		"",
		"",
		"",
		"",
		"",
		"",
		"# METADATA",
		"# custom:",
		"#   id: AB001",
		"package a",
		"",
		"",
		`x := "# not a comment" `,
		"y := `raw # \"` ",
		`z := "\"#" `,
	}, "\n")
	if diff := cmp.Diff(want, compactSource(src)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A METADATA block without an ID is kept whole.
	lib := "# METADATA\n# description: Helpers.\npackage lib\n"
	if got := compactSource(lib); got != lib {
		t.Errorf("compactSource(%q) = %q", lib, got)
	}
}
