package milint.rules.service["versioned-managed-instances_test"]

import data.milint.rules.service["versioned-managed-instances"] as rule

_cp_path := ["functions", "api", "capacityProvider"]

_input(managed, versioned) := {"functions": {"api": {
	"name": "api",
	"managed": managed,
	"capacityProvider": {"path": _cp_path},
	"versioned": versioned,
}}}

test_default_points_at_capacity_provider if {
	findings := rule.report with input as _input(true, {"value": true, "path": null, "inherited": false})
	some f in findings
	f.path == _cp_path
	not f.related
}

test_inherited_relates_provider_setting if {
	findings := rule.report with input as _input(true, {"value": true, "path": ["provider", "versionFunctions"], "inherited": true})
	some f in findings
	f.path == _cp_path
	f.related == [{"path": ["provider", "versionFunctions"], "message": "versioning is turned on here"}]
}

test_own_setting_points_at_it if {
	findings := rule.report with input as _input(true, {"value": true, "path": ["functions", "api", "versionFunction"], "inherited": false})
	{f.path | some f in findings} == {["functions", "api", "versionFunction"]}
}

test_versioning_off_or_unknown_passes if {
	count(rule.report) == 0 with input as _input(true, {"value": false, "path": ["provider", "versionFunctions"], "inherited": true})
	count(rule.report) == 0 with input as _input(true, {"value": {"$unknown": "${param:v}", "reason": "deploy time"}, "path": ["functions", "api", "versionFunction"], "inherited": false})
}

test_plain_function_passes if {
	count(rule.report) == 0 with input as _input(false, {"value": true, "path": null, "inherited": false})
}

# The framework's schema coerces "true"/"false" and 1/0 (type boolean);
# another value is used as it is, and JavaScript reads it as true.
test_quoted_false_is_off if {
	count(rule.report) == 0 with input as _input(true, {"value": "false", "path": ["provider", "versionFunctions"], "inherited": true})
	count(rule.report) == 0 with input as _input(true, {"value": 0, "path": ["functions", "api", "versionFunction"], "inherited": false})
	count(rule.report) == 0 with input as _input(true, {"value": "", "path": ["functions", "api", "versionFunction"], "inherited": false})
}

test_quoted_true_is_on if {
	findings := rule.report with input as _input(true, {"value": "true", "path": ["functions", "api", "versionFunction"], "inherited": false})
	findings == {{
		"rule": "MI201",
		"path": ["functions", "api", "versionFunction"],
		"message": "function \"api\" runs on managed instances with versioning on (versionFunction is \"true\", which the framework reads as true): each deploy publishes a version that stays attached to the capacity provider (at most 100) and blocks deleting it; set provider.versionFunctions: false or versionFunction: false on the function",
		"fix": {"path": ["functions", "api", "versionFunction"], "part": "value", "text": "false", "safe": false},
	}}
}

test_other_truthy_values_are_on if {
	count(rule.report) == 1 with input as _input(true, {"value": "yes", "path": ["provider", "versionFunctions"], "inherited": true})
	count(rule.report) == 1 with input as _input(true, {"value": 1, "path": ["provider", "versionFunctions"], "inherited": true})
	count(rule.report) == 1 with input as _input(true, {"value": "False", "path": ["provider", "versionFunctions"], "inherited": true})
}

test_intrinsic_is_not_judged if {
	count(rule.report) == 0 with input as _input(true, {"value": {"Fn::If": ["C", true, false]}, "path": ["provider", "versionFunctions"], "inherited": true})
}
