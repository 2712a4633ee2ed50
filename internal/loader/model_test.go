package loader_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/testjson"
)

// record returns input.<section>[name] in comparable form, without its
// config (compared separately where it matters).
func record(t *testing.T, doc *loader.Document, section, name string) map[string]any {
	t.Helper()
	all, ok := doc.Input[section].(map[string]any)
	if !ok {
		t.Fatalf("input.%s is %T", section, doc.Input[section])
	}
	r, ok := all[name].(map[string]any)
	if !ok {
		t.Fatalf("input.%s has no %q (it has %v)", section, name, keysOf(all))
	}
	out := testjson.Object(t, inputPlain(r))
	delete(out, "config")
	return out
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func eff(value any, path []any, inherited bool) map[string]any {
	var p any
	if path != nil {
		p = path
	}
	return map[string]any{"value": value, "path": p, "inherited": inherited}
}

func TestModelTopLevel(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opts loader.Options
		want map[string]any
	}{
		{"defaults", "service: svc\n", loader.Options{},
			map[string]any{"version": "1", "service": "svc", "stage": "dev",
				"region": map[string]any{"value": "us-east-1", "path": nil, "source": "default"}}},
		{"from the file", "service: {name: svc}\nprovider:\n  stage: prod\n  region: eu-west-1\n", loader.Options{},
			map[string]any{"version": "1", "service": "svc", "stage": "prod",
				"region": map[string]any{"value": "eu-west-1", "path": []any{"provider", "region"}, "source": "file"}}},
		{"flags win", "service: svc\nprovider:\n  stage: prod\n  region: eu-west-1\n", loader.Options{Stage: "qa", Region: "cn-north-1"},
			map[string]any{"version": "1", "service": "svc", "stage": "qa",
				"region": map[string]any{"value": "cn-north-1", "path": nil, "source": "flag"}}},
		{"variables", "service: svc-${opt:stage, 'x'}\nprovider:\n  stage: ${opt:stage, 'beta'}\n  region: ${opt:region, 'ap-south-1'}\n", loader.Options{},
			map[string]any{"version": "1", "service": "svc-x", "stage": "beta",
				"region": map[string]any{"value": "ap-south-1", "path": []any{"provider", "region"}, "source": "file"}}},
		{"unknown region", "provider:\n  region: ${env:REGION}\n", loader.Options{},
			map[string]any{"version": "1", "service": nil, "stage": "dev",
				"region": map[string]any{"value": unknown{Str: "${env:REGION}", Reason: "${env:REGION} is not read (pass --env to read environment variables)"},
					"path": []any{"provider", "region"}, "source": "file"}}},
		{"null region", "provider:\n  region: null\n", loader.Options{},
			map[string]any{"version": "1", "service": nil, "stage": "dev",
				"region": map[string]any{"value": "us-east-1", "path": nil, "source": "default"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := load(t, tt.src, tt.opts)
			got := map[string]any{}
			for _, k := range []string{"version", "service", "stage", "region"} {
				got[k] = inputPlain(doc.Input[k])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("input (-want +got):\n%s", diff)
			}
			if doc.Input["config"] != doc.Config {
				t.Errorf("input.config is not the resolved configuration")
			}
		})
	}
}

const modelProvidersSrc = `service: svc
provider:
  name: aws
  architecture: arm64
  vpc:
    subnetIds: [subnet-1]
    securityGroupIds: [sg-1]
  capacityProviders:
    own:
      vpc:
        subnetIds: [subnet-2]
      instanceRequirements:
        architectures: [x86_64]
    inherits:
      scaling: {mode: auto}
    empty:
    archUnknown:
      instanceRequirements: ${file(./ir.yml)}
    archsUnknown:
      instanceRequirements:
        architectures: ${ssm:/archs}
    fromFile: ${file(./cp.yml)}
    emptyArchs:
      instanceRequirements:
        architectures: []
    vpcVariable:
      vpc: ${self:custom.vpc}
custom:
  vpc: {subnetIds: [subnet-9], securityGroupIds: [sg-9]}
functions:
  a:
    handler: h
    capacityProvider: own
  b:
    handler: h
    capacityProvider:
      name: own
  c:
    handler: h
    capacityProvider: default
`

func TestModelCapacityProviders(t *testing.T) {
	doc := load(t, modelProvidersSrc, loader.Options{})
	cpPath := func(name string, rest ...any) []any {
		return append([]any{"provider", "capacityProviders", name}, rest...)
	}
	providerVPC := map[string]any{"subnetIds": []any{"subnet-1"}, "securityGroupIds": []any{"sg-1"}}
	inheritedVPC := eff(providerVPC, []any{"provider", "vpc"}, true)
	inheritedArch := eff("arm64", []any{"provider", "architecture"}, true)
	none := []any{}
	fileBlock := unknown{Str: "${file(./cp.yml)}", Reason: "${file(./cp.yml)} is not read here"}
	want := map[string]map[string]any{
		"own": {
			"name": "own", "declared": true, "empty": false, "path": cpPath("own"), "index": 0,
			"vpc":          eff(map[string]any{"subnetIds": []any{"subnet-2"}}, cpPath("own", "vpc"), false),
			"architecture": eff("x86_64", cpPath("own", "instanceRequirements", "architectures", 0), false),
			"functions":    []any{"a", "b"},
			"references":   []any{[]any{"functions", "a", "capacityProvider"}, []any{"functions", "b", "capacityProvider"}},
		},
		"inherits": {
			"name": "inherits", "declared": true, "empty": false, "path": cpPath("inherits"), "index": 1,
			"vpc": inheritedVPC, "architecture": inheritedArch, "functions": none, "references": none,
		},
		"empty": {
			"name": "empty", "declared": true, "empty": true, "path": cpPath("empty"), "index": 2,
			"vpc": inheritedVPC, "architecture": inheritedArch, "functions": none, "references": none,
		},
		"archUnknown": {
			"name": "archUnknown", "declared": true, "empty": false, "path": cpPath("archUnknown"), "index": 3,
			"vpc": inheritedVPC,
			"architecture": eff(unknown{Str: "${file(./ir.yml)}", Reason: "${file(./ir.yml)} is not read here"},
				cpPath("archUnknown", "instanceRequirements"), false),
			"functions": none, "references": none,
		},
		"archsUnknown": {
			"name": "archsUnknown", "declared": true, "empty": false, "path": cpPath("archsUnknown"), "index": 4,
			"vpc": inheritedVPC,
			"architecture": eff(unknown{Str: "${ssm:/archs}", Reason: "${ssm:/archs} is resolved only at deploy time"},
				cpPath("archsUnknown", "instanceRequirements", "architectures"), false),
			"functions": none, "references": none,
		},
		"fromFile": {
			"name": "fromFile", "declared": true, "empty": false, "path": cpPath("fromFile"), "index": 5,
			"vpc": eff(fileBlock, cpPath("fromFile"), false), "architecture": eff(fileBlock, cpPath("fromFile"), false),
			"functions": none, "references": none,
		},
		"emptyArchs": {
			"name": "emptyArchs", "declared": true, "empty": false, "path": cpPath("emptyArchs"), "index": 6,
			"vpc": inheritedVPC, "architecture": inheritedArch, "functions": none, "references": none,
		},
		"vpcVariable": {
			"name": "vpcVariable", "declared": true, "empty": false, "path": cpPath("vpcVariable"), "index": 7,
			"vpc":          eff(map[string]any{"subnetIds": []any{"subnet-9"}, "securityGroupIds": []any{"sg-9"}}, cpPath("vpcVariable", "vpc"), false),
			"architecture": inheritedArch, "functions": none, "references": none,
		},
		"default": {
			"name": "default", "declared": false, "empty": false, "path": nil, "index": nil,
			"vpc": inheritedVPC, "architecture": inheritedArch,
			"functions": []any{"c"}, "references": []any{[]any{"functions", "c", "capacityProvider"}},
		},
	}
	providers := testjson.Object(t, doc.Input, "capacityProviders")
	if len(providers) != len(want) {
		t.Errorf("input.capacityProviders has %v, want %d providers", keysOf(providers), len(want))
	}
	for name, w := range want {
		if diff := cmp.Diff(w, record(t, doc, "capacityProviders", name)); diff != "" {
			t.Errorf("capacityProviders[%q] (-want +got):\n%s", name, diff)
		}
	}

	configs := map[string]any{
		"empty":    map[string]any{},
		"default":  map[string]any{},
		"inherits": map[string]any{"scaling": map[string]any{"mode": "auto"}},
		"fromFile": fileBlock,
	}
	for name, w := range configs {
		got := inputPlain(testjson.Object(t, providers, name)["config"])
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("capacityProviders[%q].config (-want +got):\n%s", name, diff)
		}
	}
}

