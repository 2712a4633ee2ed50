package milint.rules.function["unknown-capacity-provider_test"]

import data.milint.rules.function["unknown-capacity-provider"] as rule

_cp_path := ["functions", "api", "capacityProvider"]

_providers := {
	"pool": {"name": "pool", "declared": true, "empty": false, "path": ["provider", "capacityProviders", "pool"]},
	"my-pool": {"name": "my-pool", "declared": true, "empty": false, "path": ["provider", "capacityProviders", "my-pool"]},
	"bare": {"name": "bare", "declared": true, "empty": true, "path": ["provider", "capacityProviders", "bare"]},
}

# A string-form reference, classified as the loader would.
_input(ref, target) := {
	"config": {"resources": {"Resources": {
		"SharedPool": {"Type": "AWS::Lambda::CapacityProvider"},
		"Queue": {"Type": "AWS::SQS::Queue"},
	}}},
	"capacityProviders": _providers,
	"functions": {"api": {
		"name": "api",
		"path": ["functions", "api"],
		"managed": true,
		"capacityProvider": {
			"path": _cp_path,
			"form": _form(ref),
			"ref": ref,
			"refPath": _cp_path,
			"target": target,
			"provider": _provider(ref, target),
		},
	}},
}

_form(ref) := "string" if is_string(ref)

_form(ref) := "intrinsic" if is_object(ref)

_form(ref) := "invalid" if is_number(ref)

_provider(ref, target) := ref if target in {"declared", "default"}

_provider(_, target) := null if not target in {"declared", "default"}

test_undeclared if {
	findings := rule.report with input as _input("batch", "undeclared")
	findings == {{
		"rule": "MI104",
		"path": _cp_path,
		"message": "function \"api\" uses capacity provider \"batch\", which is not declared under provider.capacityProviders; declare it, or use default or a capacity provider ARN",
	}}
}

test_letter_case_suggests if {
	findings := rule.report with input as _input("Pool", "undeclared")
	some f in findings
	contains(f.message, "(did you mean \"pool\"?)")
}

test_typo_suggests_the_nearest_declared if {
	findings := rule.report with input as _input("my-pol", "undeclared")
	findings == {{
		"rule": "MI104",
		"path": _cp_path,
		"message": "function \"api\" uses capacity provider \"my-pol\", which is not declared under provider.capacityProviders (did you mean \"my-pool\"?); declare it, or use default or a capacity provider ARN",
	}}
}

test_nothing_near_suggests_nothing if {
	findings := rule.report with input as _input("batch-jobs", "undeclared")
	some f in findings
	not contains(f.message, "did you mean")
}

test_not_a_string if {
	findings := rule.report with input as _input(5, "undeclared")
	some f in findings
	contains(f.message, "a capacityProvider that is a number")
}

test_object_form_points_at_name if {
	inp := json.patch(_input("shared", "undeclared"), [
		{"op": "replace", "path": "/functions/api/capacityProvider/form", "value": "object"},
		{"op": "replace", "path": "/functions/api/capacityProvider/refPath", "value": ["functions", "api", "capacityProvider", "name"]},
	])
	findings := rule.report with input as inp
	{f.path | some f in findings} == {["functions", "api", "capacityProvider", "name"]}
}

test_empty_declared_provider if {
	findings := rule.report with input as _input("bare", "declared")
	some f in findings
	contains(f.message, "declared with an empty (null) value")
}

test_declared_and_default_pass if {
	count(rule.report) == 0 with input as _input("pool", "declared")
	count(rule.report) == 0 with input as _input("default", "default")
}

