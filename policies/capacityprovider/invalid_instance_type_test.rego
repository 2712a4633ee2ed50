package milint.rules.capacityprovider["invalid-instance-type_test"]

import data.milint.rules.capacityprovider["invalid-instance-type"] as rule

_path := ["provider", "capacityProviders", "pool"]

# Items as the input reads them (internal/policy/derived_instancetypes_test.go
# tests which names are valid and which are wildcards).
_name(name) := {"value": name, "valid": true, "wildcard": false}

_wildcard(name) := {"value": name, "valid": false, "wildcard": true}

_other(value) := {"value": value, "valid": false, "wildcard": false}

# A provider with the lists of items, written in its configuration and
# read in instanceTypes.
_provider(lists) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": {key: [item.value | some item in items] | some key, items in lists}},
	"instanceTypes": {key: [object.union(item, {"path": array.concat(_path, ["instanceRequirements", key, i])}) | some i, item in items] | some key, items in lists},
}}}

_allowed(items) := _provider({"allowedInstanceTypes": items})

# A provider whose list key holds one item written without a list, which
# the input reads as the list's one item, at the key.
_single(key, item) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": {key: item.value}},
	"instanceTypes": {key: [object.union(item, {"path": array.concat(_path, ["instanceRequirements", key])})]},
}}}

# A provider whose list key holds a mapping or null: the input reads no
# items from it.
_no_items(key, value) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": {key: value}},
	"instanceTypes": {},
}}}

test_space_in_name if {
	findings := rule.report with input as _allowed([_name("m7i.large"), _other("m7i xlarge")])
	findings == {{
		"rule": "MI010",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 1]),
		"message": "instance type \"m7i xlarge\" has characters other than letters, digits, '.' and '-'; write the EC2 name such as m7i.large",
	}}
}

test_each_problem if {
	findings := rule.report with input as _allowed([
		_other("m7i"), _other("m7i..large"), _other(""), _other(42), _other(null),
		_other("a23456789.123456789012345678901"), _other("m7i_large"),
	])
	{[f.path[5], f.message] | some f in findings} == {
		[0, "instance type \"m7i\" has no size; write family.size, such as m7i.large"],
		[1, "instance type \"m7i..large\" is not family.size (one '.' between the family and the size), such as m7i.large"],
		[2, "instance type \"\" is empty; write an EC2 instance type name such as m7i.large"],
		[3, "instance type 42 is a number, not a string; write an EC2 instance type name such as m7i.large"],
		[4, "instance type null is null, not a string; write an EC2 instance type name such as m7i.large"],
		[5, "instance type \"a23456789.123456789012345678901\" is 31 characters long; an EC2 instance type name has at most 30"],
		[6, "instance type \"m7i_large\" has characters other than letters, digits, '.' and '-'; write the EC2 name such as m7i.large"],
	}
}

test_wildcard_is_warning if {
	findings := rule.report with input as _provider({"excludedInstanceTypes": [_wildcard("m7g.*")]})
	findings == {{
		"rule": "MI010",
		"level": "warning",
		"path": array.concat(_path, ["instanceRequirements", "excludedInstanceTypes", 0]),
		"message": "instance type \"m7g.*\" is a wildcard; the Lambda API accepts it but CloudFormation's schema for AWS::Lambda::CapacityProvider does not: list the types by full name",
	}}
}

test_empty_list if {
	findings := rule.report with input as _provider({"excludedInstanceTypes": []})
	findings == {{
		"rule": "MI010",
		"path": array.concat(_path, ["instanceRequirements", "excludedInstanceTypes"]),
		"level": "note",
		"message": "excludedInstanceTypes is an empty list, which has no effect: the framework leaves an empty list out (the Lambda API would accept it); remove the key, or list instance types",
	}}
	some f in rule.report with input as _provider({"allowedInstanceTypes": []})
	f.level == "note"
}

test_list_length_boundary if {
	types := [_name(sprintf("m7i.%dxlarge", [i])) | some i in numbers.range(1, 400)]
	count(types) == 400
	count(rule.report) == 0 with input as _allowed(types)
	findings := rule.report with input as _allowed(array.concat(types, [_name("m7i.large")]))
	findings == {{
		"rule": "MI010",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"]),
		"message": "allowedInstanceTypes lists 401 instance types; at most 400 are allowed",
	}}
}

# The framework's schema wraps a single name into a one-item list: only
# the name is judged, at the key.
test_single_name_passes if {
	count(rule.report) == 0 with input as _single("allowedInstanceTypes", _name("m7i.large"))
}

test_single_bad_name if {
	findings := rule.report with input as _single("allowedInstanceTypes", _other("m7i"))
	findings == {{
		"rule": "MI010",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"]),
		"message": "instance type \"m7i\" has no size; write family.size, such as m7i.large",
	}}
}

test_single_wildcard_is_warning if {
	some f in rule.report with input as _single("allowedInstanceTypes", _wildcard("m7g.*"))
	f.level == "warning"
	f.path == array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"])
}

test_mapping_not_list if {
	findings := rule.report with input as _no_items("allowedInstanceTypes", {"type": "m7i.large"})
	findings == {{
		"rule": "MI010",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"]),
		"message": "allowedInstanceTypes is a mapping, not a list; write a list of instance types, such as [m7i.large]",
	}}
}

test_valid_names_pass if {
	count(rule.report) == 0 with input as _allowed([_name("m7i.large"), _name("u-12tb1.metal"), _name("M7I.LARGE")])
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _no_items("allowedInstanceTypes", {"$unknown": "${ssm:/types}", "reason": "deploy time"})
	count(rule.report) == 0 with input as _no_items("allowedInstanceTypes", {"Fn::Split": [",", {"Ref": "Types"}]})
	count(rule.report) == 0 with input as _allowed([_other({"$unknown": "${opt:type}", "reason": "no value"}), _other({"Ref": "Type"})])
}

test_null_list_passes if {
	count(rule.report) == 0 with input as _no_items("allowedInstanceTypes", null)
}
