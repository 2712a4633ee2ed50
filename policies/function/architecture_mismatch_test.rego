package milint.rules.function["architecture-mismatch_test"]

import data.milint.rules.function["architecture-mismatch"] as rule

_cp_ref(target) := {
	"path": ["functions", "api", "capacityProvider"],
	"form": "string",
	"target": target,
	"provider": "pool",
}

_default_arch := {"value": "x86_64", "path": null, "inherited": false}

_own_arch(value) := {"value": value, "path": ["functions", "api", "architecture"], "inherited": false}

_cp_arch(value) := {"value": value, "path": ["provider", "capacityProviders", "pool", "instanceRequirements", "architectures", 0], "inherited": false}

_input(fn_arch, cp_arch, config, target) := {
	"functions": {"api": {
		"name": "api",
		"path": ["functions", "api"],
		"config": {},
		"managed": true,
		"capacityProvider": _cp_ref(target),
		"architecture": fn_arch,
	}},
	"capacityProviders": {"pool": {
		"name": "pool",
		"declared": true,
		"path": ["provider", "capacityProviders", "pool"],
		"config": config,
		"architecture": cp_arch,
	}},
}

_arm_config := {"instanceRequirements": {"architectures": ["arm64"]}}

test_default_function_on_arm_provider if {
	findings := rule.report with input as _input(_default_arch, _cp_arch("arm64"), _arm_config, "declared")
	findings == {{
		"rule": "MI110",
		"path": ["functions", "api", "capacityProvider"],
		"message": "function \"api\" runs on x86_64 (the default) but its capacity provider \"pool\" runs arm64; set the function's architecture to arm64, or the provider's instanceRequirements.architectures to [x86_64]",
		"related": [{
			"path": ["provider", "capacityProviders", "pool", "instanceRequirements", "architectures", 0],
			"message": "capacity provider \"pool\" gets arm64 here",
		}],
	}}
}

test_own_architecture_on_default_provider if {
	findings := rule.report with input as _input(_own_arch("arm64"), _default_arch, {}, "declared")
	some f in findings
	f.path == ["functions", "api", "architecture"]
	f.related == [{"path": ["provider", "capacityProviders", "pool"], "message": "capacity provider \"pool\" runs x86_64 by default"}]
}

test_inherited_function_architecture if {
	fn_arch := {"value": "arm64", "path": ["provider", "architecture"], "inherited": true}
	findings := rule.report with input as _input(fn_arch, _cp_arch("x86_64"), {"instanceRequirements": {"architectures": ["x86_64"]}}, "declared")
	some f in findings
	f.path == ["provider", "architecture"]
	f.related[0] == {"path": ["functions", "api", "capacityProvider"], "message": "function \"api\" inherits provider.architecture here"}
	count(f.related) == 2
}

test_auto_created_default_provider if {
	inp := json.patch(_input(_own_arch("arm64"), _default_arch, {}, "default"), [{"op": "replace", "path": "/capacityProviders/pool/path", "value": null}])
	findings := rule.report with input as inp
	some f in findings
	not f.related
}

test_matching_passes if {
	count(rule.report) == 0 with input as _input(_own_arch("arm64"), _cp_arch("arm64"), _arm_config, "declared")
	count(rule.report) == 0 with input as _input(_default_arch, _default_arch, {}, "declared")
}

test_external_references_pass if {
	count(rule.report) == 0 with input as _input(_own_arch("arm64"), _default_arch, {}, "arn")
	count(rule.report) == 0 with input as _input(_own_arch("arm64"), _default_arch, {}, "intrinsic")
}

test_unknown_values_pass if {
	count(rule.report) == 0 with input as _input(_own_arch({"$unknown": "${opt:arch}", "reason": "no value"}), _cp_arch("arm64"), _arm_config, "declared")
	count(rule.report) == 0 with input as _input(_default_arch, _cp_arch({"Ref": "Arch"}), _arm_config, "declared")
	count(rule.report) == 0 with input as _input(_own_arch("arm64"), _default_arch, {"instanceRequirements": {"$unknown": "${file(req.yml)}", "reason": "missing"}}, "declared")
	count(rule.report) == 0 with input as _input(_own_arch("arm64"), _default_arch, {"$unknown": "${file(cp.yml)}", "reason": "missing"}, "declared")
}

