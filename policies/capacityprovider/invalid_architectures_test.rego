package milint.rules.capacityprovider["invalid-architectures_test"]

import data.milint.rules.capacityprovider["invalid-architectures"] as rule

_path := ["provider", "capacityProviders", "pool"]

_provider(archs) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": {"architectures": archs}},
}}}

test_upper_case if {
	findings := rule.report with input as _provider(["ARM64"])
	findings == {{
		"rule": "MI008",
		"path": array.concat(_path, ["instanceRequirements", "architectures"]),
		"message": "architectures is [\"ARM64\"]; it must be a list with exactly one item, x86_64 or arm64 (write [arm64])",
		"fix": {"path": array.concat(_path, ["instanceRequirements", "architectures", 0]), "part": "value", "text": "arm64", "safe": true},
	}}
}

# Another name of the architecture is a suggestion, not a safe fix.
test_alias if {
	some finding in rule.report with input as _provider(["aarch64"])
	endswith(finding.message, "(write [arm64])")
	finding.fix == {"path": array.concat(_path, ["instanceRequirements", "architectures", 0]), "part": "value", "text": "arm64", "safe": false}
}

test_two_items if {
	some finding in rule.report with input as _provider(["x86_64", "arm64"])
	startswith(finding.message, "architectures has 2 items (\"x86_64\", \"arm64\")")
}

test_empty_list_is_a_note if {
	findings := rule.report with input as _provider([])
	findings == {{
		"rule": "MI008",
		"level": "note",
		"path": array.concat(_path, ["instanceRequirements", "architectures"]),
		"message": "architectures is an empty list, which has no effect: the framework leaves an empty list out (the Lambda API would accept it), so the provider runs provider.architecture, else x86_64; remove the key, or write [x86_64] or [arm64]",
	}}
}

# The framework's schema wraps a single value into a one-item list.
test_single_valid_value_passes if {
	count(rule.report) == 0 with input as _provider("arm64")
	count(rule.report) == 0 with input as _provider("x86_64")
}

test_single_invalid_value if {
	findings := rule.report with input as _provider("ARM64")
	findings == {{
		"rule": "MI008",
		"path": array.concat(_path, ["instanceRequirements", "architectures"]),
		"message": "architectures is \"ARM64\"; it must be a list with exactly one item, x86_64 or arm64 (write [arm64])",
		"fix": {"path": array.concat(_path, ["instanceRequirements", "architectures"]), "part": "value", "text": "arm64", "safe": true},
	}}
	count(rule.report) == 1 with input as _provider(64)
}

test_mapping_not_list if {
	some finding in rule.report with input as _provider({"arch": "arm64"})
	startswith(finding.message, "architectures is {\"arch\":\"arm64\"}, not a list")
}

test_unrelated_value_has_no_hint if {
	some finding in rule.report with input as _provider(["sparc"])
	endswith(finding.message, "x86_64 or arm64")
}

test_valid_pass if {
	count(rule.report) == 0 with input as _provider(["x86_64"])
	count(rule.report) == 0 with input as _provider(["arm64"])
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _provider({"$unknown": "${ssm:/arch}", "reason": "deploy time"})
	count(rule.report) == 0 with input as _provider([{"Ref": "Arch"}])
	count(rule.report) == 0 with input as _provider({"Fn::Split": [",", {"Ref": "Archs"}]})
}

test_absent_or_null_pass if {
	count(rule.report) == 0 with input as _provider(null)
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": {"name": "pool", "path": _path, "config": {}}}}
}

test_two_items_with_unknown if {
	some finding in rule.report with input as _provider(["arm64", {"$unknown": "${opt:arch}", "reason": "no value"}])
	startswith(finding.message, "architectures has 2 items (\"arm64\", ${opt:arch})")
}
