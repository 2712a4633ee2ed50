package custom.rules.function["require-max-concurrency_test"]

import data.custom.rules.function["require-max-concurrency"] as rule

# A hand-built input with only what the rule reads: one function on the
# declared provider "pool", its capacityProvider written as cp.
_input(cp, form) := {
	"capacityProviders": {"pool": {"name": "pool", "path": ["provider", "capacityProviders", "pool"]}},
	"functions": {"api": {
		"name": "api",
		"path": ["functions", "api"],
		"config": {"handler": "h.api", "capacityProvider": cp},
		"managed": true,
		"capacityProvider": {
			"path": ["functions", "api", "capacityProvider"],
			"form": form,
			"ref": "pool",
			"target": "declared",
			"provider": "pool",
		},
	}},
}

test_string_form if {
	findings := rule.report with input as _input("pool", "string")
	findings == {{
		"rule": "ACME001",
		"path": ["functions", "api", "capacityProvider"],
		"message": `function "api" runs on capacity provider "pool" without maxConcurrency; write capacityProvider: {name: pool, maxConcurrency: N}`,
	}}
}

test_object_form_without_max_concurrency if {
	findings := rule.report with input as _input({"name": "pool"}, "object")
	some f in findings
	f.path == ["functions", "api", "capacityProvider"]
	f.message == `function "api" does not set capacityProvider.maxConcurrency; set it to at most 100`
}

test_null_max_concurrency if {
	count(rule.report) == 1 with input as _input({"name": "pool", "maxConcurrency": null}, "object")
}

test_above_ceiling_is_a_warning if {
	findings := rule.report with input as _input({"name": "pool", "maxConcurrency": 101}, "object")
	findings == {{
		"rule": "ACME001",
		"path": ["functions", "api", "capacityProvider", "maxConcurrency"],
		"message": `function "api" has maxConcurrency 101; ACME allows at most 100`,
		"level": "warning",
		"related": [{"path": ["provider", "capacityProviders", "pool"], "message": "capacity provider pool is declared here"}],
	}}
}

test_ceiling_and_below_pass if {
	count(rule.report) == 0 with input as _input({"name": "pool", "maxConcurrency": 100}, "object")
	count(rule.report) == 0 with input as _input({"name": "pool", "maxConcurrency": 1}, "object")
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _input({"name": "pool", "maxConcurrency": {"$unknown": "${ssm:/acme/concurrency}", "reason": "resolved at deploy time"}}, "object")
	count(rule.report) == 0 with input as _input({"name": "pool", "maxConcurrency": {"Ref": "Concurrency"}}, "object")
}

test_unmanaged_function_passes if {
	count(rule.report) == 0 with input as {"capacityProviders": {}, "functions": {"api": {
		"name": "api",
		"path": ["functions", "api"],
		"config": {"handler": "h.api"},
		"managed": false,
		"capacityProvider": null,
	}}}
}
