package policy

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/mi-lint/mi-lint/policies"
)

// TestStackDerivedMatchesRego checks the logical IDs and partitions the
// input gives against the Rego helpers the rules used to call, on names
// and regions with every case those helpers handle.
func TestStackDerivedMatchesRego(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	// Overriding facts may nest prefixes, and two partitions may list
	// prefixes of one length.
	nested := map[string]any{
		"capacity_provider_config": map[string]any{"logicalIdSuffix": "Sfx"},
		"regions": map[string]any{"partitions": map[string]any{
			"aws-cn": []any{"cn-"},
			"aws-nw": []any{"cn-north"},
			"b":      []any{"ZZ-"},
			"a":      []any{"zz-"},
		}},
	}
	modules, err := parseModules(policies.FS, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"pool", "Pool", "a-b", "aDashb", "low_mem", "-x", "_", "", "éclair", "ßig", "1st", "x.y", "ǆemo"}
	regions := []string{"us-east-1", "US-EAST-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-isob-east-1", "eu-isoe-west-1", "zz-1", "ZZ-1", "il-central-1", "x"}
	for _, set := range []struct {
		name  string
		facts map[string]any
	}{{"embedded facts", facts}, {"nested prefixes", nested}} {
		t.Run(set.name, func(t *testing.T) {
			ctx := context.Background()
			store := inmem.NewFromObject(map[string]any{"milint": map[string]any{"facts": set.facts}})
			opts := []func(*rego.Rego){
				rego.Query(`ids := {n: data.milint.lib.stack.logical_id(n) | some n in input.names}; parts := {r: data.milint.lib.regions.partition(r) | some r in input.regions}`),
				rego.Store(store),
				rego.StrictBuiltinErrors(true),
				rego.Input(map[string]any{"names": names, "regions": regions}),
			}
			for _, m := range modules {
				opts = append(opts, rego.ParsedModule(m.Module))
			}
			rs, err := rego.New(opts...).Eval(ctx)
			if err != nil || len(rs) != 1 {
				t.Fatalf("eval: %v, %d results", err, len(rs))
			}
			ids, _ := rs[0].Bindings["ids"].(map[string]any)
			parts, _ := rs[0].Bindings["parts"].(map[string]any)
			d := newStackDerived(set.facts)
			for _, n := range names {
				if got := logicalID(n, d.logicalIDSuffix); got != ids[n] {
					t.Errorf("logicalID(%q) = %q, Rego gives %v", n, got, ids[n])
				}
			}
			for _, r := range regions {
				if got := d.partition(r); got != parts[r] {
					t.Errorf("partition(%q) = %q, Rego gives %v", r, got, parts[r])
				}
			}
		})
	}
}

// TestStackDerivedInInput checks the fields in a loaded document's input
// and its base's, and that a region not known gets no partition.
func TestStackDerivedInInput(t *testing.T) {
	input := derivedInput(t, "provider:\n  region: cn-north-1\n  capacityProviders:\n    high-mem: {}\nfunctions:\n  api:\n    capacityProvider: default\n", "provider:\n  region: ${ssm:/region}\n  capacityProviders:\n    low_mem: {}\n")
	for ref, want := range map[string]string{
		"capacityProviders[\"high-mem\"].logicalId":     `"HighDashmemLambdaCapacityProvider"`,
		"capacityProviders[\"default\"].logicalId":      `"DefaultLambdaCapacityProvider"`,
		"region.partition":                              `"aws-cn"`,
		"base.capacityProviders[\"low_mem\"].logicalId": `"LowUnderscorememLambdaCapacityProvider"`,
	} {
		got, err := input.Find(ast.MustParseRef("x." + ref)[1:])
		if err != nil {
			t.Errorf("%s: %v", ref, err)
			continue
		}
		if w := ast.MustParseTerm(want).Value; got.Compare(w) != 0 {
			t.Errorf("%s = %v, want %v", ref, got, w)
		}
	}
	if got, err := input.Find(ast.MustParseRef("x.base.region.partition")[1:]); err == nil {
		t.Errorf("base.region.partition = %v for an unknown region, want none", got)
	}
}

// TestStackFieldFacts: a rule that reads logicalId from the input is
// documented with the fact it comes from (TestDerivedFieldFacts: the
// region's partition too).
func TestStackFieldFacts(t *testing.T) {
	checkFactsOf(t, []ruleFacts{
		{"capacityprovider", "unused-capacity-provider", []string{"capacity_provider_config.logicalIdSuffix"}},
		{"capacityprovider", "invalid-capacity-provider-name", []string{"capacity_provider_config.logicalIdSuffix", "limits.capacityProviderName.characters", "limits.capacityProviderName.maxLength"}},
	})
}
