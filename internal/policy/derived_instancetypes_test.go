package policy

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// TestInstanceTypeReading checks the fields each name reads as, with the
// embedded facts (names of at most 30 characters; a1 is Graviton).
func TestInstanceTypeReading(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	r := newInstanceTypeReader(facts)
	for _, tt := range []struct {
		name string
		want string // the fields, in Rego syntax
	}{
		{"m7i.large", `{"valid": true, "wildcard": false, "family": "m7i", "size": "large", "architecture": "x86_64", "class": "m", "generation": 7, "attributes": "i", "variant": ""}`},
		{"c7gn.2xlarge", `{"valid": true, "wildcard": false, "family": "c7gn", "size": "2xlarge", "architecture": "arm64", "class": "c", "generation": 7, "attributes": "gn", "variant": ""}`},
		// Upper case reads as lower case.
		{"C7GN.2XLarge", `{"valid": true, "wildcard": false, "family": "c7gn", "size": "2xlarge", "architecture": "arm64", "class": "c", "generation": 7, "attributes": "gn", "variant": ""}`},
		{"m7i-flex.large", `{"valid": true, "wildcard": false, "family": "m7i-flex", "size": "large", "architecture": "x86_64", "class": "m", "generation": 7, "attributes": "i", "variant": "flex"}`},
		{"im4gn.large", `{"valid": true, "wildcard": false, "family": "im4gn", "size": "large", "architecture": "arm64", "class": "im", "generation": 4, "attributes": "gn", "variant": ""}`},
		{"x2gd.large", `{"valid": true, "wildcard": false, "family": "x2gd", "size": "large", "architecture": "arm64", "class": "x", "generation": 2, "attributes": "gd", "variant": ""}`},
		{"g5.xlarge", `{"valid": true, "wildcard": false, "family": "g5", "size": "xlarge", "architecture": "x86_64", "class": "g", "generation": 5, "attributes": "", "variant": ""}`},
		// a1 is Graviton by the facts' exception, not by its name.
		{"a1.large", `{"valid": true, "wildcard": false, "family": "a1", "size": "large", "architecture": "arm64", "class": "a", "generation": 1, "attributes": "", "variant": ""}`},
		// A family with no generation right after its class has no parts.
		{"u-12tb1.metal", `{"valid": true, "wildcard": false, "family": "u-12tb1", "size": "metal", "architecture": "x86_64", "class": "u"}`},
		{"u7in-32tb.metal-224xlarge-abcd", `{"valid": true, "wildcard": false, "family": "u7in-32tb", "size": "metal-224xlarge-abcd", "architecture": "x86_64", "class": "u", "generation": 7, "attributes": "in", "variant": "32tb"}`},
		{"m7i-flex-x.large", `{"valid": true, "wildcard": false, "family": "m7i-flex-x", "size": "large", "architecture": "x86_64", "class": "m"}`},
		// Nor a class a family that starts with a digit or a dash.
		{"7g.large", `{"valid": true, "wildcard": false, "family": "7g", "size": "large", "architecture": "x86_64"}`},
		{"-m7.large", `{"valid": true, "wildcard": false, "family": "-m7", "size": "large", "architecture": "x86_64"}`},
		// Generations as to_number reads the digits.
		{"m0007i.large", `{"valid": true, "wildcard": false, "family": "m0007i", "size": "large", "architecture": "x86_64", "class": "m", "generation": 7, "attributes": "i", "variant": ""}`},
		{"m123456789012345678901234.l", `{"valid": true, "wildcard": false, "family": "m123456789012345678901234", "size": "l", "architecture": "x86_64", "class": "m", "generation": 123456789012345678901234, "attributes": "", "variant": ""}`},
		// Wildcards.
		{"m7g.*", `{"valid": false, "wildcard": true}`},
		{"c7*", `{"valid": false, "wildcard": true}`},
		{"*", `{"valid": false, "wildcard": true}`},
		{"m7g.* ", `{"valid": false, "wildcard": false}`},
		// Not names.
		{"m7i", `{"valid": false, "wildcard": false}`},
		{"m7i..large", `{"valid": false, "wildcard": false}`},
		{".large", `{"valid": false, "wildcard": false}`},
		{"m7i.", `{"valid": false, "wildcard": false}`},
		{"", `{"valid": false, "wildcard": false}`},
		{"m7i large", `{"valid": false, "wildcard": false}`},
		{"m7i.lärge", `{"valid": false, "wildcard": false}`},
		// 30 characters at most, a wildcard included.
		{"a23456789.12345678901234567890", `{"valid": true, "wildcard": false, "family": "a23456789", "size": "12345678901234567890", "architecture": "x86_64", "class": "a", "generation": 23456789, "attributes": "", "variant": ""}`},
		{"a23456789.123456789012345678901", `{"valid": false, "wildcard": false}`},
		{"m7g.*" + strings.Repeat("x", 25), `{"valid": false, "wildcard": true}`},
		{"m7g.*" + strings.Repeat("x", 26), `{"valid": false, "wildcard": false}`},
	} {
		got := ast.ObjectTerm(r.read(tt.name)...)
		if want := ast.MustParseTerm(tt.want); !got.Equal(want) {
			t.Errorf("%q reads as %v, want %v", tt.name, got, want)
		}
	}
}

