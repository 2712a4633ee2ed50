package milint.rules.function["memory-too-large_test"]

import data.milint.lib.values
import data.milint.rules.function["memory-too-large"] as rule

_cp := {"path": ["functions", "api", "capacityProvider"], "form": "string", "target": "default", "provider": "default"}

_own(size) := {"value": size, "path": ["functions", "api", "memorySize"], "inherited": false}

_inherited(size) := {"value": size, "path": ["provider", "memorySize"], "inherited": true}

_managed(memory) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": {},
	"managed": true,
	"capacityProvider": _cp,
	"memorySize": _numbered(memory),
}}}

_plain(memory) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": {},
	"managed": false,
	"capacityProvider": null,
	"memorySize": _numbered(memory),
}}}

test_managed_above_limit if {
	findings := rule.report with input as _managed(_own(32769))
	findings == {{
		"rule": "MI108",
		"path": ["functions", "api", "memorySize"],
		"message": "function \"api\" has memorySize 32769 MB; a function on managed instances allows at most 32768 MB: set memorySize to 32768 or less",
	}}
}

test_managed_at_limit_passes if {
	count(rule.report) == 0 with input as _managed(_own(32768))
}

test_plain_above_limit if {
	findings := rule.report with input as _plain(_own(10241))
	some f in findings
	f.path == ["functions", "api", "memorySize"]
	contains(f.message, "at most 10240 MB")
	count(findings) == 1
}

test_plain_at_limit_passes if {
	count(rule.report) == 0 with input as _plain(_own(10240))
}

test_managed_between_limits_passes if {
	count(rule.report) == 0 with input as _managed(_own(16384))
}

test_inherited_points_at_provider_and_relates_function if {
	findings := rule.report with input as _managed(_inherited(40960))
	findings == {{
		"rule": "MI108",
		"path": ["provider", "memorySize"],
		"message": "function \"api\" has memorySize 40960 MB (from provider.memorySize); a function on managed instances allows at most 32768 MB: set memorySize to 32768 or less",
		"related": [{
			"path": ["functions", "api", "capacityProvider"],
			"message": "function \"api\" inherits provider.memorySize here",
		}],
	}}
}

test_inherited_plain_relates_function_key if {
	some f in rule.report with input as _plain(_inherited(12288))
	f.related == [{"path": ["functions", "api"], "message": "function \"api\" inherits provider.memorySize here"}]
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _managed(_own({"$unknown": "${ssm:/mem}", "reason": "deploy time"}))
	count(rule.report) == 0 with input as _plain(_own({"Ref": "Memory"}))
}

# The framework's schema coerces a quoted whole number (type integer).
test_quoted_number_is_coerced if {
	findings := rule.report with input as _plain(_own("20000"))
	some f in findings
	f.path == ["functions", "api", "memorySize"]
	startswith(f.message, `function "api" has memorySize "20000" MB; a function without a capacity provider allows at most 10240 MB`)
	count(rule.report) == 0 with input as _plain(_own("10240"))
	count(rule.report) == 0 with input as _managed(_own("32768"))
}

test_text_passes if {
	count(rule.report) == 0 with input as _plain(_own("huge"))
	count(rule.report) == 0 with input as _plain(_own("20000.5"))
}

test_default_passes if {
	count(rule.report) == 0 with input as _managed({"value": 2048, "path": null, "inherited": false})
}

# A setting with the number the input gives it: values.deployed_number of
# its value, when there is one.
_numbered(setting) := object.union(setting, {"number": n}) if {
	n := values.deployed_number(setting.value)
} else := setting
