package milint.rules.function["scaling-min-zero_test"]

import data.milint.rules.function["scaling-min-zero"] as rule

_cp_path := ["functions", "api", "capacityProvider"]

_input(scaling) := {"functions": {"api": {
	"name": "api",
	"config": {"capacityProvider": {"name": "pool", "scaling": scaling}},
	"capacityProvider": {"path": _cp_path},
}}}

test_min_zero_with_max if {
	findings := rule.report with input as _input({"min": 0, "max": 5})
	findings == {{
		"rule": "MI101",
		"path": array.concat(_cp_path, ["scaling", "min"]),
		"message": "function \"api\" has scaling.min 0 with max 5; set min to 1 or more, or set max to 0 as well",
		"fix": {"path": array.concat(_cp_path, ["scaling", "min"]), "part": "value", "text": "1", "safe": false},
	}}
}

test_min_zero_without_max if {
	some f in rule.report with input as _input({"min": 0})
	contains(f.message, "no max (unbounded)")
}

test_switched_off_passes if {
	count(rule.report) == 0 with input as _input({"min": 0, "max": 0})
}

test_unknown_values_pass if {
	count(rule.report) == 0 with input as _input({"min": 0, "max": {"$unknown": "${param:max}", "reason": "deploy time"}})
	count(rule.report) == 0 with input as _input({"min": {"$unknown": "${opt:min}", "reason": "no value"}, "max": 5})
}

test_min_one_passes if {
	count(rule.report) == 0 with input as _input({"min": 1, "max": 5})
}

# The framework's schema coerces both bounds (type integer).
test_quoted_min_zero if {
	findings := rule.report with input as _input({"min": "0", "max": "5"})
	findings == {{
		"rule": "MI101",
		"path": array.concat(_cp_path, ["scaling", "min"]),
		"message": "function \"api\" has scaling.min \"0\" with max \"5\"; set min to 1 or more, or set max to 0 as well",
		"fix": {"path": array.concat(_cp_path, ["scaling", "min"]), "part": "value", "text": "1", "safe": false},
	}}
}

test_quoted_max_zero_passes if {
	count(rule.report) == 0 with input as _input({"min": 0, "max": "0"})
	count(rule.report) == 0 with input as _input({"min": "0", "max": "0"})
}

# Text stays text: "zero" is not 0 (MI102 reports it).
test_uncoercible_min_passes if {
	count(rule.report) == 0 with input as _input({"min": "zero", "max": 5})
}

test_uncoercible_max_counts_as_not_zero if {
	count(rule.report) == 1 with input as _input({"min": 0, "max": "none"})
}