func TestModelDefaultProvider(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want map[string]any // input.capacityProviders.default, nil for none
	}{
		{"not referenced", "provider:\n  capacityProviders:\n    own: {}\nfunctions:\n  a:\n    capacityProvider: own\n", nil},
		{"referenced by name", "functions:\n  a:\n    capacityProvider:\n      name: default\n",
			map[string]any{
				"name": "default", "declared": false, "empty": false, "path": nil, "index": nil,
				"vpc": eff(nil, nil, false), "architecture": eff("x86_64", nil, false),
				"functions": []any{"a"}, "references": []any{[]any{"functions", "a", "capacityProvider"}},
			}},
		{"declared", "provider:\n  capacityProviders:\n    default:\n      vpc: {subnetIds: [s]}\nfunctions:\n  a:\n    capacityProvider: default\n",
			map[string]any{
				"name": "default", "declared": true, "empty": false, "path": []any{"provider", "capacityProviders", "default"}, "index": 0,
				"vpc":          eff(map[string]any{"subnetIds": []any{"s"}}, []any{"provider", "capacityProviders", "default", "vpc"}, false),
				"architecture": eff("x86_64", nil, false),
				"functions":    []any{"a"}, "references": []any{[]any{"functions", "a", "capacityProvider"}},
			}},
		{"letter case matters", "functions:\n  a:\n    capacityProvider: Default\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := load(t, tt.src, loader.Options{})
			providers := testjson.Object(t, doc.Input, "capacityProviders")
			if tt.want == nil {
				if _, ok := providers["default"]; ok {
					t.Errorf("input.capacityProviders has a default provider, want none")
				}
				return
			}
			if diff := cmp.Diff(tt.want, record(t, doc, "capacityProviders", "default")); diff != "" {
				t.Errorf("capacityProviders.default (-want +got):\n%s", diff)
			}
		})
	}
}

