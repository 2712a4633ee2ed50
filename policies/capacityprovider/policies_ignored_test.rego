package milint.rules.capacityprovider["policies-ignored_test"]

import data.milint.rules.capacityprovider["policies-ignored"] as rule

_provider(scaling) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": ["provider", "capacityProviders", "pool"],
	"config": {"scaling": scaling},
}}}

_policy := {"predefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "targetValue": 70}

test_mode_unset if {
	findings := rule.report with input as _provider({"policies": [_policy]})
	findings == {{
		"rule": "MI005",
		"path": ["provider", "capacityProviders", "pool", "scaling", "policies"],
		"message": "capacity provider \"pool\" sets scaling.policies but scaling.mode is not set (auto is the default); target tracking policies only drive manual mode: set scaling.mode to manual, or remove scaling.policies",
	}}
}

test_null_mode_is_unset if {
	count(rule.report) == 1 with input as _provider({"mode": null, "policies": [_policy]})
}

test_explicit_auto_is_an_error_relating_mode if {
	findings := rule.report with input as _provider({"mode": "AUTO", "policies": [_policy]})
	findings == {{
		"rule": "MI005",
		"level": "error",
		"path": ["provider", "capacityProviders", "pool", "scaling", "policies"],
		"message": "capacity provider \"pool\" sets scaling.policies with scaling.mode \"AUTO\"; AWS refuses a scaling policy when the scaling mode is Auto, so the deploy fails: set scaling.mode to manual, or remove scaling.policies",
		"related": [{"path": ["provider", "capacityProviders", "pool", "scaling", "mode"], "message": "the scaling mode is set here"}],
	}}
	some f in rule.report with input as _provider({"mode": "Auto", "policies": [_policy]})
	f.level == "error"
	some g in rule.report with input as _provider({"mode": "auto", "policies": [_policy]})
	g.level == "error"
}

test_unset_mode_stays_at_the_rule_level if {
	some f in rule.report with input as _provider({"policies": [_policy]})
	not f.level
	some g in rule.report with input as _provider({"mode": null, "policies": [_policy]})
	not g.level
}

test_unknown_policies_count_as_given if {
	count(rule.report) == 1 with input as _provider({"mode": "auto", "policies": {"$unknown": "${ssm:/p}", "reason": "deploy time"}})
}

test_manual_passes if {
	count(rule.report) == 0 with input as _provider({"mode": "manual", "policies": [_policy]})
	count(rule.report) == 0 with input as _provider({"mode": "MANUAL", "policies": [_policy]})
}

test_unknown_or_invalid_mode_passes if {
	count(rule.report) == 0 with input as _provider({"mode": {"$unknown": "${opt:mode}", "reason": "no value"}, "policies": [_policy]})
	count(rule.report) == 0 with input as _provider({"mode": {"Fn::If": ["IsProd", "Manual", "Auto"]}, "policies": [_policy]})
	count(rule.report) == 0 with input as _provider({"mode": "automatic", "policies": [_policy]})
}

test_no_policies_passes if {
	count(rule.report) == 0 with input as _provider({"mode": "auto"})
	count(rule.report) == 0 with input as _provider({"mode": "auto", "policies": []})
	count(rule.report) == 0 with input as _provider({"policies": null})
}
