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
