package milint.rules.service["capacity-provider-replaced_test"]

import data.milint.rules.service["capacity-provider-replaced"] as rule

_path := ["provider", "capacityProviders", "pool"]

_vpc := {"subnetIds": ["subnet-0a1", "subnet-0b2", "subnet-0c3"], "securityGroupIds": ["sg-0a1"]}

# A declared provider with its own config; vpc and architecture effective
# values as the loader computes them from that config.
_cp(config) := {
	"name": "pool",
	"declared": true,
	"path": _path,
	"config": config,
	"vpc": {"value": object.get(config, "vpc", null), "path": array.concat(_path, ["vpc"]), "inherited": false},
	"architecture": {"value": "x86_64", "path": null, "inherited": false},
	"references": [["functions", "api", "capacityProvider"]],
}

_input(before, after) := {
	"service": "shop",
	"stage": "dev",
	"capacityProviders": {"pool": _cp(after)},
	"base": {"service": "shop", "stage": "dev", "capacityProviders": {"pool": _cp(before)}},
}

test_vpc_changed if {
	after := {"vpc": object.union(_vpc, {"securityGroupIds": ["sg-0b2"]})}
	findings := rule.report with input as _input({"vpc": _vpc}, after)
	findings == {{
		"rule": "MI203",
		"path": array.concat(_path, ["vpc"]),
		"message": `changing vpc replaces capacity provider "pool" (securityGroupIds was ["sg-0a1"], now ["sg-0b2"]): CloudFormation cannot update it in place, and the old provider cannot be deleted while function versions use it; keep the old value, or put the new settings on a provider with a new name and move the functions to it`,
	}}
}

test_each_create_only_property if {
	before := {
		"vpc": _vpc,
		"instanceRequirements": {"allowedInstanceTypes": ["m7i.large"]},
		"permissions": {"operatorRole": "arn:aws:iam::123456789012:role/a"},
		"kmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/a",
		"scaling": {"maxVCpuCount": 16},
	}
	after := {
		"vpc": {"subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"]},
		"instanceRequirements": {"allowedInstanceTypes": ["m7i.xlarge"]},
		"permissions": {"operatorRole": "arn:aws:iam::123456789012:role/b"},
		"kmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/b",
		"scaling": {"maxVCpuCount": 16},
	}
	paths := {f.path | some f in rule.report} with input as _input(before, after)
	paths == {
		array.concat(_path, ["vpc"]),
		array.concat(_path, ["instanceRequirements"]),
		array.concat(_path, ["permissions"]),
		array.concat(_path, ["kmsKeyArn"]),
	}
}

test_scaling_only_passes if {
	count(rule.report) == 0 with input as _input({"vpc": _vpc, "scaling": {"maxVCpuCount": 16}}, {"vpc": _vpc, "scaling": {"maxVCpuCount": 64, "mode": "auto"}})
}

# The framework wraps a single value into a one-item list.
test_coerced_list_is_unchanged if {
	count(rule.report) == 0 with input as _input({"vpc": _vpc}, {"vpc": object.union(_vpc, {"securityGroupIds": "sg-0a1"})})
}

test_added_and_removed if {
	count(rule.report) == 1 with input as _input({"vpc": _vpc}, {"vpc": _vpc, "kmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/b"})
	findings := rule.report with input as _input({"vpc": _vpc, "kmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/b"}, {"vpc": _vpc})
	{f.path | some f in findings} == {_path}
	some f in findings
	contains(f.message, `(was "arn:aws:kms:eu-west-1:123456789012:key/b", now not set)`)
}

test_unknown_parts_are_not_judged if {
	unknown := {"$unknown": "${ssm:/sg}", "reason": "x"}
	count(rule.report) == 0 with input as _input({"vpc": _vpc}, {"vpc": object.union(_vpc, {"securityGroupIds": unknown})})
	count(rule.report) == 0 with input as _input({"kmsKeyArn": {"Ref": "KeyA"}}, {"kmsKeyArn": {"Ref": "KeyB"}})

	# The known part still counts.
	count(rule.report) == 1 with input as _input(
		{"vpc": object.union(_vpc, {"securityGroupIds": {"Ref": "Sg"}})},
		{"vpc": {"subnetIds": ["subnet-0a1"], "securityGroupIds": {"Ref": "Sg"}}},
	)
}