// TestInstanceTypeReadingByFacts: the reading follows the run's facts, as
// --facts-style overrides change them.
func TestInstanceTypeReadingByFacts(t *testing.T) {
	overridden := newInstanceTypeReader(map[string]any{"instance_types": map[string]any{
		"lists":    map[string]any{"maxNameLength": 10},
		"graviton": map[string]any{"arm64Families": []any{"m7i", 42}},
	}})
	for name, want := range map[string]string{
		"m7i.large":   `{"valid": true, "wildcard": false, "family": "m7i", "size": "large", "architecture": "arm64", "class": "m", "generation": 7, "attributes": "i", "variant": ""}`,
		"a1.large":    `{"valid": true, "wildcard": false, "family": "a1", "size": "large", "architecture": "x86_64", "class": "a", "generation": 1, "attributes": "", "variant": ""}`,
		"m7i.xlarge":  `{"valid": true, "wildcard": false, "family": "m7i", "size": "xlarge", "architecture": "arm64", "class": "m", "generation": 7, "attributes": "i", "variant": ""}`,
		"m7i.2xlarge": `{"valid": false, "wildcard": false}`,
	} {
		if got := ast.ObjectTerm(overridden.read(name)...); !got.Equal(ast.MustParseTerm(want)) {
			t.Errorf("%q reads as %v, want %v", name, got, want)
		}
	}
	// Without the length fact no name is valid, as the rules found with
	// it undefined.
	none := newInstanceTypeReader(map[string]any{})
	if got := ast.ObjectTerm(none.read("m7i.large")...); !got.Equal(ast.MustParseTerm(`{"valid": false, "wildcard": false}`)) {
		t.Errorf("without facts m7i.large reads as %v", got)
	}
}

// TestInstanceTypesInInput checks each capacity provider's instanceTypes
// from a loaded document: the items of each list key, their paths, and
// the values that are no list.
func TestInstanceTypesInInput(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	d := newDerived(facts)
	// The fields m7i.large reads as, and the start of a path in pool's
	// instanceRequirements.
	large := `"valid": true, "wildcard": false, "family": "m7i", "size": "large", "architecture": "x86_64", "class": "m", "generation": 7, "attributes": "i", "variant": ""`
	pool := `["provider", "capacityProviders", "pool", "instanceRequirements", `
	for _, tt := range []struct {
		name, yaml string
		want       string // pool's instanceTypes, in Rego syntax
	}{
		{
			name: "a list of every kind of item",
			yaml: `
provider:
  capacityProviders:
    pool:
      instanceRequirements:
        allowedInstanceTypes: [m7i.large, m7g.*, 42, true, null, {a: 1}, "${ssm:/t}", !Ref T, M7I.LARGE]
`,
			want: `{"allowedInstanceTypes": [
				{"value": "m7i.large", "path": ` + pool + `"allowedInstanceTypes", 0], ` + large + `},
				{"value": "m7g.*", "path": ` + pool + `"allowedInstanceTypes", 1], "valid": false, "wildcard": true},
				{"value": 42, "path": ` + pool + `"allowedInstanceTypes", 2], "valid": false, "wildcard": false},
				{"value": true, "path": ` + pool + `"allowedInstanceTypes", 3], "valid": false, "wildcard": false},
				{"value": null, "path": ` + pool + `"allowedInstanceTypes", 4], "valid": false, "wildcard": false},
				{"value": {"a": 1}, "path": ` + pool + `"allowedInstanceTypes", 5], "valid": false, "wildcard": false},
				{"value": {"$unknown": "${ssm:/t}", "reason": "${ssm:/t} is resolved only at deploy time"}, "path": ` + pool + `"allowedInstanceTypes", 6], "valid": false, "wildcard": false},
				{"value": {"Ref": "T"}, "path": ` + pool + `"allowedInstanceTypes", 7], "valid": false, "wildcard": false},
				{"value": "M7I.LARGE", "path": ` + pool + `"allowedInstanceTypes", 8], ` + large + `},
			]}`,
		},
		{
			name: "single values are the list's one item, at the key",
			yaml: `
provider:
  capacityProviders:
    pool:
      instanceRequirements:
        allowedInstanceTypes: m7i.large
        excludedInstanceTypes: 7
`,
			want: `{
				"allowedInstanceTypes": [{"value": "m7i.large", "path": ` + pool + `"allowedInstanceTypes"], ` + large + `}],
				"excludedInstanceTypes": [{"value": 7, "path": ` + pool + `"excludedInstanceTypes"], "valid": false, "wildcard": false}],
			}`,
		},
		{
			name: "empty lists",
			yaml: `
provider:
  capacityProviders:
    pool:
      instanceRequirements: {allowedInstanceTypes: [], excludedInstanceTypes: []}
`,
			want: `{"allowedInstanceTypes": [], "excludedInstanceTypes": []}`,
		},
		{
			name: "no items from a mapping, null, an unknown value or an intrinsic",
			yaml: `
provider:
  capacityProviders:
    pool:
      instanceRequirements:
        allowedInstanceTypes: {type: m7i.large}
        excludedInstanceTypes: null
`,
			want: `{}`,
		},
		{
			name: "unknown list",
			yaml: `
provider:
  capacityProviders:
    pool:
      instanceRequirements:
        allowedInstanceTypes: ${ssm:/types}
        excludedInstanceTypes: !Split [",", !Ref Types]
`,
			want: `{}`,
		},
		{
			name: "unknown instanceRequirements",
			yaml: `
provider:
  capacityProviders:
    pool:
      instanceRequirements: ${ssm:/requirements}
`,
			want: `{}`,
		},
		{
			name: "no instanceRequirements",
			yaml: `
provider:
  capacityProviders:
    pool: {}
`,
			want: `{}`,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: []byte(tt.yaml)}, loader.Options{}, loader.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			input := buildInput(doc)
			d.addTo(input)
			got, err := input.Find(ast.MustParseRef("x.capacityProviders.pool.instanceTypes")[1:])
			if err != nil {
				t.Fatal(err)
			}
			if want := ast.MustParseTerm(tt.want).Value; got.Compare(want) != 0 {
				t.Errorf("instanceTypes = %v\nwant %v", got, want)
			}
		})
	}
}

