package milint.rules.capacityprovider["max-vcpu-range_test"]

import data.milint.rules.capacityprovider["max-vcpu-range"] as rule

_provider(scaling) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": ["provider", "capacityProviders", "pool"],
	"config": {"scaling": scaling},
}}}

test_below_range if {
	findings := rule.report with input as _provider({"maxVCpuCount": 11})
	findings == {{
		"rule": "MI003",
		"path": ["provider", "capacityProviders", "pool", "scaling", "maxVCpuCount"],
		"message": "maxVCpuCount is 11; it must be an integer from 12 to 15000 (or left out for no limit)",
	}}
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
	findings := rule.report with input as _provider({"maxVCpuCount": "8"})
	some f in findings
	f.message == `maxVCpuCount is "8"; it must be an integer from 12 to 15000 (or left out for no limit)`
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
