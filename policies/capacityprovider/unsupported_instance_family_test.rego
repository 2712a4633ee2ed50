package milint.rules.capacityprovider["unsupported-instance-family_test"]

import data.milint.rules.capacityprovider["unsupported-instance-family"] as rule

_path := ["provider", "capacityProviders", "pool"]

# Items as the input reads them (internal/policy/derived_instancetypes_test.go
# tests the reading of names). _type builds a name from its parts, lower
# case; _read takes the fields as given.
_type(class, generation, attributes, variant, size, arch) := _read(
	sprintf("%s.%s", [_family(class, generation, attributes, variant), size]),
	{
		"family": _family(class, generation, attributes, variant), "size": size, "architecture": arch,
		"class": class, "generation": generation, "attributes": attributes, "variant": variant,
	},
)

_family(class, generation, attributes, "") := sprintf("%s%d%s", [class, generation, attributes])

_family(class, generation, attributes, variant) := sprintf("%s%d%s-%s", [class, generation, attributes, variant]) if variant != ""

_read(name, fields) := object.union({"value": name, "valid": true, "wildcard": false}, fields)

# A provider whose allowedInstanceTypes are the items, written in its
# configuration and read in instanceTypes.
_allowed(items) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": {"allowedInstanceTypes": [item.value | some item in items]}},
	"instanceTypes": {"allowedInstanceTypes": [object.union(item, {"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", i])}) | some i, item in items]},
}}}

_messages(findings) := {f.message | some f in findings}

test_burstable if {
	findings := rule.report with input as _allowed([_type("m", 7, "i", "", "large", "x86_64"), _type("t", 3, "", "", "large", "x86_64")])
	findings == {{
		"rule": "MI011",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 1]),
		"message": "instance type \"t3.large\" is of the burstable (T) family; Lambda Managed Instances run on current-generation C (xlarge and up), M and R (large and up) instances, such as c7i.xlarge, m7i.large or r7i.large",
	}}
}

test_other_families if {
	findings := rule.report with input as _allowed([
		_type("t", 4, "g", "", "xlarge", "arm64"),
		_type("q", 9, "", "", "large", "x86_64"),
		_read("u-6tb1.metal", {"family": "u-6tb1", "size": "metal", "class": "u", "architecture": "x86_64"}),
	])
	_messages(findings) == {
		"instance type \"t4g.xlarge\" is of the burstable (T) family; Lambda Managed Instances run on current-generation C (xlarge and up), M and R (large and up) instances, such as c7g.xlarge, m7g.large or r8g.large",
		"instance type \"q9.large\" is of the \"q\" family; Lambda Managed Instances run on current-generation C (xlarge and up), M and R (large and up) instances, such as c7i.xlarge, m7i.large or r7i.large",
		"instance type \"u-6tb1.metal\" is of the high memory (U) family; Lambda Managed Instances run on current-generation C (xlarge and up), M and R (large and up) instances, such as c7i.xlarge, m7i.large or r7i.large",
	}
}

test_supported_class_without_generation if {
	findings := rule.report with input as _allowed([_read("r-x.large", {"family": "r-x", "size": "large", "class": "r", "architecture": "x86_64"})])
	_messages(findings) == {"instance type \"r-x.large\" is not a current-generation memory optimized (R) family; Lambda Managed Instances run on current-generation C (xlarge and up), M and R (large and up) instances, such as c7i.xlarge, m7i.large or r7i.large"}
}

test_family_without_class_not_judged if {
	count(rule.report) == 0 with input as _allowed([_read("7g.large", {"family": "7g", "size": "large", "architecture": "x86_64"})])
}

test_previous_generation if {
	findings := rule.report with input as _allowed([_type("m", 4, "", "", "large", "x86_64"), _type("c", 4, "g", "", "2xlarge", "arm64")])
	_messages(findings) == {
		"instance type \"m4.large\" is of a previous generation (4): Lambda Managed Instances run on the general purpose (M) family from generation 5; use a current type such as m7i.large",
		"instance type \"c4g.2xlarge\" is of a previous generation (4): Lambda Managed Instances run on the compute optimized (C) family from generation 5; use a current type such as c7g.xlarge",
	}
}

test_size_boundaries if {
	count(rule.report) == 0 with input as _allowed([
		_type("c", 7, "i", "", "xlarge", "x86_64"), _type("m", 7, "g", "", "large", "arm64"),
		_type("c", 8, "g", "", "metal-24xl", "arm64"), _type("r", 7, "i", "", "metal", "x86_64"),
	])
	findings := rule.report with input as _allowed([_type("c", 7, "g", "", "large", "arm64")])
	findings == {{
		"rule": "MI011",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 0]),
		"message": "instance type \"c7g.large\" is smaller than xlarge, the smallest compute optimized (C) size Lambda Managed Instances run on; use c7g.xlarge or larger",
	}}
	count(rule.report) == 1 with input as _allowed([_type("m", 7, "g", "", "medium", "arm64")])
}

test_unlisted_size_not_judged if {
	count(rule.report) == 0 with input as _allowed([_type("m", 7, "i", "", "huge", "x86_64")])
}

test_variants if {
	count(rule.report) == 0 with input as _allowed([_type("m", 7, "i", "flex", "large", "x86_64")])
	findings := rule.report with input as _allowed([_type("m", 7, "i", "huge", "large", "x86_64")])
	_messages(findings) == {"instance type \"m7i-huge.large\" is a huge variant, which Lambda Managed Instances do not run on; use m7i.large"}
}

test_name_quoted_as_written if {
	findings := rule.report with input as _allowed([_read("T3.LARGE", {"family": "t3", "size": "large", "class": "t", "generation": 3, "attributes": "", "variant": "", "architecture": "x86_64"})])
	_messages(findings) == {"instance type \"T3.LARGE\" is of the burstable (T) family; Lambda Managed Instances run on current-generation C (xlarge and up), M and R (large and up) instances, such as c7i.xlarge, m7i.large or r7i.large"}
}

test_skipped_items if {
	# Wildcards, invalid names and unknown values are other rules' business;
	# excluded types may be of any family.
	count(rule.report) == 0 with input as _allowed([
		{"value": "t3.*", "valid": false, "wildcard": true},
		{"value": "t3 large", "valid": false, "wildcard": false},
		{"value": {"Ref": "T"}, "valid": false, "wildcard": false},
	])
	t3 := _type("t", 3, "", "", "large", "x86_64")
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": {
		"name": "pool",
		"path": _path,
		"config": {"instanceRequirements": {"excludedInstanceTypes": ["t3.large"]}},
		"instanceTypes": {"excludedInstanceTypes": [object.union(t3, {"path": array.concat(_path, ["instanceRequirements", "excludedInstanceTypes", 0])})]},
	}}}
}

# A single type is wrapped into a one-item list by the framework's schema:
# the input reads it at the key.
test_single_type if {
	t3 := _type("t", 3, "", "", "large", "x86_64")
	findings := rule.report with input as {"capacityProviders": {"pool": {
		"name": "pool",
		"path": _path,
		"config": {"instanceRequirements": {"allowedInstanceTypes": "t3.large"}},
		"instanceTypes": {"allowedInstanceTypes": [object.union(t3, {"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"])})]},
	}}}
	some f in findings
	f.path == array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"])
	startswith(f.message, "instance type \"t3.large\" is of the burstable (T) family")
}
