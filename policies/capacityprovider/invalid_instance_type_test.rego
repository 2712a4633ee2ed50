package milint.rules.capacityprovider["invalid-instance-type_test"]

import data.milint.rules.capacityprovider["invalid-instance-type"] as rule

_path := ["provider", "capacityProviders", "pool"]

_provider(requirements) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": requirements},
}}}

_allowed(types) := _provider({"allowedInstanceTypes": types})

test_space_in_name if {
	findings := rule.report with input as _allowed(["m7i.large", "m7i xlarge"])
	findings == {{
		"rule": "MI010",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 1]),
		"message": "instance type \"m7i xlarge\" has characters other than letters, digits, '.' and '-'; write the EC2 name such as m7i.large",
	}}
}

test_bad_items if {
	bad := ["m7i", "m7i..large", ".large", "m7i.", "", 42, null, "a23456789.123456789012345678901"]
	count(rule.report) == count(bad) with input as _allowed(bad)
}

test_length_boundary if {
	# 30 characters pass, 31 fail.
	count(rule.report) == 0 with input as _allowed(["u7in-32tb.metal-224xlarge-abcd"])
	count(rule.report) == 1 with input as _allowed(["u7in-32tb.metal-224xlarge-abcde"])
}

test_wildcard_is_warning if {
	findings := rule.report with input as _provider({"excludedInstanceTypes": ["m7g.*"]})
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
	types := [sprintf("m7i.%dxlarge", [i]) | some i in numbers.range(1, 400)]
	count(types) == 400
	count(rule.report) == 0 with input as _allowed(types)
	findings := rule.report with input as _allowed(array.concat(types, ["m7i.large"]))
	findings == {{
		"rule": "MI010",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"]),
		"message": "allowedInstanceTypes lists 401 instance types; at most 400 are allowed",
	}}
}

# The framework's schema wraps a single name into a one-item list: only
# the name is judged, at the key.
test_single_name_passes if {
	count(rule.report) == 0 with input as _allowed("m7i.large")
}

test_single_bad_name if {
	findings := rule.report with input as _allowed("m7i")
	findings == {{
		"rule": "MI010",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"]),
		"message": "instance type \"m7i\" has no size; write family.size, such as m7i.large",
	}}
}

test_single_wildcard_is_warning if {
	some f in rule.report with input as _allowed("m7g.*")
	f.level == "warning"
	f.path == array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"])
}

test_mapping_not_list if {
	some finding in rule.report with input as _allowed({"type": "m7i.large"})
	finding.message == "allowedInstanceTypes is a mapping, not a list; write a list of instance types, such as [m7i.large]"
}

test_valid_names_pass if {
	count(rule.report) == 0 with input as _allowed(["m7i.large", "c7gn.16xlarge", "r7iz.metal-16xl", "u-12tb1.metal", "M7I.LARGE"])
}

test_unknown_and_intrinsic_pass if {
	count(rule.report) == 0 with input as _allowed({"$unknown": "${ssm:/types}", "reason": "deploy time"})
	count(rule.report) == 0 with input as _allowed({"Fn::Split": [",", {"Ref": "Types"}]})
	count(rule.report) == 0 with input as _allowed([{"$unknown": "${opt:type}", "reason": "no value"}, {"Ref": "Type"}])
}

test_null_list_passes if {
	count(rule.report) == 0 with input as _allowed(null)
}
