package milint.rules.capacityprovider["manual-scaling-without-policies_test"]

import data.milint.rules.capacityprovider["manual-scaling-without-policies"] as rule

_provider(scaling) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": ["provider", "capacityProviders", "pool"],
	"config": {"scaling": scaling},
}}}

_policy := {"predefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "targetValue": 70}

test_manual_without_policies if {
	findings := rule.report with input as _provider({"mode": "manual"})
	findings == {{
		"rule": "MI004",
		"path": ["provider", "capacityProviders", "pool", "scaling", "mode"],
		"message": "capacity provider \"pool\" sets scaling.mode \"manual\" but has no scaling.policies; manual mode needs at least one target tracking policy under scaling.policies, or set mode to auto",
	}}
}

test_letter_case if {
	count(rule.report) == 1 with input as _provider({"mode": "Manual"})
	count(rule.report) == 1 with input as _provider({"mode": "MANUAL"})
}

test_empty_or_null_policies_relate_the_key if {
	some f in rule.report with input as _provider({"mode": "manual", "policies": []})
	f.related == [{"path": ["provider", "capacityProviders", "pool", "scaling", "policies"], "message": "scaling.policies is empty here"}]
	count(rule.report) == 1 with input as _provider({"mode": "manual", "policies": null})
}

test_with_policies_passes if {
	count(rule.report) == 0 with input as _provider({"mode": "manual", "policies": [_policy]})
}

test_unknown_or_intrinsic_policies_count_as_present if {
	count(rule.report) == 0 with input as _provider({"mode": "manual", "policies": {"$unknown": "${ssm:/p}", "reason": "deploy time"}})
	count(rule.report) == 0 with input as _provider({"mode": "manual", "policies": {"Fn::If": ["IsProd", [_policy], {"Ref": "AWS::NoValue"}]}})
}

test_other_modes_pass if {
	count(rule.report) == 0 with input as _provider({"mode": "auto"})
	count(rule.report) == 0 with input as _provider({"mode": {"$unknown": "${opt:mode}", "reason": "no value"}})
	count(rule.report) == 0 with input as _provider({"mode": {"Ref": "Mode"}})
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": 12})
}