func TestModelFunctionSettings(t *testing.T) {
	fnPath := func(name string, rest ...any) []any { return append([]any{"functions", name}, rest...) }
	tests := []struct {
		name     string
		provider string // the provider section's keys, indented
		function string // the function's keys, indented
		want     map[string]any
	}{
		{"managed defaults", "", "    capacityProvider: own\n",
			map[string]any{"managed": true, "memorySize": eff(2048, nil, false), "runtime": eff(nil, nil, false),
				"architecture": eff("x86_64", nil, false), "versioned": eff(true, nil, false), "memoryPerVCpu": eff(2, nil, false)}},
		{"unmanaged defaults", "", "    handler: h\n",
			map[string]any{"managed": false, "memorySize": eff(1024, nil, false), "runtime": eff(nil, nil, false),
				"architecture": eff("x86_64", nil, false), "versioned": eff(true, nil, false), "memoryPerVCpu": eff(2, nil, false)}},
		{"null capacityProvider", "", "    capacityProvider: null\n",
			map[string]any{"managed": false, "memorySize": eff(1024, nil, false), "runtime": eff(nil, nil, false),
				"architecture": eff("x86_64", nil, false), "versioned": eff(true, nil, false), "memoryPerVCpu": eff(2, nil, false)}},
		{"inherited from provider", "  memorySize: 3072\n  runtime: python3.13\n  architecture: arm64\n  versionFunctions: false\n",
			"    capacityProvider: own\n",
			map[string]any{"managed": true,
				"memorySize":    eff(num("3072"), []any{"provider", "memorySize"}, true),
				"runtime":       eff("python3.13", []any{"provider", "runtime"}, true),
				"architecture":  eff("arm64", []any{"provider", "architecture"}, true),
				"versioned":     eff(false, []any{"provider", "versionFunctions"}, true),
				"memoryPerVCpu": eff(2, nil, false)}},
		{"the function's own win", "  memorySize: 3072\n  runtime: python3.13\n  architecture: arm64\n  versionFunctions: false\n",
			"    memorySize: 4096\n    runtime: nodejs22.x\n    architecture: x86_64\n    versionFunction: true\n    capacityProvider:\n      name: own\n      memoryPerVCpu: 4\n",
			map[string]any{"managed": true,
				"memorySize":    eff(num("4096"), fnPath("f", "memorySize"), false),
				"runtime":       eff("nodejs22.x", fnPath("f", "runtime"), false),
				"architecture":  eff("x86_64", fnPath("f", "architecture"), false),
				"versioned":     eff(true, fnPath("f", "versionFunction"), false),
				"memoryPerVCpu": eff(num("4"), fnPath("f", "capacityProvider", "memoryPerVCpu"), false)}},
		{"versionFunction off", "", "    versionFunction: false\n    capacityProvider: own\n",
			map[string]any{"managed": true, "memorySize": eff(2048, nil, false), "runtime": eff(nil, nil, false),
				"architecture": eff("x86_64", nil, false), "versioned": eff(false, fnPath("f", "versionFunction"), false),
				"memoryPerVCpu": eff(2, nil, false)}},
		{"null settings fall through", "  memorySize: 3072\n", "    memorySize: null\n    capacityProvider:\n      name: own\n      memoryPerVCpu: null\n",
			map[string]any{"managed": true, "memorySize": eff(num("3072"), []any{"provider", "memorySize"}, true), "runtime": eff(nil, nil, false),
				"architecture": eff("x86_64", nil, false), "versioned": eff(true, nil, false), "memoryPerVCpu": eff(2, nil, false)}},
		{"unknown settings", "  memorySize: ${ssm:/mem}\n", "    capacityProvider: own\n",
			map[string]any{"managed": true,
				"memorySize": eff(unknown{Str: "${ssm:/mem}", Reason: "${ssm:/mem} is resolved only at deploy time"}, []any{"provider", "memorySize"}, true),
				"runtime":    eff(nil, nil, false), "architecture": eff("x86_64", nil, false), "versioned": eff(true, nil, false),
				"memoryPerVCpu": eff(2, nil, false)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "provider:\n" + tt.provider + "  capacityProviders:\n    own: {}\nfunctions:\n  f:\n" + tt.function
			doc := load(t, src, loader.Options{})
			got := record(t, doc, "functions", "f")
			for _, k := range []string{"name", "path", "capacityProvider"} {
				delete(got, k)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("functions.f (-want +got):\n%s", diff)
			}
		})
	}
}

