package milint.rules.capacityprovider["vpc-limits_test"]

import data.milint.rules.capacityprovider["vpc-limits"] as rule

_subnets(n) := [sprintf("subnet-%03x", [i]) | some i in numbers.range(1, n)]

_groups(n) := [sprintf("sg-%03x", [i]) | some i in numbers.range(1, n)]

_own(name, vpc) := {
	"name": name,
	"declared": true,
	"path": ["provider", "capacityProviders", name],
	"references": [],
	"vpc": {"value": vpc, "path": ["provider", "capacityProviders", name, "vpc"], "inherited": false},
}

_inheriting(name, vpc) := {
	"name": name,
	"declared": true,
	"path": ["provider", "capacityProviders", name],
	"references": [],
	"vpc": {"value": vpc, "path": ["provider", "vpc"], "inherited": true},
}

test_too_many_subnets if {
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", {"subnetIds": _subnets(17), "securityGroupIds": ["sg-1"]})}}
	findings == {{
		"rule": "MI015",
		"path": ["provider", "capacityProviders", "pool", "vpc", "subnetIds"],
		"message": "subnetIds lists 17 subnets; a capacity provider's VPC takes at most 16: remove 1",
	}}
}

test_limits_pass if {
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", {"subnetIds": _subnets(16), "securityGroupIds": _groups(5)})}}
}

test_too_many_security_groups if {
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", {"subnetIds": _subnets(3), "securityGroupIds": _groups(6)})}}
	{f.path | some f in findings} == {["provider", "capacityProviders", "pool", "vpc", "securityGroupIds"]}
}

test_shared_provider_vpc_reported_once if {
	vpc := {"subnetIds": _subnets(17), "securityGroupIds": ["sg-1"]}
	findings := rule.report with input as {"capacityProviders": {
		"b": _inheriting("b", vpc),
		"a": _inheriting("a", vpc),
		"default": {"name": "default", "declared": false, "path": null, "references": [["functions", "f", "capacityProvider"]], "vpc": {"value": vpc, "path": ["provider", "vpc"], "inherited": true}},
	}}
	findings == {{
		"rule": "MI015",
		"path": ["provider", "vpc", "subnetIds"],
		"message": "subnetIds lists 17 subnets; a capacity provider's VPC takes at most 16: remove 1",
		"related": [{"path": ["provider", "capacityProviders", "a"], "message": "provider.vpc is the VPC of capacity providers \"a\", \"b\", \"default\""}],
	}}
}

test_bad_ids if {
	vpc := {"subnetIds": ["subnet-0a1", "sg-0b2", "subnet_0c3", 42], "securityGroupIds": ["sg-1", "subnet-0b2", "default"]}
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", vpc)}}
	base := ["provider", "capacityProviders", "pool", "vpc"]
	{f.path | some f in findings} == {
		array.concat(base, ["subnetIds", 1]),
		array.concat(base, ["subnetIds", 2]),
		array.concat(base, ["subnetIds", 3]),
		array.concat(base, ["securityGroupIds", 1]),
		array.concat(base, ["securityGroupIds", 2]),
	}
	some swapped in findings
	swapped.path == array.concat(base, ["subnetIds", 1])
	contains(swapped.message, "move it to securityGroupIds")
}

# The framework's schema wraps a single value into a one-item list: a
# valid ID passes, anything else is judged as an item, at the key.
test_single_values if {
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", {"subnetIds": _subnets(3), "securityGroupIds": "sg-1"})}}
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", {"subnetIds": "subnet-1,subnet-2", "securityGroupIds": ["sg-1"]})}}
	findings == {{
		"rule": "MI015",
		"path": ["provider", "capacityProviders", "pool", "vpc", "subnetIds"],
		"message": "\"subnet-1,subnet-2\" is not a subnet ID; subnetIds takes subnet IDs (subnet-...): write several subnet IDs as a list, one item each, not one comma-separated string",
	}}
}

test_mapping_not_a_list if {
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", {"subnetIds": {"a": "subnet-1"}, "securityGroupIds": ["sg-1"]})}}
	{f.message | some f in findings} == {"subnetIds is a mapping, not a list; write it as a list of subnet IDs"}
}

test_ipv6_in_own_vpc if {
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", {"subnetIds": _subnets(3), "securityGroupIds": ["sg-1"], "ipv6AllowedForDualStack": null})}}
	{f.path | some f in findings} == {["provider", "capacityProviders", "pool", "vpc", "ipv6AllowedForDualStack"]}
}

test_ipv6_in_inherited_vpc_passes if {
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _inheriting("pool", {"subnetIds": _subnets(3), "securityGroupIds": ["sg-1"], "ipv6AllowedForDualStack": true})}}
}

test_unknown_and_intrinsic_pass if {
	vpc := {
		"subnetIds": [{"Ref": "SubnetA"}, {"$unknown": "${ssm:/s}", "reason": "deploy time"}, "subnet-0c3"],
		"securityGroupIds": {"Fn::Split": [",", "x"]},
	}
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", vpc)}}
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", {"$unknown": "${ssm:/vpc}", "reason": "deploy time"})}}
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", null)}}
}

test_unused_provider_vpc_not_judged if {
	# Only the providers' effective VPCs are judged; provider.vpc in config is not read.
	count(rule.report) == 0 with input as {
		"config": {"provider": {"vpc": {"subnetIds": _subnets(20), "securityGroupIds": ["x"]}}},
		"capacityProviders": {"pool": _own("pool", {"subnetIds": _subnets(3), "securityGroupIds": ["sg-1"]})},
	}
}

# A well-formed VPC passes in one match of each list as JSON: an item that
# only looks well-formed there, or is no string, is still judged alone.
test_items_judged_alone_when_the_list_is_not_plain if {
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", {
		"subnetIds": ["subnet-0a1", "subnet-0b2\",\"subnet-0c3", 5],
		"securityGroupIds": ["sg-0a1"],
	})}}
	{f.path | some f in findings} == {
		["provider", "capacityProviders", "pool", "vpc", "subnetIds", 1],
		["provider", "capacityProviders", "pool", "vpc", "subnetIds", 2],
	}
}

test_empty_lists_pass if {
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", {"subnetIds": [], "securityGroupIds": []})}}
}
