package milint.rules.capacityprovider["invalid-operator-role_test"]

import data.milint.rules.capacityprovider["invalid-operator-role"] as rule

_input(role) := {"capacityProviders": {"pool": {
	"name": "pool",
	"declared": true,
	"path": ["provider", "capacityProviders", "pool"],
	"config": {"permissions": {"operatorRole": role}},
}}}

test_role_name if {
	findings := rule.report with input as _input("MyOperatorRole")
	findings == {{
		"rule": "MI012",
		"path": ["provider", "capacityProviders", "pool", "permissions", "operatorRole"],
		"message": "operatorRole is \"MyOperatorRole\" (a role name, not an ARN); it must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name> (or !GetAtt of a role's Arn)",
	}}
}

test_wrong_shapes if {
	every role in [
		"arn:aws:iam::123456789012:user/deployer",
		"arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator",
		"arn:aws:lambda:us-east-1:123456789012:function:op",
		"arn:azure:iam::123456789012:role/Op",
		"arn:AWS:iam::123456789012:role/Op",
		"arn:aws:iam::12345678901:role/Op",
		"arn:aws:iam:us-east-1:123456789012:role/Op",
		"arn:aws:iam::123456789012:role/",
		"",
		123456789012,
		true,
		["arn:aws:iam::123456789012:role/Op"],
	] {
		count(rule.report) == 1 with input as _input(role)
	}
}

test_hints if {
	some f in rule.report with input as _input("arn:aws:iam:us-east-1:123456789012:role/Op")
	contains(f.message, "IAM ARNs have no region")
	some g in rule.report with input as _input(42)
	contains(g.message, "(a number)")
}

test_partitions_pass if {
	every role in [
		"arn:aws:iam::123456789012:role/Op",
		"arn:aws-cn:iam::123456789012:role/Op",
		"arn:aws-us-gov:iam::123456789012:role/Op",
		"arn:aws-iso-b:iam::123456789012:role/Op",
		"arn:aws:iam::123456789012:role/service-role/path/Op+=,.@_-1",
	] {
		count(rule.report) == 0 with input as _input(role)
	}
}

test_unknown_and_intrinsic_pass if {
	every role in [
		{"$unknown": "${ssm:/role}", "reason": "deploy time"},
		{"Fn::GetAtt": ["OperatorRole", "Arn"]},
		{"Ref": "OperatorRoleArn"},
		{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Op"},
	] {
		count(rule.report) == 0 with input as _input(role)
	}
}

test_absent_passes if {
	count(rule.report) == 0 with input as _input(null)
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": {"name": "pool", "declared": true, "path": ["provider", "capacityProviders", "pool"], "config": {}}}}
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": {"name": "pool", "declared": true, "path": ["provider", "capacityProviders", "pool"], "config": {"permissions": {"$unknown": "${ssm:/p}", "reason": "deploy time"}}}}}
}