func TestModelCapacityProviderReference(t *testing.T) {
	cpKey := []any{"functions", "f", "capacityProvider"}
	nameKey := []any{"functions", "f", "capacityProvider", "name"}
	const arn = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared"
	ssm := unknown{Str: "${ssm:/cp}", Reason: "${ssm:/cp} is resolved only at deploy time"}
	ref := func(form string, refValue any, refPath []any, target string, provider any) map[string]any {
		var rp any
		if refPath != nil {
			rp = refPath
		}
		return map[string]any{"path": cpKey, "form": form, "ref": refValue, "refPath": rp, "target": target, "provider": provider}
	}
	tests := []struct {
		name  string
		value string
		want  map[string]any
	}{
		{"declared name", "own", ref("string", "own", cpKey, "declared", "own")},
		{"declared name in an object", "{name: own, memoryPerVCpu: 8}", ref("object", "own", nameKey, "declared", "own")},
		{"declared empty provider", "nul", ref("string", "nul", cpKey, "declared", "nul")},
		{"default", "default", ref("string", "default", cpKey, "default", "default")},
		{"default in an object", "{name: default}", ref("object", "default", nameKey, "default", "default")},
		{"ARN", arn, ref("string", arn, cpKey, "arn", nil)},
		{"ARN in an object", "{name: '" + arn + "'}", ref("object", arn, nameKey, "arn", nil)},
		{"GetAtt", "!GetAtt Shared.Arn", ref("intrinsic", map[string]any{"Fn::GetAtt": []any{"Shared", "Arn"}}, cpKey, "intrinsic", nil)},
		{"Ref", "!Ref own", ref("intrinsic", map[string]any{"Ref": "own"}, cpKey, "intrinsic", nil)},
		{"ImportValue in an object", "{name: !ImportValue cp-arn}", ref("object", map[string]any{"Fn::ImportValue": "cp-arn"}, nameKey, "intrinsic", nil)},
		{"unknown", "${ssm:/cp}", ref("unknown", ssm, cpKey, "unknown", nil)},
		{"unknown name", "{name: '${ssm:/cp}'}", ref("object", ssm, nameKey, "unknown", nil)},
		{"variable resolved", "${self:custom.cp}", ref("string", "own", cpKey, "declared", "own")},
		{"undeclared", "nope", ref("string", "nope", cpKey, "undeclared", nil)},
		{"letter case", "Own", ref("string", "Own", cpKey, "undeclared", nil)},
		{"object without a name", "{memoryPerVCpu: 2}", ref("object", nil, nil, "missing", nil)},
		{"empty name", "{name: ''}", ref("object", "", nameKey, "missing", nil)},
		{"null name", "{name: null}", ref("object", nil, nameKey, "missing", nil)},
		{"empty string", "''", ref("string", "", cpKey, "missing", nil)},
		{"number", "5", ref("invalid", num("5"), cpKey, "undeclared", nil)},
		{"list", "[own]", ref("invalid", []any{"own"}, cpKey, "undeclared", nil)},
		{"bool", "true", ref("invalid", true, cpKey, "undeclared", nil)},
		{"number name", "{name: 5}", ref("object", num("5"), nameKey, "undeclared", nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "custom:\n  cp: own\nprovider:\n  capacityProviders:\n    own: {}\n    nul:\nfunctions:\n  f:\n    capacityProvider: " + tt.value + "\n"
			doc := load(t, src, loader.Options{})
			got := record(t, doc, "functions", "f")
			if diff := cmp.Diff(tt.want, got["capacityProvider"]); diff != "" {
				t.Errorf("capacityProvider (-want +got):\n%s", diff)
			}
			if got["managed"] != true {
				t.Errorf("managed = %v, want true", got["managed"])
			}
		})
	}
}

