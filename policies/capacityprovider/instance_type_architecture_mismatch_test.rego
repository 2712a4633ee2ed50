package milint.rules.capacityprovider["instance-type-architecture-mismatch_test"]

import data.milint.rules.capacityprovider["instance-type-architecture-mismatch"] as rule

_path := ["provider", "capacityProviders", "pool"]

_default_x86 := {"value": "x86_64", "path": null, "inherited": false}

_arm_from_list := {"value": "arm64", "path": array.concat(_path, ["instanceRequirements", "architectures", 0]), "inherited": false}

_provider(requirements, arch) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": requirements},
	"architecture": arch,
}}}

test_graviton_on_default_x86 if {
	findings := rule.report with input as _provider({"allowedInstanceTypes": ["r7i.large", "r7g.large"]}, _default_x86)
	findings == {{
		"rule": "MI009",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 1]),
		"message": "allowed instance type \"r7g.large\" is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (the default); allow x86_64 types only, or set instanceRequirements.architectures to [arm64]",
	}}
}

test_x86_on_arm_relates_architecture if {
	findings := rule.report with input as _provider(
		{"architectures": ["arm64"], "allowedInstanceTypes": ["m7i.large"]},
		_arm_from_list,
	)
	some finding in findings
	finding.related == [{"path": _arm_from_list.path, "message": "the architecture arm64 is set here"}]
}

test_graviton_names if {
	types := ["c7gn.xlarge", "m6gd.large", "c8g.xlarge", "x2gd.large", "im4gn.large", "a1.large", "R7G.LARGE"]
	count(rule.report) == count(types) with input as _provider({"allowedInstanceTypes": types}, _default_x86)
	count(rule.report) == 0 with input as _provider({"allowedInstanceTypes": types}, {"value": "arm64", "path": ["provider", "architecture"], "inherited": true})
}

test_x86_names_pass_on_x86 if {
	types := ["m7i.large", "c7a.xlarge", "r6id.large", "g5.xlarge", "inf2.xlarge", "u-12tb1.metal"]
	count(rule.report) == 0 with input as _provider({"allowedInstanceTypes": types}, _default_x86)
}

test_wildcard_unknown_and_invalid_skipped if {
	types := ["r7g.*", {"$unknown": "${ssm:/t}", "reason": "deploy time"}, {"Ref": "T"}, "r7g large"]
	count(rule.report) == 0 with input as _provider({"allowedInstanceTypes": types}, _default_x86)
}

test_unknown_architecture_not_judged if {
	unknown := {"value": {"$unknown": "${ssm:/arch}", "reason": "deploy time"}, "path": array.concat(_path, ["instanceRequirements", "architectures"]), "inherited": false}
	count(rule.report) == 0 with input as _provider({"architectures": {"$unknown": "${ssm:/arch}", "reason": "deploy time"}, "allowedInstanceTypes": ["r7g.large"]}, unknown)
}

test_invalid_architectures_left_to_mi008 if {
	arch := {"value": "arm64", "path": array.concat(_path, ["instanceRequirements", "architectures", 0]), "inherited": false}
	count(rule.report) == 0 with input as _provider({"architectures": ["arm64", "x86_64"], "allowedInstanceTypes": ["m7i.large"]}, arch)
	count(rule.report) == 0 with input as _provider({"architectures": ["ARM64"], "allowedInstanceTypes": ["m7i.large"]}, {"value": "ARM64", "path": arch.path, "inherited": false})
}

test_exclusion_of_other_architecture_only if {
	findings := rule.report with input as _provider({"excludedInstanceTypes": ["r7g.large", "c7gn.xlarge"]}, _default_x86)
	findings == {{
		"rule": "MI009",
		"level": "warning",
		"path": array.concat(_path, ["instanceRequirements", "excludedInstanceTypes"]),
		"message": "every excluded instance type is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (the default), so the exclusion does nothing; exclude x86_64 types, or remove excludedInstanceTypes",
	}}
}

test_exclusion_with_one_own_type_passes if {
	count(rule.report) == 0 with input as _provider({"excludedInstanceTypes": ["r7g.large", "r7i.large"]}, _default_x86)
}

test_exclusion_with_wildcard_or_unknown_passes if {
	count(rule.report) == 0 with input as _provider({"excludedInstanceTypes": ["r7g.large", "r7*.large"]}, _default_x86)
	count(rule.report) == 0 with input as _provider({"excludedInstanceTypes": ["r7g.large", {"Ref": "T"}]}, _default_x86)
	count(rule.report) == 0 with input as _provider({"excludedInstanceTypes": []}, _default_x86)
}

# Single values are wrapped into one-item lists by the framework's schema:
# an allowed type at its key, an architecture as the provider's.
test_single_allowed_type if {
	findings := rule.report with input as _provider({"allowedInstanceTypes": "r7g.large"}, _default_x86)
	findings == {{
		"rule": "MI009",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"]),
		"message": "allowed instance type \"r7g.large\" is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (the default); allow x86_64 types only, or set instanceRequirements.architectures to [arm64]",
	}}
}

test_single_architectures_value if {
	# The loader falls back to the default for a single value; the rule
	# takes the value itself.
	findings := rule.report with input as _provider({"architectures": "arm64", "allowedInstanceTypes": ["m7i.large"]}, _default_x86)
	some f in findings
	f.path == array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 0])
	f.related == [{"path": array.concat(_path, ["instanceRequirements", "architectures"]), "message": "the architecture arm64 is set here"}]
	count(rule.report) == 0 with input as _provider({"architectures": "arm64", "allowedInstanceTypes": ["m7g.large"]}, _default_x86)
	count(rule.report) == 0 with input as _provider({"architectures": "ARM64", "allowedInstanceTypes": ["m7i.large"]}, _default_x86)
}

test_single_excluded_type if {
	findings := rule.report with input as _provider({"excludedInstanceTypes": "r7g.large"}, _default_x86)
	some f in findings
	f.level == "warning"
	f.path == array.concat(_path, ["instanceRequirements", "excludedInstanceTypes"])
}
