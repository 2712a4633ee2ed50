package milint.rules.capacityprovider["max-vcpu-range_test"]

import data.milint.rules.capacityprovider["max-vcpu-range"] as rule

_provider(scaling) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": ["provider", "capacityProviders", "pool"],
	"config": {"scaling": scaling},
}}}

test_below_api_minimum_is_an_error if {
	findings := rule.report with input as _provider({"maxVCpuCount": 1})
	findings == {{
		"rule": "MI003",
		"path": ["provider", "capacityProviders", "pool", "scaling", "maxVCpuCount"],
		"message": "maxVCpuCount is 1; the Lambda API accepts an integer from 2 to 15000 (the framework's schema and AWS CDK ask for at least 12), or leave it out for AWS's default cap of 400 vCPUs",
	}}
	count(rule.report) == 1 with input as _provider({"maxVCpuCount": 0})
	count(rule.report) == 1 with input as _provider({"maxVCpuCount": -4})
}

test_below_framework_minimum_is_a_warning if {
	findings := rule.report with input as _provider({"maxVCpuCount": 11})
	findings == {{
		"rule": "MI003",
		"level": "warning",
		"path": ["provider", "capacityProviders", "pool", "scaling", "maxVCpuCount"],
		"message": "maxVCpuCount is 11; the Lambda API accepts it (from 2), but the framework's schema and AWS CDK ask for an integer from 12 to 15000, so the framework warns (and fails with configValidationMode: error): set 12 or more",
	}}
	some f in rule.report with input as _provider({"maxVCpuCount": 2})
	f.level == "warning"
	some g in rule.report with input as _provider({"maxVCpuCount": "4"})
	g.level == "warning"
}

test_limits_from_facts if {
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": 11})
		with data.milint.facts.limits.maxVCpuCount.min as 8
	some f in rule.report with input as _provider({"maxVCpuCount": 3})
		with data.milint.facts.limits.maxVCpuCount.apiMin as 4
	not f.level
}

test_above_range if {
	count(rule.report) == 1 with input as _provider({"maxVCpuCount": 15001})
}

test_fraction if {
	count(rule.report) == 1 with input as _provider({"maxVCpuCount": 12.5})
}

# The framework's schema coerces a quoted whole number: "100" deploys as 100.
test_quoted_whole_number_passes if {
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": "100"})
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": " 12 "})
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": [64]})
}

test_quoted_out_of_range if {
	findings := rule.report with input as _provider({"maxVCpuCount": "1"})
	some f in findings
	f.message == `maxVCpuCount is "1"; the Lambda API accepts an integer from 2 to 15000 (the framework's schema and AWS CDK ask for at least 12), or leave it out for AWS's default cap of 400 vCPUs`
	not f.level
}

test_not_an_integer_is_an_error if {
	some f in rule.report with input as _provider({"maxVCpuCount": true})
	not f.level
	some g in rule.report with input as _provider({"maxVCpuCount": 8.5})
	not g.level
}

test_quoted_fraction_and_text if {
	count(rule.report) == 1 with input as _provider({"maxVCpuCount": "12.5"})
	count(rule.report) == 1 with input as _provider({"maxVCpuCount": "abc"})
	count(rule.report) == 1 with input as _provider({"maxVCpuCount": ""})
}

test_bounds_pass if {
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": 12})
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": 15000})
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": {"$unknown": "${ssm:/x}", "reason": "deploy time"}})
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": {"Ref": "MaxVCpus"}})
}

test_absent_passes if {
	count(rule.report) == 0 with input as _provider({"mode": "auto"})
}