test_bad_arns if {
	count(rule.report) == 1 with input as _input("arn:aws:ec2:us-east-1:123456789012:capacity-provider:x", "arn")
	count(rule.report) == 1 with input as _input("arn:aws:lambda:us-east-1:123456789012:function:x", "arn")
	count(rule.report) == 1 with input as _input("arn:aws:lambda:us-east-1:12345678901:capacity-provider:x", "arn")
	count(rule.report) == 1 with input as _input("arn:aws:lambda::123456789012:capacity-provider:x", "arn")
	count(rule.report) == 1 with input as _input("arn:aws:lambda:us-east-1:123456789012:capacity-provider:", "arn")
	count(rule.report) == 1 with input as _input("arn:aws:lambda:eu-west-12:123456789012:capacity-provider:x", "arn")
	count(rule.report) == 1 with input as _input("arn:aws:lambda:eu-west:123456789012:capacity-provider:x", "arn")
	count(rule.report) == 1 with input as _input("arn:aws:lambda:eu-west-1:123456789012:capacity-provider:a.b", "arn")
}

test_arn_regions_of_the_api_pattern if {
	count(rule.report) == 0 with input as _input("arn:aws-eusc:lambda:eusc-de-east-1:123456789012:capacity-provider:x", "arn")
	count(rule.report) == 0 with input as _input("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:capacity-provider:x", "arn")
	count(rule.report) == 0 with input as _input("arn:aws-iso-b:lambda:us-isob-east-1:123456789012:capacity-provider:x", "arn")
}

test_arn_pattern_from_facts if {
	count(rule.report) == 0 with input as _input("arn:aws:lambda:eu-west-12:123456789012:capacity-provider:x", "arn")
		with data.milint.facts.capacity_provider_config.arn.pattern as `^arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:capacity-provider:[a-z]+$`
}

_arn_prefix := "arn:aws:lambda:us-east-1:123456789012:capacity-provider:"

_arn_of_length(n) := concat("", array.concat([_arn_prefix], ["a" | some _ in numbers.range(1, n - count(_arn_prefix))]))

test_arn_length if {
	count(_arn_of_length(140)) == 140
	count(rule.report) == 0 with input as _input(_arn_of_length(140), "arn")
	findings := rule.report with input as _input(_arn_of_length(141), "arn")
	some f in findings
	contains(f.message, "141 characters; it may be at most 140")
}

test_good_arns_pass if {
	count(rule.report) == 0 with input as _input("arn:aws:lambda:us-east-1:123456789012:capacity-provider:external-provider", "arn")
	count(rule.report) == 0 with input as _input("arn:aws-cn:lambda:cn-north-1:123456789012:capacity-provider:shared_pool", "arn")
	count(rule.report) == 0 with input as _input("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:capacity-provider:P", "arn")
}

test_ref_of_declared_provider if {
	findings := rule.report with input as _input({"Ref": "PoolLambdaCapacityProvider"}, "intrinsic")
	findings == {{
		"rule": "MI104",
		"path": _cp_path,
		"message": "function \"api\" uses !Ref PoolLambdaCapacityProvider, which yields the capacity provider's name, not its ARN; use !GetAtt PoolLambdaCapacityProvider.Arn",
	}}
	count(rule.report) == 1 with input as _input({"Ref": "MyDashpoolLambdaCapacityProvider"}, "intrinsic")
}

test_ref_of_resource if {
	count(rule.report) == 1 with input as _input({"Ref": "SharedPool"}, "intrinsic")
}

# Ref of anything else (a Parameter holding an ARN) is unknown, not wrong.
test_other_intrinsics_pass if {
	count(rule.report) == 0 with input as _input({"Ref": "CapacityProviderArn"}, "intrinsic")
	count(rule.report) == 0 with input as _input({"Ref": "Queue"}, "intrinsic")
	count(rule.report) == 0 with input as _input({"Ref": "poolLambdaCapacityProvider"}, "intrinsic")
	count(rule.report) == 0 with input as _input({"Fn::GetAtt": ["PoolLambdaCapacityProvider", "Arn"]}, "intrinsic")
}

test_unknown_passes if {
	count(rule.report) == 0 with input as _input({"$unknown": "${opt:cp}", "reason": "no value"}, "unknown")
}
