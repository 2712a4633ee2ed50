package milint.rules.capacityprovider["missing-vpc_test"]

import data.milint.rules.capacityprovider["missing-vpc"] as rule

_cp_path := ["provider", "capacityProviders", "pool"]

_declared(vpc) := {"name": "pool", "declared": true, "path": _cp_path, "vpc": vpc, "references": []}

test_own_vpc_without_security_groups if {
	findings := rule.report with input as {
		"config": {"provider": {}},
		"capacityProviders": {"pool": _declared({"value": {"subnetIds": ["subnet-1"]}, "path": array.concat(_cp_path, ["vpc"]), "inherited": false})},
	}
	findings == {{
		"rule": "MI001",
		"path": _cp_path,
		"message": "capacity provider \"pool\" uses a VPC without securityGroupIds: add a non-empty securityGroupIds list",
	}}
}

test_own_vpc_replaces_provider_vpc_whole if {
	some finding in rule.report with input as {
		"config": {"provider": {"vpc": {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]}}},
		"capacityProviders": {"pool": _declared({"value": {"subnetIds": ["subnet-1"]}, "path": array.concat(_cp_path, ["vpc"]), "inherited": false})},
	}
	contains(finding.message, "replaces provider.vpc whole")
}

test_inherited_vpc_relates_provider_vpc if {
	findings := rule.report with input as {
		"config": {"provider": {"vpc": {"securityGroupIds": ["sg-1"]}}},
		"capacityProviders": {"pool": _declared({"value": {"securityGroupIds": ["sg-1"]}, "path": ["provider", "vpc"], "inherited": true})},
	}
	some finding in findings
	finding.related == [{"path": ["provider", "vpc"], "message": "the VPC it inherits from provider.vpc"}]
}

test_no_vpc if {
	count(rule.report) == 1 with input as {
		"config": {"provider": {}},
		"capacityProviders": {"pool": _declared({"value": null, "path": null, "inherited": false})},
	}
}

test_auto_created_default_reports_each_reference if {
	refs := [["functions", "a", "capacityProvider"], ["functions", "b", "capacityProvider"]]
	findings := rule.report with input as {
		"config": {"provider": {}},
		"capacityProviders": {"default": {"name": "default", "declared": false, "path": null, "references": refs, "vpc": {"value": null, "path": null, "inherited": false}}},
	}
	{f.path | some f in findings} == {r | some r in refs}
}

test_unknown_and_intrinsic_lists_count_as_present if {
	vpc := {"value": {"subnetIds": {"Fn::Split": [",", "x"]}, "securityGroupIds": {"$unknown": "${ssm:/sg}", "reason": "deploy time"}}, "path": array.concat(_cp_path, ["vpc"]), "inherited": false}
	count(rule.report) == 0 with input as {"config": {"provider": {}}, "capacityProviders": {"pool": _declared(vpc)}}
}

test_unknown_vpc_passes if {
	vpc := {"value": {"$unknown": "${ssm:/vpc}", "reason": "deploy time"}, "path": array.concat(_cp_path, ["vpc"]), "inherited": false}
	count(rule.report) == 0 with input as {"config": {"provider": {}}, "capacityProviders": {"pool": _declared(vpc)}}
}

# A single ID is wrapped into a one-item list by the framework's schema:
# the list is present.
test_single_values_count_as_present if {
	vpc := {"value": {"subnetIds": "subnet-0a1", "securityGroupIds": "sg-0a1"}, "path": array.concat(_cp_path, ["vpc"]), "inherited": false}
	count(rule.report) == 0 with input as {"config": {"provider": {}}, "capacityProviders": {"pool": _declared(vpc)}}
}
