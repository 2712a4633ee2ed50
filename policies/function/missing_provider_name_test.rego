package milint.rules.function["missing-provider-name_test"]

import data.milint.rules.function["missing-provider-name"] as rule

_cp_path := ["functions", "api", "capacityProvider"]

_fn(config, form, target) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": {"capacityProvider": config},
	"managed": true,
	"capacityProvider": {"path": _cp_path, "form": form, "target": target},
}}}

test_no_name if {
	findings := rule.report with input as _fn({"maxConcurrency": 10}, "object", "missing")
	findings == {{
		"rule": "MI103",
		"path": _cp_path,
		"message": "function \"api\" has a capacityProvider without a name; add name with a declared capacity provider, default, or a capacity provider ARN",
	}}
}

test_null_name if {
	findings := rule.report with input as _fn({"name": null}, "object", "missing")
	some f in findings
	contains(f.message, "(it is null)")
}

test_empty_name if {
	findings := rule.report with input as _fn({"name": ""}, "object", "missing")
	some f in findings
	contains(f.message, "(it is empty)")
}

test_empty_object if {
	count(rule.report) == 1 with input as _fn({}, "object", "missing")
}

test_named_passes if {
	count(rule.report) == 0 with input as _fn({"name": "pool"}, "object", "declared")
	count(rule.report) == 0 with input as _fn({"name": "nope"}, "object", "undeclared")
	count(rule.report) == 0 with input as _fn({"name": {"Fn::GetAtt": ["X", "Arn"]}}, "object", "intrinsic")
	count(rule.report) == 0 with input as _fn({"name": {"$unknown": "${opt:cp}", "reason": "no value"}}, "object", "unknown")
}

# The string form is never "missing a name" (an empty string is falsy to
# the framework: no capacity provider at all).
test_string_form_passes if {
	count(rule.report) == 0 with input as _fn("", "string", "missing")
}
