package milint.rules.function["max-concurrency-range_test"]

import data.milint.lib.values
import data.milint.rules.function["max-concurrency-range"] as rule

_cp_path := ["functions", "api", "capacityProvider"]

_path := ["functions", "api", "capacityProvider", "maxConcurrency"]

_fn(value, memory, ratio) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": {"capacityProvider": {"name": "default", "maxConcurrency": value}},
	"managed": true,
	"capacityProvider": {"path": _cp_path, "form": "object", "target": "default", "provider": "default"},
	"memorySize": _numbered(memory),
	"memoryPerVCpu": {"value": ratio, "path": null, "inherited": false},
}}}

_default_memory := {"value": 2048, "path": null, "inherited": false}

_own(size) := {"value": size, "path": ["functions", "api", "memorySize"], "inherited": false}

_inherited(size) := {"value": size, "path": ["provider", "memorySize"], "inherited": true}

test_zero if {
	findings := rule.report with input as _fn(0, _default_memory, 2)
	findings == {{
		"rule": "MI106",
		"path": _path,
		"message": "function \"api\" has maxConcurrency 0; it must be an integer from 1 to 1600",
	}}
}

test_out_of_range_shapes if {
	count(rule.report) == 1 with input as _fn(1601, _own(32768), 2)
	count(rule.report) == 1 with input as _fn(-1, _default_memory, 2)
	count(rule.report) == 1 with input as _fn(1.5, _default_memory, 2)
	count(rule.report) == 1 with input as _fn("1.5", _default_memory, 2)
	count(rule.report) == 1 with input as _fn("ten", _default_memory, 2)
}

# The framework's schema coerces a quoted whole number (type integer), for
# maxConcurrency and for memorySize.
test_quoted_numbers_are_coerced if {
	count(rule.report) == 0 with input as _fn("10", _default_memory, 2)
	count(rule.report) == 0 with input as _fn("128", _own("4096"), 2)
	findings := rule.report with input as _fn("65", _own("2048"), 2)
	some f in findings
	f.level == "warning"
	f.message == `function "api" has maxConcurrency "65", but its execution environment has 1 vCPU (memorySize "2048" / 1024 / memoryPerVCpu 2) and runs at most 64 invocations per vCPU, 64 in all; lower maxConcurrency or raise memorySize`
}

test_out_of_range_is_error_level if {
	some f in rule.report with input as _fn(1601, _own(32768), 2)
	not f.level
}

test_above_per_vcpu_is_warning if {
	findings := rule.report with input as _fn(65, _default_memory, 2)
	findings == {{
		"rule": "MI106",
		"path": _path,
		"level": "warning",
		"message": "function \"api\" has maxConcurrency 65, but its execution environment has 1 vCPU (memorySize 2048 / 1024 / memoryPerVCpu 2) and runs at most 64 invocations per vCPU, 64 in all; lower maxConcurrency or raise memorySize",
	}}
}

test_per_vcpu_uses_effective_memory if {
	count(rule.report) == 1 with input as _fn(129, _own(4096), 2)
	count(rule.report) == 0 with input as _fn(128, _own(4096), 2)
	findings := rule.report with input as _fn(257, _inherited(8192), 2)
	some f in findings
	f.level == "warning"
	f.related == [{"path": ["provider", "memorySize"], "message": "the memorySize it inherits from provider.memorySize"}]
}

test_per_vcpu_uses_memory_per_vcpu if {
	count(rule.report) == 1 with input as _fn(65, _own(8192), 8)
	count(rule.report) == 0 with input as _fn(128, _own(16384), 8)
}

# Never fewer than one vCPU, even when memory is below one vCPU's worth.
test_at_least_one_vcpu if {
	count(rule.report) == 0 with input as _fn(64, _default_memory, 8)
	count(rule.report) == 1 with input as _fn(65, _default_memory, 8)
}

test_in_range_passes if {
	count(rule.report) == 0 with input as _fn(1, _default_memory, 2)
	count(rule.report) == 0 with input as _fn(64, _default_memory, 2)
	count(rule.report) == 0 with input as _fn(1024, _own(32768), 2)
}

test_unknown_passes if {
	count(rule.report) == 0 with input as _fn({"$unknown": "${opt:c}", "reason": "no value"}, _default_memory, 2)
	count(rule.report) == 0 with input as _fn({"Ref": "MaxConcurrency"}, _default_memory, 2)
	count(rule.report) == 0 with input as _fn(1600, _own({"$unknown": "${ssm:/m}", "reason": "deploy time"}), 2)
	count(rule.report) == 0 with input as _fn(1600, _own(32768), {"$unknown": "${opt:r}", "reason": "no value"})
}

# A setting with the number the input gives it: values.deployed_number of
# its value, when there is one.
_numbered(setting) := object.union(setting, {"number": n}) if {
	n := values.deployed_number(setting.value)
} else := setting
