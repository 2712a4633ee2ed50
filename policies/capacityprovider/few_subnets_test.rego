package milint.rules.capacityprovider["few-subnets_test"]

import data.milint.rules.capacityprovider["few-subnets"] as rule

_own(name, subnets) := {
	"name": name,
	"declared": true,
	"path": ["provider", "capacityProviders", name],
	"references": [],
	"vpc": {"value": {"subnetIds": subnets, "securityGroupIds": ["sg-1"]}, "path": ["provider", "capacityProviders", name, "vpc"], "inherited": false},
}

_inheriting(name, subnets) := {
	"name": name,
	"declared": true,
	"path": ["provider", "capacityProviders", name],
	"references": [],
	"vpc": {"value": {"subnetIds": subnets, "securityGroupIds": ["sg-1"]}, "path": ["provider", "vpc"], "inherited": true},
}

test_two_subnets if {
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", ["subnet-1", "subnet-2"])}}
	findings == {{
		"rule": "MI016",
		"path": ["provider", "capacityProviders", "pool", "vpc", "subnetIds"],
		"message": "subnetIds lists 2 distinct subnets; Lambda spreads a capacity provider's instances over its subnets' Availability Zones: list at least 3 subnets, in different zones",
	}}
}

test_one_subnet_and_duplicates if {
	count(rule.report) == 1 with input as {"capacityProviders": {"pool": _own("pool", ["subnet-1"])}}
	count(rule.report) == 1 with input as {"capacityProviders": {"pool": _own("pool", ["subnet-1", "subnet-1", "subnet-2"])}}
}

test_three_pass if {
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", ["subnet-1", "subnet-2", "subnet-3"])}}
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", [{"Ref": "A"}, {"Ref": "B"}, {"Ref": "C"}])}}
}

test_shared_provider_vpc_reported_once if {
	findings := rule.report with input as {"capacityProviders": {
		"a": _inheriting("a", ["subnet-1", "subnet-2"]),
		"b": _inheriting("b", ["subnet-1", "subnet-2"]),
	}}
	count(findings) == 1
	some f in findings
	f.path == ["provider", "vpc", "subnetIds"]
	f.related == [{"path": ["provider", "capacityProviders", "a"], "message": "provider.vpc is the VPC of capacity providers \"a\", \"b\""}]
}

test_unknown_lists_and_items_pass if {
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", {"Fn::Split": [",", "x"]})}}
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", {"$unknown": "${ssm:/s}", "reason": "deploy time"})}}
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", ["subnet-1", {"$unknown": "${ssm:/s}", "reason": "deploy time"}])}}
}

test_empty_list_is_mi001s if {
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": _own("pool", [])}}
}

# A single subnet is wrapped into a one-item list by the framework's schema.
test_single_subnet_value if {
	findings := rule.report with input as {"capacityProviders": {"pool": _own("pool", "subnet-1")}}
	some f in findings
	f.path == ["provider", "capacityProviders", "pool", "vpc", "subnetIds"]
	startswith(f.message, "subnetIds lists 1 distinct subnet;")
}
