package milint.rules.function["invalid-memory-per-vcpu_test"]

import data.milint.rules.function["invalid-memory-per-vcpu"] as rule

_path := ["functions", "api", "capacityProvider", "memoryPerVCpu"]

_fn(value) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"managed": true,
	"capacityProvider": {"path": ["functions", "api", "capacityProvider"], "form": "object", "target": "default"},
	"memoryPerVCpu": {"value": value, "path": _path, "inherited": false},
}}}

test_three if {
	findings := rule.report with input as _fn(3)
	findings == {{
		"rule": "MI105",
		"path": _path,
		"message": "function \"api\" has memoryPerVCpu 3; it must be one of the numbers 2, 4, 8 (GB per vCPU)",
	}}
}

test_quoted_number if {
	findings := rule.report with input as _fn("4")
	some f in findings
	contains(f.message, "\"4\" (a string: write it without quotes)")
}

test_other_shapes if {
	count(rule.report) == 1 with input as _fn(16)
	count(rule.report) == 1 with input as _fn(0)
	count(rule.report) == 1 with input as _fn(2.5)
	count(rule.report) == 1 with input as _fn("two")
	count(rule.report) == 1 with input as _fn(true)
}

test_allowed_pass if {
	count(rule.report) == 0 with input as _fn(2)
	count(rule.report) == 0 with input as _fn(4)
	count(rule.report) == 0 with input as _fn(8)
	count(rule.report) == 0 with input as _fn(4.0)
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _fn({"$unknown": "${opt:ratio}", "reason": "no value"})
	count(rule.report) == 0 with input as _fn({"Ref": "MemoryPerVCpu"})
}

# The default (nothing written) is never judged.
test_default_passes if {
	inp := json.patch(_fn(2), [{"op": "replace", "path": "/functions/api/memoryPerVCpu/path", "value": null}])
	count(rule.report) == 0 with input as inp
}