test_invalid_architectures_left_to_other_rules if {
	count(rule.report) == 0 with input as _input(_default_arch, _cp_arch("ARM64"), {"instanceRequirements": {"architectures": ["ARM64"]}}, "declared")
}

# A single architectures value is wrapped into a one-item list by the
# framework's schema: the provider runs it, though the loader's default
# says otherwise.
test_single_architectures_value_counts if {
	findings := rule.report with input as _input(_default_arch, _default_arch, {"instanceRequirements": {"architectures": "arm64"}}, "declared")
	findings == {{
		"rule": "MI110",
		"path": ["functions", "api", "capacityProvider"],
		"message": "function \"api\" runs on x86_64 (the default) but its capacity provider \"pool\" runs arm64; set the function's architecture to arm64, or the provider's instanceRequirements.architectures to [x86_64]",
		"related": [{
			"path": ["provider", "capacityProviders", "pool", "instanceRequirements", "architectures"],
			"message": "capacity provider \"pool\" gets arm64 here",
		}],
	}}
	count(rule.report) == 0 with input as _input(_own_arch("arm64"), _default_arch, {"instanceRequirements": {"architectures": "arm64"}}, "declared")
	count(rule.report) == 0 with input as _input(_default_arch, _default_arch, {"instanceRequirements": {"architectures": "ARM64"}}, "declared")
}

_inherited_arch(value) := {"value": value, "path": ["provider", "architecture"], "inherited": true}

test_function_architecture_in_upper_case if {
	findings := rule.report with input as _input(_own_arch("ARM64"), _cp_arch("arm64"), _arm_config, "declared")
	findings == {{
		"rule": "MI110",
		"path": ["functions", "api", "architecture"],
		"message": "function \"api\" runs on managed instances with architecture \"ARM64\"; the Lambda API accepts only arm64 or x86_64, in lower case: write arm64",
		"fix": {"path": ["functions", "api", "architecture"], "part": "value", "text": "arm64", "safe": true},
	}}
}

test_inherited_invalid_architecture_points_at_provider if {
	findings := rule.report with input as _input(_inherited_arch("X86_64"), _default_arch, {}, "arn")
	findings == {{
		"rule": "MI110",
		"path": ["provider", "architecture"],
		"message": "function \"api\" runs on managed instances with architecture \"X86_64\" (from provider.architecture); the Lambda API accepts only arm64 or x86_64, in lower case: write x86_64",
		"related": [{"path": ["functions", "api", "capacityProvider"], "message": "function \"api\" inherits provider.architecture here"}],
		"fix": {"path": ["provider", "architecture"], "part": "value", "text": "x86_64", "safe": true},
	}}
}

test_other_invalid_architectures if {
	some f in rule.report with input as _input(_own_arch("aarch64"), _cp_arch("arm64"), _arm_config, "intrinsic")
	endswith(f.message, "the Lambda API accepts only arm64 or x86_64, in lower case")
	count(rule.report) == 1 with input as _input(_own_arch(64), _cp_arch("arm64"), _arm_config, "arn")
}

test_unknown_architecture_passes if {
	count(rule.report) == 0 with input as _input(_own_arch({"$unknown": "${ssm:/arch}", "reason": "deploy time"}), _cp_arch("arm64"), _arm_config, "declared")
	count(rule.report) == 0 with input as _input(_own_arch({"Ref": "Arch"}), _cp_arch("arm64"), _arm_config, "declared")
}

test_invalid_architecture_on_plain_function_passes if {
	count(rule.report) == 0 with input as json.patch(
		_input(_own_arch("ARM64"), _cp_arch("arm64"), _arm_config, "declared"),
		[{"op": "replace", "path": "/functions/api/managed", "value": false}],
	)
}