_inherited_vpc(vpc) := object.union(_cp({}), {"vpc": {"value": vpc, "path": ["provider", "vpc"], "inherited": true}})

test_inherited_vpc_points_at_the_name_key if {
	doc := {
		"service": "shop",
		"stage": "dev",
		"capacityProviders": {"pool": _inherited_vpc({"subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"]})},
		"base": {"service": "shop", "stage": "dev", "capacityProviders": {"pool": _inherited_vpc(_vpc)}},
	}
	findings := rule.report with input as doc
	some f in findings
	f.path == _path
	f.related == [{"path": ["provider", "vpc"], "message": "the VPC it inherits from provider.vpc"}]
}

_inherited_arch(value) := object.union(_cp({}), {"architecture": {"value": value, "path": ["provider", "architecture"], "inherited": true}})

test_inherited_architecture_is_related if {
	doc := {
		"service": "shop",
		"stage": "dev",
		"capacityProviders": {"pool": _inherited_arch("arm64")},
		"base": {"service": "shop", "stage": "dev", "capacityProviders": {"pool": _inherited_arch("x86_64")}},
	}
	findings := rule.report with input as doc
	some f in findings
	f.path == _path
	f.related == [{"path": ["provider", "architecture"], "message": "the architecture it inherits from provider.architecture"}]
}

test_new_provider_other_stack_or_no_base_passes if {
	count(rule.report) == 0 with input as json.patch(_input({"vpc": _vpc}, {}), [{"op": "replace", "path": "/base/capacityProviders", "value": {}}])
	count(rule.report) == 0 with input as object.union(_input({"vpc": _vpc}, {}), {"stage": "prod"})
	count(rule.report) == 0 with input as object.remove(_input({"vpc": _vpc}, {}), ["base"])
}

_auto(vpc) := {
	"name": "default",
	"declared": false,
	"path": null,
	"config": {},
	"vpc": {"value": vpc, "path": ["provider", "vpc"], "inherited": true},
	"architecture": {"value": "x86_64", "path": null, "inherited": false},
	"references": [["functions", "a", "capacityProvider"], ["functions", "b", "capacityProvider"]],
}

test_auto_created_default_points_at_references if {
	doc := {
		"service": "shop",
		"stage": "dev",
		"capacityProviders": {"default": _auto({"subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"]})},
		"base": {"service": "shop", "stage": "dev", "capacityProviders": {"default": _auto(_vpc)}},
	}
	{f.path | some f in rule.report} == {["functions", "a", "capacityProvider"], ["functions", "b", "capacityProvider"]} with input as doc
}

# CloudFormation marks subnet IDs, security group IDs and instance type
# lists insertionOrder false: a reorder is no change.
test_reordered_sets_pass if {
	before := {
		"vpc": {"subnetIds": ["subnet-0a1", "subnet-0b2", "subnet-0c3"], "securityGroupIds": ["sg-0a1", "sg-0b2"]},
		"instanceRequirements": {"allowedInstanceTypes": ["m7i.large", "c7i.xlarge"], "excludedInstanceTypes": ["r7i.large", "r7i.xlarge"]},
	}
	after := {
		"vpc": {"subnetIds": ["subnet-0c3", "subnet-0a1", "subnet-0b2"], "securityGroupIds": ["sg-0b2", "sg-0a1"]},
		"instanceRequirements": {"allowedInstanceTypes": ["c7i.xlarge", "m7i.large"], "excludedInstanceTypes": ["r7i.xlarge", "r7i.large"]},
	}
	count(rule.report) == 0 with input as _input(before, after)
}

test_set_with_a_swapped_item_changed if {
	after := {"vpc": object.union(_vpc, {"subnetIds": ["subnet-0c3", "subnet-0a1", "subnet-0d4"]})}
	findings := rule.report with input as _input({"vpc": _vpc}, after)
	some f in findings
	contains(f.message, `(subnetIds was ["subnet-0a1","subnet-0b2","subnet-0c3"], now ["subnet-0c3","subnet-0a1","subnet-0d4"])`)
}

test_set_with_an_unknown_item_is_not_judged if {
	unknown := {"$unknown": "${ssm:/s}", "reason": "deploy time"}
	after := {"vpc": object.union(_vpc, {"subnetIds": ["subnet-0c3", unknown, "subnet-0a1"]})}
	count(rule.report) == 0 with input as _input({"vpc": _vpc}, after)
}
