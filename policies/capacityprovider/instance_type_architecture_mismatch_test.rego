package milint.rules.capacityprovider["instance-type-architecture-mismatch_test"]

import data.milint.rules.capacityprovider["instance-type-architecture-mismatch"] as rule

_path := ["provider", "capacityProviders", "pool"]

_default_x86 := {"value": "x86_64", "path": null, "inherited": false}

_arm_from_list := {"value": "arm64", "path": array.concat(_path, ["instanceRequirements", "architectures", 0]), "inherited": false}

# Items as the input reads them (internal/policy/derived_instancetypes_test.go
# tests the reading of names): a type name of an architecture, a wildcard,
# or anything else.
_type(name, arch) := {"value": name, "valid": true, "wildcard": false, "architecture": arch}

_wildcard(name) := {"value": name, "valid": false, "wildcard": true}

_other(value) := {"value": value, "valid": false, "wildcard": false}

# A provider with the lists of items, written in its configuration and
# read in instanceTypes.
_provider(requirements, lists, arch) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": object.union(requirements, {key: [item.value | some item in items] | some key, items in lists})},
	"architecture": arch,
	"instanceTypes": {key: [object.union(item, {"path": array.concat(_path, ["instanceRequirements", key, i])}) | some i, item in items] | some key, items in lists},
}}}

# A provider with one item written without a list, at the key.
_single(requirements, key, item, arch) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": object.union(requirements, {key: item.value})},
	"architecture": arch,
	"instanceTypes": {key: [object.union(item, {"path": array.concat(_path, ["instanceRequirements", key])})]},
}}}

test_graviton_on_default_x86 if {
	findings := rule.report with input as _provider({}, {"allowedInstanceTypes": [_type("r7i.large", "x86_64"), _type("r7g.large", "arm64")]}, _default_x86)
	findings == {{
		"rule": "MI009",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 1]),
		"message": "allowed instance type \"r7g.large\" is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (the default); allow x86_64 types only, or set instanceRequirements.architectures to [arm64]",
	}}
}

test_x86_on_arm_relates_architecture if {
	findings := rule.report with input as _provider(
		{"architectures": ["arm64"]},
		{"allowedInstanceTypes": [_type("m7i.large", "x86_64")]},
		_arm_from_list,
	)
	findings == {{
		"rule": "MI009",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 0]),
		"message": "allowed instance type \"m7i.large\" is an x86_64 type, but capacity provider \"pool\" runs arm64 instances; allow arm64 types only, or set instanceRequirements.architectures to [x86_64]",
		"related": [{"path": _arm_from_list.path, "message": "the architecture arm64 is set here"}],
	}}
}

test_every_type_of_the_other_architecture if {
	types := [_type("c7gn.xlarge", "arm64"), _type("a1.large", "arm64"), _type("R7G.LARGE", "arm64")]
	count(rule.report) == count(types) with input as _provider({}, {"allowedInstanceTypes": types}, _default_x86)
	findings := rule.report with input as _provider({}, {"allowedInstanceTypes": types}, {"value": "x86_64", "path": ["provider", "architecture"], "inherited": true})
	{f.message | some f in findings} == {
		"allowed instance type \"c7gn.xlarge\" is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (from provider.architecture); allow x86_64 types only, or set instanceRequirements.architectures to [arm64]",
		"allowed instance type \"a1.large\" is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (from provider.architecture); allow x86_64 types only, or set instanceRequirements.architectures to [arm64]",
		"allowed instance type \"R7G.LARGE\" is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (from provider.architecture); allow x86_64 types only, or set instanceRequirements.architectures to [arm64]",
	}
	count(rule.report) == 0 with input as _provider({}, {"allowedInstanceTypes": types}, {"value": "arm64", "path": ["provider", "architecture"], "inherited": true})
}

test_wildcard_unknown_and_invalid_skipped if {
	types := [_wildcard("r7g.*"), _other({"$unknown": "${ssm:/t}", "reason": "deploy time"}), _other({"Ref": "T"}), _other("r7g large")]
	count(rule.report) == 0 with input as _provider({}, {"allowedInstanceTypes": types}, _default_x86)
}

