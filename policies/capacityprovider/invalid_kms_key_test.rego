package milint.rules.capacityprovider["invalid-kms-key_test"]

import data.milint.rules.capacityprovider["invalid-kms-key"] as rule

_input(key) := {"capacityProviders": {"pool": {
	"name": "pool",
	"declared": true,
	"path": ["provider", "capacityProviders", "pool"],
	"config": {"kmsKeyArn": key},
}}}

test_alias_name if {
	findings := rule.report with input as _input("alias/instances")
	findings == {{
		"rule": "MI013",
		"path": ["provider", "capacityProviders", "pool", "kmsKeyArn"],
		"message": "kmsKeyArn is \"alias/instances\" (an alias name, not an ARN); it must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id> (or !GetAtt of a key's Arn)",
	}}
}

test_wrong_shapes if {
	every key in [
		"1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws:iam::123456789012:role/KeyRole",
		"arn:gcp:kms:us-east-1:123456789012:key/1",
		"arn:aws:KMS:us-east-1:123456789012:key/1",
		"arn:aws:kms:",
		"",
		42,
		["arn:aws:kms:us-east-1:123456789012:key/1"],
	] {
		count(rule.report) == 1 with input as _input(key)
	}
}

test_key_id_hint if {
	some f in rule.report with input as _input("1234abcd-12ab-34cd-56ef-1234567890ab")
	contains(f.message, "(a key ID, not an ARN)")
}

test_partitions_pass if {
	every key in [
		"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws:kms:us-east-1:123456789012:alias/instances",
	] {
		count(rule.report) == 0 with input as _input(key)
	}
}

test_unknown_intrinsic_and_absent_pass if {
	every key in [
		{"$unknown": "${ssm:/key}", "reason": "deploy time"},
		{"Fn::GetAtt": ["Key", "Arn"]},
		{"Ref": "KeyArn"},
		null,
	] {
		count(rule.report) == 0 with input as _input(key)
	}
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": {"name": "pool", "declared": true, "path": ["provider", "capacityProviders", "pool"], "config": {}}}}
}
