package milint.rules.capacityprovider["invalid-scaling-policy_test"]

import data.milint.rules.capacityprovider["invalid-scaling-policy"] as rule

_provider(policies) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": ["provider", "capacityProviders", "pool"],
	"config": {"scaling": {"mode": "manual", "policies": policies}},
}}}

_metric := "LambdaCapacityProviderAverageCPUUtilization"

_policy(target) := {"predefinedMetricType": _metric, "targetValue": target}

_policies_path := ["provider", "capacityProviders", "pool", "scaling", "policies"]

test_target_out_of_range if {
	findings := rule.report with input as _provider([_policy(70), _policy(-1)])
	findings == {{
		"rule": "MI007",
		"path": array.concat(_policies_path, [1, "targetValue"]),
		"message": "targetValue is -1; it must be a number from 0 to 100 (percent CPU utilization)",
	}}
	count(rule.report) == 1 with input as _provider([_policy(100.5)])
	count(rule.report) == 1 with input as _provider([_policy("70%")])
	count(rule.report) == 1 with input as _provider([_policy("150")])
	count(rule.report) == 1 with input as _provider([_policy("")])
	count(rule.report) == 1 with input as _provider([_policy(null)])
}

test_target_bounds_pass if {
	count(rule.report) == 0 with input as _provider([_policy(0), _policy(100), _policy(70.5)])
}

# The framework's schema coerces a quoted number (type number).
test_quoted_target_passes if {
	count(rule.report) == 0 with input as _provider([_policy("70"), _policy("70.5"), _policy(" 100 ")])
}

test_quoted_target_message_shows_the_written_value if {
	findings := rule.report with input as _provider([_policy("101")])
	findings == {{
		"rule": "MI007",
		"path": array.concat(_policies_path, [0, "targetValue"]),
		"message": `targetValue is "101"; it must be a number from 0 to 100 (percent CPU utilization)`,
	}}
}

test_wrong_metric_type if {
	findings := rule.report with input as _provider([{"predefinedMetricType": "CPUUtilization", "targetValue": 70}])
	findings == {{
		"rule": "MI007",
		"path": array.concat(_policies_path, [0, "predefinedMetricType"]),
		"message": "predefinedMetricType is \"CPUUtilization\"; it must be \"LambdaCapacityProviderAverageCPUUtilization\"",
	}}
	count(rule.report) == 1 with input as _provider([{"predefinedMetricType": lower(_metric), "targetValue": 70}])
}

test_missing_key_points_at_item if {
	findings := rule.report with input as _provider([{"targetValue": 70}])
	findings == {{
		"rule": "MI007",
		"path": array.concat(_policies_path, [0]),
		"message": "scaling.policies[0] has no predefinedMetricType; every policy needs predefinedMetricType and targetValue",
	}}
	count(rule.report) == 1 with input as _provider([{}])
	count(rule.report) == 1 with input as _provider(["cpu"])
}

test_too_many if {
	eleven := [_policy(n) | some n in numbers.range(1, 11)]
	findings := rule.report with input as _provider(eleven)
	findings == {{
		"rule": "MI007",
		"path": _policies_path,
		"message": "capacity provider \"pool\" has 11 scaling policies; at most 10 are allowed",
	}}
	ten := [_policy(n) | some n in numbers.range(1, 10)]
	count(rule.report) == 0 with input as _provider(ten)
}

test_not_a_list if {
	count(rule.report) == 1 with input as _provider(_policy(70))
	count(rule.report) == 0 with input as _provider(null)
	count(rule.report) == 0 with input as _provider([])
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _provider({"$unknown": "${ssm:/p}", "reason": "deploy time"})
	count(rule.report) == 0 with input as _provider({"Fn::Split": [",", {"Ref": "Policies"}]})
	count(rule.report) == 0 with input as _provider([
		_policy({"$unknown": "${ssm:/t}", "reason": "deploy time"}),
		_policy({"Ref": "TargetCpu"}),
		{"predefinedMetricType": {"$unknown": "${opt:metric}", "reason": "no value"}, "targetValue": 70},
		{"Fn::If": ["IsProd", _policy(60), {"Ref": "AWS::NoValue"}]},
		{"$unknown": "${ssm:/policy}", "reason": "deploy time"},
	])
}
