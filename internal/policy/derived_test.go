package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// TestUnknownKeys checks the unknown keys the input lists, from a loaded
// document and the embedded schema, as the rules read them.
func TestUnknownKeys(t *testing.T) {
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	d := newDerived(facts)
	tests := []struct {
		name, yaml string
		// provider and function are the unknownKeys of capacity provider
		// pool and of function api's capacityProvider, in Rego syntax.
		provider, function string
	}{
		{
			name: "every known key, at every level",
			yaml: `
provider:
  capacityProviders:
    pool:
      permissions: {operatorRole: arn:aws:iam::123456789012:role/x}
      vpc: {subnetIds: [subnet-0a1], securityGroupIds: [sg-0a1]}
      instanceRequirements: {allowedInstanceTypes: [m7i.large], architectures: [x86_64]}
      scaling: {mode: manual, maxVCpuCount: 64, policies: [{predefinedMetricType: LambdaCapacityProviderAverageCPUUtilization, targetValue: 50}]}
      kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/x
functions:
  api:
    capacityProvider: {name: pool, maxConcurrency: 10, memoryPerVCpu: 4, scaling: {min: 1, max: 5}}
`,
			provider: `[]`,
			function: `[]`,
		},
		{
			name: "unknown keys at every level, ipv6 included (MI017 leaves it to MI015)",
			yaml: `
provider:
  capacityProviders:
    pool:
      extra: 1
      permissions: {role: x}
      vpc: {subnetIds: [subnet-0a1], ipv6AllowedForDualStack: true}
      scaling: {policies: [{targetValue: 50}, {target: 50}]}
functions:
  api:
    capacityProvider: {name: pool, maxConcurency: 10, scaling: {minimum: 1}}
`,
			provider: `[[[], "extra"], [["permissions"], "role"], [["scaling", "policies", 1], "target"], [["vpc"], "ipv6AllowedForDualStack"]]`,
			function: `[[[], "maxConcurency"], [["scaling"], "minimum"]]`,
		},
		{
			name: "unknown and intrinsic blocks not judged, nor what an unknown key holds",
			yaml: `
provider:
  capacityProviders:
    pool:
      vpc: {Fn::If: [UseVpc, {subnetIds: [subnet-0a1], other: 1}, {Ref: AWS::NoValue}]}
      scaling: ${ssm:/scaling}
      scalling: {mode: auto, whatever: 1}
functions:
  api:
    capacityProvider: {Ref: Pool}
`,
			provider: `[[[], "scalling"]]`,
			function: `[]`,
		},
		{
			name: "string form",
			yaml: `
provider:
  capacityProviders:
    pool: {}
functions:
  api:
    capacityProvider: pool
`,
			provider: `[]`,
			function: `[]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: []byte(tt.yaml)}, loader.Options{}, loader.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			input := buildInput(doc)
			d.addTo(input)
			for _, c := range []struct{ ref, want string }{
				{`capacityProviders.pool.unknownKeys`, tt.provider},
				{`functions.api.capacityProvider.unknownKeys`, tt.function},
			} {
				got, err := input.Find(ast.MustParseRef("x." + c.ref)[1:])
				if err != nil {
					t.Fatalf("%s: %v", c.ref, err)
				}
				if want := ast.MustParseTerm(c.want).Value; got.Compare(want) != 0 {
					t.Errorf("%s = %v, want %v", c.ref, got, want)
				}
			}
		})
	}
}

// TestUnknownKeysInBase checks that diff mode's input.base has the derived
// fields too.
func TestUnknownKeysInBase(t *testing.T) {
	input := derivedInput(t, "provider:\n  capacityProviders:\n    pool: {}\n", "provider:\n  capacityProviders:\n    pool: {extra: 1}\n")
	got, err := input.Find(ast.MustParseRef("x.base.capacityProviders.pool.unknownKeys")[1:])
	if err != nil {
		t.Fatal(err)
	}
	if want := ast.MustParseTerm(`[[[], "extra"]]`).Value; got.Compare(want) != 0 {
		t.Errorf("base unknownKeys = %v, want %v", got, want)
	}
}

// derivedInput is the input of a document with a base (diff mode), both
// given as YAML, with the fields derived from the embedded facts.
func derivedInput(t *testing.T, yaml, baseYAML string) ast.Value {
	t.Helper()
	facts, err := DefaultFacts()
	if err != nil {
		t.Fatal(err)
	}
	load := func(yaml string) *loader.Document {
		doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: []byte(yaml)}, loader.Options{}, loader.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	doc := load(yaml)
	doc.Input["base"] = load(baseYAML).Input
	input := buildInput(doc)
	newDerived(facts).addTo(input)
	return input
}