func TestModelFunctionList(t *testing.T) {
	src := `provider:
  capacityProviders:
    own: {}
functions:
  - a:
      handler: h
      capacityProvider: own
    b:
      handler: h
  - ${file(./more.yml)}
  - c:
      memorySize: 4096
      capacityProvider: default
`
	doc := load(t, src, loader.Options{})
	paths := map[string]any{}
	for _, name := range []string{"a", "b", "c"} {
		paths[name] = record(t, doc, "functions", name)["path"]
	}
	want := map[string]any{
		"a": []any{"functions", 0, "a"},
		"b": []any{"functions", 0, "b"},
		"c": []any{"functions", 2, "c"},
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("function paths (-want +got):\n%s", diff)
	}
	c := record(t, doc, "functions", "c")
	if diff := cmp.Diff(eff(num("4096"), []any{"functions", 2, "c", "memorySize"}, false), c["memorySize"]); diff != "" {
		t.Errorf("c.memorySize (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{[]any{"functions", 0, "a", "capacityProvider"}}, record(t, doc, "capacityProviders", "own")["references"]); diff != "" {
		t.Errorf("own.references (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{[]any{"functions", 2, "c", "capacityProvider"}}, record(t, doc, "capacityProviders", "default")["references"]); diff != "" {
		t.Errorf("default.references (-want +got):\n%s", diff)
	}
	// The paths locate.
	loc, ok := doc.Locate(loader.Path{"functions", 2, "c", "capacityProvider"})
	if diff := cmp.Diff(loader.Location{Range: rng(13, 7, 13, 32)}, loc); !ok || diff != "" {
		t.Errorf("Locate ok = %v (-want +got):\n%s", ok, diff)
	}
}

func TestModelMalformedSections(t *testing.T) {
	for _, src := range []string{
		"provider: aws\nfunctions: x\n",
		"provider:\n  capacityProviders: [a, b]\nfunctions:\n  - x\n  - [y]\n",
		"provider: ${file(./p.yml)}\nfunctions: ${file(./f.yml)}\n",
		"provider: !Ref X\nfunctions: !If [c, a, b]\n",
		"functions:\n  f: null\n  g: 5\n  h:\n    capacityProvider: own\n",
	} {
		doc := load(t, src, loader.Options{})
		if doc.Input["capacityProviders"] == nil || doc.Input["functions"] == nil {
			t.Errorf("%q: input lacks capacityProviders or functions", src)
		}
	}
}
