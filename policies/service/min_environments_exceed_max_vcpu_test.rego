package milint.rules.service["min-environments-exceed-max-vcpu_test"]

import data.milint.lib.values
import data.milint.rules.service["min-environments-exceed-max-vcpu"] as rule

# A function with its minimum execution environments as the input gives
# them (docs/input.md); null leaves them out, as the input does where they
# cannot be known.
_fn(name, memory, ratio, minimum) := {
	"name": name,
	"path": ["functions", name],
	"managed": true,
	"capacityProvider": _ref(minimum),
	"memorySize": _memory(memory),
	"memoryPerVCpu": {"value": ratio, "path": null, "inherited": false},
}

_ref(null) := {}

_ref(minimum) := {"minimumEnvironments": minimum} if minimum != null

# memorySize as the input gives it: with the number the framework deploys,
# where there is one.
_memory(value) := {"value": value, "path": null, "inherited": false, "number": values.deployed_number(value)} if {
	values.deployed_number(value)
} else := {"value": value, "path": null, "inherited": false}

_input(max_vcpu, fns) := {
	"capacityProviders": {"pool": {
		"name": "pool",
		"declared": true,
		"path": ["provider", "capacityProviders", "pool"],
		"config": {"scaling": {"maxVCpuCount": max_vcpu}},
		"functions": [fn.name | some fn in fns],
	}},
	"functions": {fn.name: fn | some fn in fns},
}

test_over_the_limit if {
	findings := rule.report with input as _input(12, [_fn("a", 2048, 2, 3), _fn("b", 8192, 2, 3)])
	findings == {{
		"rule": "MI205",
		"path": ["provider", "capacityProviders", "pool", "scaling", "maxVCpuCount"],
		"message": "capacity provider \"pool\" has maxVCpuCount 12, but the minimum execution environments of its functions need 15 vCPUs (environments x vCPUs each: \"a\" 3 x 1, \"b\" 3 x 4); raise maxVCpuCount to 15 or more, or lower the functions' scaling.min or memorySize",
	}}
}

test_exactly_at_the_limit_passes if {
	count(rule.report) == 0 with input as _input(12, [_fn("a", 8192, 2, 3)])
}

test_explicit_minimum_and_ratio if {
	# 4 environments x (16384 / 1024 / 4 = 4 vCPUs) = 16 > 15
	count(rule.report) == 1 with input as _input(15, [_fn("a", 16384, 4, 4)])
	count(rule.report) == 0 with input as _input(16, [_fn("a", 16384, 4, 4)])
}

test_at_least_one_vcpu_per_environment if {
	# 1024 MB at memoryPerVCpu 8 is still 1 vCPU: 13 environments need 13.
	count(rule.report) == 1 with input as _input(12, [_fn("a", 1024, 8, 13)])
	count(rule.report) == 0 with input as _input(13, [_fn("a", 1024, 8, 13)])
}

test_fractional_vcpus_round_up_in_the_advice if {
	some f in rule.report with input as _input(12, [_fn("a", 3072, 2, 9)])
	contains(f.message, "need 13.5 vCPUs")
	contains(f.message, "raise maxVCpuCount to 14 or more")
}

test_zero_minimum_counts_nothing if {
	count(rule.report) == 0 with input as _input(12, [_fn("a", 32768, 2, 0), _fn("b", 8192, 2, 3)])
}

test_no_limit_passes if {
	inp := json.patch(_input(12, [_fn("a", 32768, 2, 3)]), [{"op": "replace", "path": "/capacityProviders/pool/config", "value": {}}])
	count(rule.report) == 0 with input as inp
}

test_unknown_terms_skip if {
	unknown := {"$unknown": "${ssm:/x}", "reason": "deploy time"}
	big := _fn("b", 32768, 2, 3)
	count(rule.report) == 0 with input as _input(unknown, [big])
	count(rule.report) == 0 with input as _input(12, [big, _fn("a", unknown, 2, 3)])
	count(rule.report) == 0 with input as _input(12, [big, _fn("a", 2048, {"Ref": "Ratio"}, 3)])
	count(rule.report) == 0 with input as _input(12, [big, _fn("a", 2048, 2, null)])
}

