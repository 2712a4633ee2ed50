package milint.rules.function["unsupported-runtime_test"]

import data.milint.rules.function["unsupported-runtime"] as rule

_cp := {"path": ["functions", "api", "capacityProvider"], "form": "string", "target": "default", "provider": "default"}

_fn(runtime, managed, config) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": config,
	"managed": managed,
	"capacityProvider": _cp,
	"runtime": runtime,
}}}

_own(value) := _fn({"value": value, "path": ["functions", "api", "runtime"], "inherited": false}, true, {})

_inherited(value) := _fn({"value": value, "path": ["provider", "runtime"], "inherited": true}, true, {})

_fails(value) if count(rule.report) == 1 with input as _own(value)

_passes(value) if count(rule.report) == 0 with input as _own(value)

test_old_node if {
	findings := rule.report with input as _own("nodejs20.x")
	findings == {{
		"rule": "MI109",
		"path": ["functions", "api", "runtime"],
		"message": "function \"api\" runs on managed instances with runtime \"nodejs20.x\", which Lambda Managed Instances do not run; use nodejs22.x or later",
	}}
}

test_families_at_and_below_minimum if {
	_passes("nodejs22.x")
	_passes("nodejs24.x")
	_fails("nodejs18.x")
	_passes("python3.13")
	_passes("python3.14")
	_fails("python3.12")
	_fails("python3.9")
	_passes("java21")
	_passes("java25")
	_fails("java17")
	_fails("java17.al2023")
	_fails("java11.al2023")
	_fails("java8.al2")
	_passes("dotnet8")
	_passes("dotnet10")
	_fails("dotnet6")
	_passes("provided.al2023")
	_fails("provided.al2")
	_fails("provided")
}

test_newer_versions_pass_without_data if {
	_passes("nodejs30.x")
	_passes("python4.0")
	_passes("python3.20")
	_passes("java33")
	_passes("dotnet12")
}

test_other_families_and_case if {
	_fails("ruby3.4")
	_fails("Nodejs22.x")
	_fails("go1.x")
	_fails(22)
}

test_unknown_family_lists_supported if {
	some f in rule.report with input as _own("ruby3.4")
	contains(f.message, "use a supported runtime: nodejs22.x or later, python3.13 or later")
}

test_inherited_points_at_provider_and_relates_function if {
	findings := rule.report with input as _inherited("python3.12")
	findings == {{
		"rule": "MI109",
		"path": ["provider", "runtime"],
		"message": "function \"api\" runs on managed instances with runtime \"python3.12\" (from provider.runtime), which Lambda Managed Instances do not run; use python3.13 or later",
		"related": [{
			"path": ["functions", "api", "capacityProvider"],
			"message": "function \"api\" inherits provider.runtime here",
		}],
	}}
}

_no_runtime := {"value": null, "path": null, "inherited": false}

test_no_runtime_anywhere_gets_the_framework_default if {
	findings := rule.report with input as _fn(_no_runtime, true, {})
	findings == {{
		"rule": "MI109",
		"path": ["functions", "api", "capacityProvider"],
		"message": "function \"api\" runs on managed instances with no runtime set, on it or on the provider, so the framework deploys its default runtime \"nodejs20.x\", which Lambda Managed Instances do not run; set runtime on the function or the provider: use nodejs22.x or later",
	}}
}

test_framework_default_from_facts if {
	count(rule.report) == 0 with input as _fn(_no_runtime, true, {})
		with data.milint.facts.runtimes.frameworkDefault as "nodejs22.x"
	some f in rule.report with input as _fn(_no_runtime, true, {})
		with data.milint.facts.runtimes.frameworkDefault as "python3.12"
	contains(f.message, "default runtime \"python3.12\"")
}

test_no_runtime_on_plain_or_image_function_passes if {
	count(rule.report) == 0 with input as _fn(_no_runtime, false, {})
	count(rule.report) == 0 with input as _fn(_no_runtime, true, {"image": "app"})
}

test_unknown_and_intrinsic_pass if {
	_passes({"$unknown": "${ssm:/runtime}", "reason": "deploy time"})
	_passes({"Ref": "Runtime"})
}

test_plain_function_passes if {
	count(rule.report) == 0 with input as _fn({"value": "nodejs20.x", "path": ["functions", "api", "runtime"], "inherited": false}, false, {})
}

test_image_function_passes if {
	count(rule.report) == 0 with input as _fn({"value": "nodejs20.x", "path": ["provider", "runtime"], "inherited": true}, true, {"image": "app"})
}