test_unknown_architecture_not_judged if {
	unknown := {"value": {"$unknown": "${ssm:/arch}", "reason": "deploy time"}, "path": array.concat(_path, ["instanceRequirements", "architectures"]), "inherited": false}
	count(rule.report) == 0 with input as _provider({"architectures": unknown.value}, {"allowedInstanceTypes": [_type("r7g.large", "arm64")]}, unknown)
	count(rule.report) == 0 with input as _provider({"architectures": {"Ref": "Arch"}}, {"allowedInstanceTypes": [_type("r7g.large", "arm64")]}, unknown)
}

test_invalid_architectures_left_to_mi008 if {
	arch := {"value": "arm64", "path": array.concat(_path, ["instanceRequirements", "architectures", 0]), "inherited": false}
	types := {"allowedInstanceTypes": [_type("m7i.large", "x86_64")]}
	count(rule.report) == 0 with input as _provider({"architectures": ["arm64", "x86_64"]}, types, arch)
	count(rule.report) == 0 with input as _provider({"architectures": ["ARM64"]}, types, {"value": "ARM64", "path": arch.path, "inherited": false})
	count(rule.report) == 1 with input as _provider({"architectures": ["arm64"]}, types, arch)
}

test_exclusion_of_other_architecture_only if {
	findings := rule.report with input as _provider({}, {"excludedInstanceTypes": [_type("r7g.large", "arm64"), _type("c7gn.xlarge", "arm64")]}, _default_x86)
	findings == {{
		"rule": "MI009",
		"level": "warning",
		"path": array.concat(_path, ["instanceRequirements", "excludedInstanceTypes"]),
		"message": "every excluded instance type is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (the default), so the exclusion does nothing; exclude x86_64 types, or remove excludedInstanceTypes",
	}}
}

test_exclusion_with_one_own_type_passes if {
	count(rule.report) == 0 with input as _provider({}, {"excludedInstanceTypes": [_type("r7g.large", "arm64"), _type("r7i.large", "x86_64")]}, _default_x86)
}

test_exclusion_with_wildcard_or_unknown_passes if {
	count(rule.report) == 0 with input as _provider({}, {"excludedInstanceTypes": [_type("r7g.large", "arm64"), _wildcard("r7*.large")]}, _default_x86)
	count(rule.report) == 0 with input as _provider({}, {"excludedInstanceTypes": [_type("r7g.large", "arm64"), _other({"Ref": "T"})]}, _default_x86)
	count(rule.report) == 0 with input as _provider({}, {"excludedInstanceTypes": []}, _default_x86)
}

# Single values are wrapped into one-item lists by the framework's schema:
# an allowed type at its key, an architecture as the provider's.
test_single_allowed_type if {
	findings := rule.report with input as _single({}, "allowedInstanceTypes", _type("r7g.large", "arm64"), _default_x86)
	findings == {{
		"rule": "MI009",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"]),
		"message": "allowed instance type \"r7g.large\" is a Graviton (arm64) type, but capacity provider \"pool\" runs x86_64 instances (the default); allow x86_64 types only, or set instanceRequirements.architectures to [arm64]",
	}}
}

test_single_architectures_value if {
	# The loader falls back to the default for a single value; the rule
	# takes the value itself.
	findings := rule.report with input as _provider({"architectures": "arm64"}, {"allowedInstanceTypes": [_type("m7i.large", "x86_64")]}, _default_x86)
	some f in findings
	f.path == array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 0])
	f.related == [{"path": array.concat(_path, ["instanceRequirements", "architectures"]), "message": "the architecture arm64 is set here"}]
	count(rule.report) == 0 with input as _provider({"architectures": "arm64"}, {"allowedInstanceTypes": [_type("m7g.large", "arm64")]}, _default_x86)
	count(rule.report) == 0 with input as _provider({"architectures": "ARM64"}, {"allowedInstanceTypes": [_type("m7i.large", "x86_64")]}, _default_x86)
}

test_single_excluded_type if {
	findings := rule.report with input as _single({}, "excludedInstanceTypes", _type("r7g.large", "arm64"), _default_x86)
	some f in findings
	f.level == "warning"
	f.path == array.concat(_path, ["instanceRequirements", "excludedInstanceTypes"])
}
