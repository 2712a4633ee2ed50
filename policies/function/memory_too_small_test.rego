package milint.rules.function["memory-too-small_test"]

import data.milint.lib.values
import data.milint.rules.function["memory-too-small"] as rule

_cp_path := ["functions", "api", "capacityProvider"]

_fn(memory, ratio) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": {},
	"managed": true,
	"capacityProvider": {"path": _cp_path, "form": "string", "target": "default", "provider": "default"},
	"memorySize": _numbered(memory),
	"memoryPerVCpu": {"value": ratio, "path": null, "inherited": false},
}}}

_default := {"value": 2048, "path": null, "inherited": false}

_own(size) := {"value": size, "path": ["functions", "api", "memorySize"], "inherited": false}

_inherited(size) := {"value": size, "path": ["provider", "memorySize"], "inherited": true}

test_below_floor if {
	findings := rule.report with input as _fn(_own(2047), 2)
	findings == {{
		"rule": "MI107",
		"path": ["functions", "api", "memorySize"],
		"message": "function \"api\" runs on managed instances with memorySize 2047 MB; it needs at least 2048 MB",
	}}
}

test_inherited_points_at_provider_and_relates_function if {
	findings := rule.report with input as _fn(_inherited(1024), 2)
	some f in findings
	count(findings) == 1
	f.path == ["provider", "memorySize"]
	f.related == [{"path": _cp_path, "message": "function \"api\" inherits provider.memorySize here"}]
	contains(f.message, "(from provider.memorySize)")
}

test_below_one_vcpu if {
	findings := rule.report with input as _fn(_own(4096), 8)
	some f in findings
	count(findings) == 1
	not f.level
	contains(f.message, "at least 8192 MB (one vCPU's worth with memoryPerVCpu 8)")
}

# The default 2048 with a larger ratio: nothing written, so at the key.
test_default_memory_with_larger_ratio if {
	findings := rule.report with input as _fn(_default, 4)
	{f.path | some f in findings} == {_cp_path}
}

test_not_multiple_is_warning if {
	findings := rule.report with input as _fn(_own(3072), 2)
	findings == {{
		"rule": "MI107",
		"path": ["functions", "api", "memorySize"],
		"level": "warning",
		"message": "function \"api\" has memorySize 3072 MB, not a multiple of memoryPerVCpu 2 x 1024 = 2048 MB, so part of it buys no vCPU; use a multiple of 2048 MB",
	}}
	count(rule.report) == 1 with input as _fn(_own(2049), 2)
	count(rule.report) == 1 with input as _fn(_own(6144), 4)
	count(rule.report) == 1 with input as _fn(_own(2048.5), 2)
}

test_pass if {
	count(rule.report) == 0 with input as _fn(_default, 2)
	count(rule.report) == 0 with input as _fn(_own(2048), 2)
	count(rule.report) == 0 with input as _fn(_own(6144), 2)
	count(rule.report) == 0 with input as _fn(_own(4096), 4)
	count(rule.report) == 0 with input as _fn(_own(16384), 8)
}

test_unmanaged_passes if {
	inp := json.patch(_fn(_own(1024), 2), [{"op": "replace", "path": "/functions/api/managed", "value": false}])
	count(rule.report) == 0 with input as inp
}

test_unknown_passes if {
	count(rule.report) == 0 with input as _fn(_own({"$unknown": "${opt:m}", "reason": "no value"}), 2)
	count(rule.report) == 0 with input as _fn(_own({"Ref": "MemorySize"}), 2)
}

# An invalid or unknown ratio leaves only the 2048 MB floor (MI105 reports
# the ratio itself).
test_invalid_ratio_uses_floor_only if {
	count(rule.report) == 0 with input as _fn(_own(3000), "4")
	count(rule.report) == 0 with input as _fn(_own(3000), {"$unknown": "${opt:r}", "reason": "no value"})
	count(rule.report) == 1 with input as _fn(_own(1024), 3)
}

# The framework's schema coerces a quoted whole number (type integer); the
# message shows the value as written.
test_quoted_memory_is_coerced if {
	findings := rule.report with input as _fn(_own("1024"), 2)
	findings == {{
		"rule": "MI107",
		"path": ["functions", "api", "memorySize"],
		"message": "function \"api\" runs on managed instances with memorySize \"1024\" MB; it needs at least 2048 MB",
	}}
	count(rule.report) == 0 with input as _fn(_own("2048"), 2)
	count(rule.report) == 0 with input as _fn(_inherited("4096"), 2)
}

test_quoted_memory_not_a_multiple if {
	some f in rule.report with input as _fn(_own("3072"), 2)
	f.level == "warning"
}

# Text is not a number: not judged here.
test_text_memory_passes if {
	count(rule.report) == 0 with input as _fn(_own("lots"), 2)
}

# A setting with the number the input gives it: values.deployed_number of
# its value, when there is one.
_numbered(setting) := object.union(setting, {"number": n}) if {
	n := values.deployed_number(setting.value)
} else := setting