# The framework's schema coerces maxVCpuCount and memorySize (type
# integer); the message shows maxVCpuCount as written.
test_quoted_numbers_are_coerced if {
	findings := rule.report with input as _input("12", [_fn("a", "2048", 2, 3), _fn("b", 8192, 2, 3)])
	findings == {{
		"rule": "MI205",
		"path": ["provider", "capacityProviders", "pool", "scaling", "maxVCpuCount"],
		"message": "capacity provider \"pool\" has maxVCpuCount \"12\", but the minimum execution environments of its functions need 15 vCPUs (environments x vCPUs each: \"a\" 3 x 1, \"b\" 3 x 4); raise maxVCpuCount to 15 or more, or lower the functions' scaling.min or memorySize",
	}}
	count(rule.report) == 0 with input as _input("15", [_fn("a", "2048", 2, 3), _fn("b", 8192, 2, 3)])
}

# memoryPerVCpu is enum-only in the schema: a quoted "4" stays a string,
# so the term is unknown and nothing is reported.
test_quoted_ratio_is_not_coerced if {
	count(rule.report) == 0 with input as _input(12, [_fn("a", 32768, "4", 3)])
}

test_text_limit_is_not_judged if {
	count(rule.report) == 0 with input as _input("lots", [_fn("a", 32768, 2, 3)])
}

_unset(config, fns) := {
	"capacityProviders": {"pool": {
		"name": "pool",
		"declared": true,
		"path": ["provider", "capacityProviders", "pool"],
		"config": config,
		"functions": [fn.name | some fn in fns],
	}},
	"functions": {fn.name: fn | some fn in fns},
}

test_no_max_is_judged_against_the_default_cap if {
	findings := rule.report with input as _unset({"scaling": {"mode": "auto"}}, [_fn("a", 32768, 2, 26)])
	findings == {{
		"rule": "MI205",
		"path": ["provider", "capacityProviders", "pool"],
		"message": "capacity provider \"pool\" has no maxVCpuCount, so AWS caps it at its default of 400 vCPUs, but the minimum execution environments of its functions need 416 vCPUs (environments x vCPUs each: \"a\" 26 x 16); set maxVCpuCount to 416 or more, or lower the functions' scaling.min or memorySize",
	}}
	count(rule.report) == 1 with input as _unset({}, [_fn("a", 32768, 2, 26)])
	count(rule.report) == 1 with input as _unset({"scaling": {"maxVCpuCount": null}}, [_fn("a", 32768, 2, 26)])
	count(rule.report) == 0 with input as _unset({}, [_fn("a", 32768, 2, 25)])
}

test_default_cap_from_facts if {
	count(rule.report) == 1 with input as _unset({}, [_fn("a", 2048, 2, 3)])
		with data.milint.facts.limits.maxVCpuCount.default as 2
}

test_auto_created_default_points_at_references if {
	findings := rule.report with input as {
		"capacityProviders": {"default": {
			"name": "default",
			"declared": false,
			"path": null,
			"config": null,
			"functions": ["a"],
			"references": [["functions", "a", "capacityProvider"]],
		}},
		"functions": {"a": _fn("a", 32768, 2, 30)},
	}
	{f.path | some f in findings} == {["functions", "a", "capacityProvider"]}
}

test_invalid_or_unknown_max_is_not_judged if {
	fns := [_fn("a", 32768, 2, 30)]
	count(rule.report) == 0 with input as _input(true, fns)
	count(rule.report) == 0 with input as _input(1, fns)
	count(rule.report) == 0 with input as _input(12.5, fns)
	count(rule.report) == 0 with input as _input("abc", fns)
	count(rule.report) == 0 with input as _input({"$unknown": "${ssm:/x}", "reason": "deploy time"}, fns)
	count(rule.report) == 0 with input as _unset({"scaling": {"$unknown": "${ssm:/s}", "reason": "deploy time"}}, fns)
	count(rule.report) == 0 with input as _unset({"$unknown": "${ssm:/cp}", "reason": "deploy time"}, fns)
}

test_api_range_below_the_framework_floor_is_judged if {
	count(rule.report) == 1 with input as _input(2, [_fn("a", 2048, 2, 3)])
}
