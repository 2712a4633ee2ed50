package milint.rules.function["invalid-scaling-range_test"]

import data.milint.rules.function["invalid-scaling-range"] as rule

_cp_path := ["functions", "api", "capacityProvider"]

_fn(scaling) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": {"capacityProvider": {"name": "pool", "scaling": scaling}},
	"managed": true,
	"capacityProvider": {"path": _cp_path, "form": "object", "target": "declared", "provider": "pool"},
}}}

test_max_above_range if {
	findings := rule.report with input as _fn({"min": 1, "max": 15001})
	findings == {{
		"rule": "MI102",
		"path": ["functions", "api", "capacityProvider", "scaling", "max"],
		"message": "function \"api\" has scaling.max 15001; it must be an integer from 0 to 15000",
	}}
}

test_min_negative if {
	findings := rule.report with input as _fn({"min": -1})
	{f.path | some f in findings} == {["functions", "api", "capacityProvider", "scaling", "min"]}
}

test_fraction_and_string if {
	count(rule.report) == 2 with input as _fn({"min": 1.5, "max": "10.5"})
	count(rule.report) == 1 with input as _fn({"min": 1, "max": "ten"})
}

test_max_below_the_default_min_without_min if {
	findings := rule.report with input as _fn({"max": 2})
	findings == {{
		"rule": "MI102",
		"level": "warning",
		"path": ["functions", "api", "capacityProvider", "scaling", "max"],
		"message": "function \"api\" has scaling.max 2 and no scaling.min, so AWS's default minimum of 3 execution environments applies, above max; set scaling.min (no greater than max), or raise max to 3 or more",
	}}
	count(rule.report) == 1 with input as _fn({"max": "1", "min": null})
	count(rule.report) == 1 with input as _fn({"max": 0})
	count(rule.report) == 0 with input as _fn({"max": 3})
	count(rule.report) == 0 with input as _fn({"max": 2, "min": 1})
	count(rule.report) == 0 with input as _fn({"max": {"$unknown": "${ssm:/m}", "reason": "deploy time"}})
	count(rule.report) == 0 with input as _fn({"max": 2}) with data.milint.facts.limits.minExecutionEnvironments.default as 2
}

test_min_greater_than_max if {
	findings := rule.report with input as _fn({"min": 10, "max": 5})
	findings == {{
		"rule": "MI102",
		"path": ["functions", "api", "capacityProvider", "scaling", "min"],
		"message": "function \"api\" has scaling.min 10 greater than scaling.max 5; lower min or raise max so that min <= max",
	}}
}

# An out-of-range min above max is reported once, as out of range.
test_out_of_range_not_also_crossed if {
	findings := rule.report with input as _fn({"min": 15001, "max": 5})
	count(findings) == 1
	some f in findings
	contains(f.message, "must be an integer")
}

test_bounds_pass if {
	count(rule.report) == 0 with input as _fn({"min": 15000, "max": 15000})
	count(rule.report) == 0 with input as _fn({"min": 0, "max": 0})
	count(rule.report) == 0 with input as _fn({"min": 5, "max": 5})
	count(rule.report) == 0 with input as _fn({"min": 14999})
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _fn({"min": 10, "max": {"$unknown": "${opt:max}", "reason": "no value"}})
	count(rule.report) == 0 with input as _fn({"min": {"Ref": "MinEnvironments"}, "max": 1})
}

test_null_passes if {
	count(rule.report) == 0 with input as _fn({"min": null, "max": null})
}

test_string_form_has_no_scaling if {
	inp := {"functions": {"api": {
		"name": "api",
		"config": {"capacityProvider": "pool"},
		"capacityProvider": {"path": _cp_path, "form": "string", "target": "declared", "provider": "pool"},
	}}}
	count(rule.report) == 0 with input as inp
}

# The framework's schema coerces a quoted whole number (type integer).
test_quoted_whole_numbers_pass if {
	count(rule.report) == 0 with input as _fn({"min": "1", "max": "10"})
	count(rule.report) == 0 with input as _fn({"min": "0", "max": "15000"})
}

test_quoted_out_of_range if {
	findings := rule.report with input as _fn({"min": 1, "max": "15001"})
	findings == {{
		"rule": "MI102",
		"path": ["functions", "api", "capacityProvider", "scaling", "max"],
		"message": "function \"api\" has scaling.max \"15001\"; it must be an integer from 0 to 15000",
	}}
}

test_quoted_min_greater_than_max if {
	findings := rule.report with input as _fn({"min": "10", "max": 5})
	findings == {{
		"rule": "MI102",
		"path": ["functions", "api", "capacityProvider", "scaling", "min"],
		"message": "function \"api\" has scaling.min \"10\" greater than scaling.max 5; lower min or raise max so that min <= max",
	}}
}