// TestInstanceTypesInBase: diff mode's input.base has them too, and the
// auto-created default provider has none.
func TestInstanceTypesInBase(t *testing.T) {
	input := derivedInput(t, "provider:\n  capacityProviders:\n    pool: {}\nfunctions:\n  api:\n    capacityProvider: default\n", "provider:\n  capacityProviders:\n    pool: {instanceRequirements: {excludedInstanceTypes: [t3.*]}}\n")
	for ref, want := range map[string]string{
		"x.capacityProviders.default.instanceTypes":   `{}`,
		"x.base.capacityProviders.pool.instanceTypes": `{"excludedInstanceTypes": [{"value": "t3.*", "path": ["provider", "capacityProviders", "pool", "instanceRequirements", "excludedInstanceTypes", 0], "valid": false, "wildcard": true}]}`,
	} {
		got, err := input.Find(ast.MustParseRef(ref)[1:])
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		if got.Compare(ast.MustParseTerm(want).Value) != 0 {
			t.Errorf("%s = %v, want %v", ref, got, want)
		}
	}
}

// TestInstanceTypeReadingsShared: documents evaluated at once read names
// through one cache; past its bound, names are read without it, alike.
func TestInstanceTypeReadingsShared(t *testing.T) {
	r := newInstanceTypeReader(map[string]any{"instance_types": map[string]any{"lists": map[string]any{"maxNameLength": 30}}})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range maxCachedInstanceTypes {
				name := fmt.Sprintf("m%di.large", (i*7+g)%(maxCachedInstanceTypes+100))
				want := fmt.Sprintf(`{"valid": true, "wildcard": false, "family": %q, "size": "large", "architecture": "x86_64", "class": "m", "generation": %d, "attributes": "i", "variant": ""}`,
					strings.TrimSuffix(name, ".large"), (i*7+g)%(maxCachedInstanceTypes+100))
				if got := ast.ObjectTerm(r.read(name)...); !got.Equal(ast.MustParseTerm(want)) {
					t.Errorf("%q reads as %v, want %v", name, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
	cached := 0
	r.readings.Range(func(any, any) bool { cached++; return true })
	if cached > maxCachedInstanceTypes {
		t.Errorf("%d readings cached, at most %d", cached, maxCachedInstanceTypes)
	}
}

// TestInstanceTypeFacts: a rule that reads instanceTypes lists the facts
// of the fields it reads among its sources, as when it read the names in
// Rego.
func TestInstanceTypeFacts(t *testing.T) {
	checkFactsOf(t, []ruleFacts{
		{"capacityprovider", "instance-type-architecture-mismatch", []string{"instance_types.architectures", "instance_types.graviton.arm64Families", "instance_types.lists.maxNameLength"}},
		{"capacityprovider", "invalid-instance-type", []string{"instance_types.lists.maxItems", "instance_types.lists.maxNameLength", "instance_types.lists.nameCharacters"}},
		{"capacityprovider", "unsupported-instance-family", []string{
			"instance_types.graviton.arm64Families", "instance_types.lists.maxNameLength", "instance_types.otherFamilies",
			"instance_types.sizes", "instance_types.supportedFamilies", "instance_types.supportedVariants",
		}},
		{"capacityprovider", "instance-types-conflict", []string{}},
	})
}
