package milint.rules.capacityprovider["unused-capacity-provider_test"]

import data.milint.lib.stack
import data.milint.rules.capacityprovider["unused-capacity-provider"] as rule

_cp(name, fns) := {
	"name": name,
	"declared": true,
	"path": ["provider", "capacityProviders", name],
	"config": {},
	"functions": fns,
	"logicalId": stack.logical_id(name),
}

_fn(name, cp) := {
	"name": name,
	"path": ["functions", name],
	"config": {"capacityProvider": cp.ref},
	"managed": true,
	"capacityProvider": cp,
}

_input(cps, fns) := {
	"service": "shop",
	"stage": "dev",
	"config": {"functions": {name: fn.config | some name, fn in fns}},
	"capacityProviders": cps,
	"functions": fns,
}

test_unused_exact_finding if {
	findings := rule.report with input as _input(
		{"pool": _cp("pool", ["api"]), "spare": _cp("spare", [])},
		{"api": _fn("api", {"form": "string", "ref": "pool", "target": "declared", "provider": "pool"})},
	)
	findings == {{
		"rule": "MI018",
		"path": ["provider", "capacityProviders", "spare"],
		"message": "capacity provider \"spare\" is not used by any function; the framework still creates it, with its operator role and VPC: reference it from a function's capacityProvider, or remove it",
	}}
}

test_no_functions_at_all if {
	count(rule.report) == 1 with input as {"service": "shop", "stage": "dev", "config": {}, "capacityProviders": {"pool": _cp("pool", [])}, "functions": {}}
}

test_used_passes if {
	count(rule.report) == 0 with input as _input(
		{"pool": _cp("pool", ["api"])},
		{"api": _fn("api", {"form": "object", "ref": "pool", "target": "declared", "provider": "pool"})},
	)
}

test_auto_created_default_not_judged if {
	count(rule.report) == 0 with input as _input(
		{"default": {"name": "default", "declared": false, "path": null, "config": {}, "functions": ["api"]}},
		{"api": _fn("api", {"form": "string", "ref": "default", "target": "default", "provider": "default"})},
	)
}

test_getatt_reference_counts if {
	count(rule.report) == 0 with input as _input(
		{"my-pool": _cp("my-pool", [])},
		{"api": _fn("api", {"form": "intrinsic", "ref": {"Fn::GetAtt": ["MyDashpoolLambdaCapacityProvider", "Arn"]}, "target": "intrinsic"})},
	)
}

test_getatt_of_another_resource_does_not_count if {
	count(rule.report) == 1 with input as _input(
		{"pool": _cp("pool", [])},
		{"api": _fn("api", {"form": "intrinsic", "ref": {"Fn::ImportValue": "shared-pool-arn"}, "target": "intrinsic"})},
	)
}

test_own_arn_counts if {
	count(rule.report) == 0 with input as _input(
		{"pool": _cp("pool", [])},
		{"api": _fn("api", {"form": "string", "ref": "arn:aws:lambda:us-east-1:123456789012:capacity-provider:shop-dev-pool", "target": "arn"})},
	)
}

test_unknown_reference_suppresses if {
	count(rule.report) == 0 with input as _input(
		{"pool": _cp("pool", [])},
		{"api": _fn("api", {"form": "unknown", "ref": {"$unknown": "${opt:cp}", "reason": "no value"}, "target": "unknown"})},
	)
}

test_unknown_function_block_suppresses if {
	count(rule.report) == 0 with input as {
		"service": "shop",
		"stage": "dev",
		"config": {"functions": {"api": {"$unknown": "${file(api.yml)}", "reason": "missing file"}}},
		"capacityProviders": {"pool": _cp("pool", [])},
		"functions": {"api": {"name": "api", "path": ["functions", "api"], "config": {}, "managed": false, "capacityProvider": null}},
	}
}

test_resources_reference_counts if {
	count(rule.report) == 0 with input as {
		"service": "shop",
		"stage": "dev",
		"config": {"resources": {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": {"Fn::GetAtt": ["PoolLambdaCapacityProvider", "Arn"]}}}}}}}},
		"capacityProviders": {"pool": _cp("pool", [])},
		"functions": {},
	}
}
