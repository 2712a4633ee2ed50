package milint.rules.capacityprovider["unknown-key_test"]

import data.milint.rules.capacityprovider["unknown-key"] as rule

_provider(config) := {"capacityProviders": {"pool": {
	"name": "pool",
	"declared": true,
	"path": ["provider", "capacityProviders", "pool"],
	"config": config,
}}}

_function(cp) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": {"handler": "h.api", "capacityProvider": cp},
	"capacityProvider": {"path": ["functions", "api", "capacityProvider"], "form": "object"},
}}}

_messages(findings) := {f.message | some f in findings}

_paths(findings) := {f.path | some f in findings}

test_letter_case_exact_finding if {
	findings := rule.report with input as _provider({"scaling": {"maxVcpuCount": 64}})
	findings == {{
		"rule": "MI017",
		"path": ["provider", "capacityProviders", "pool", "scaling", "maxVcpuCount"],
		"message": "`maxVcpuCount` is not a capacity provider setting; did you mean `maxVCpuCount`?",
		"fix": {"path": ["provider", "capacityProviders", "pool", "scaling", "maxVcpuCount"], "part": "key", "text": "maxVCpuCount", "safe": true},
	}}
}

# No rename to a key the mapping already has (the result would not parse),
# nor for a misplaced key, which has to move.
test_no_fix_when_unsure if {
	some dup in rule.report with input as _provider({"scaling": {"maxVcpuCount": 64, "maxVCpuCount": 8}})
	not dup.fix
	some misplaced in rule.report with input as _provider({"mode": "manual"})
	not misplaced.fix
}

test_every_level if {
	findings := rule.report with input as _provider({
		"extra": 1,
		"permissions": {"role": "arn:aws:iam::123456789012:role/x"},
		"vpc": {"subnetId": ["subnet-0a1"], "subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"]},
		"instanceRequirements": {"architecture": ["arm64"]},
		"scaling": {"policies": [{"predefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "target": 50}]},
	})
	_paths(findings) == {
		["provider", "capacityProviders", "pool", "extra"],
		["provider", "capacityProviders", "pool", "permissions", "role"],
		["provider", "capacityProviders", "pool", "vpc", "subnetId"],
		["provider", "capacityProviders", "pool", "instanceRequirements", "architecture"],
		["provider", "capacityProviders", "pool", "scaling", "policies", 0, "target"],
	}
	_messages(findings) == {
		"`extra` is not a capacity provider setting; the settings here are `permissions`, `vpc`, `instanceRequirements`, `scaling`, `kmsKeyArn`",
		"`role` is not a capacity provider setting; did you mean `operatorRole`?",
		"`subnetId` is not a capacity provider setting; did you mean `subnetIds`?",
		"`architecture` is not a capacity provider setting; did you mean `architectures`?",
		"`target` is not a capacity provider setting; did you mean `targetValue`?",
	}
}

test_null_value_reported if {
	findings := rule.report with input as _provider({"instanceTypes": null})
	_messages(findings) == {"`instanceTypes` is not a capacity provider setting; did you mean `allowedInstanceTypes` under `instanceRequirements`?"}
}

test_misplaced_key if {
	findings := rule.report with input as _provider({"maxVCpuCount": 64, "scaling": {"kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/x"}})
	_messages(findings) == {
		"`maxVCpuCount` is not a capacity provider setting; it belongs under `scaling`",
		"`kmsKeyArn` is not a capacity provider setting; it belongs directly under the capacity provider",
	}
}

test_known_keys_pass if {
	count(rule.report) == 0 with input as _provider({
		"permissions": {"operatorRole": "arn:aws:iam::123456789012:role/x"},
		"vpc": {"subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"]},
		"instanceRequirements": {"allowedInstanceTypes": ["m7i.large"], "architectures": ["x86_64"]},
		"scaling": {"mode": "manual", "maxVCpuCount": 64, "policies": [{"predefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "targetValue": 50}]},
		"kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/x",
	})
}

test_ipv6_left_to_vpc_limits if {
	count(rule.report) == 0 with input as _provider({"vpc": {"subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"], "ipv6AllowedForDualStack": true}})
}

test_unknown_and_intrinsic_blocks_not_judged if {
	count(rule.report) == 0 with input as _provider({
		"vpc": {"Fn::If": ["UseVpc", {"subnetIds": ["subnet-0a1"], "other": 1}, {"Ref": "AWS::NoValue"}]},
		"scaling": {"$unknown": "${ssm:/scaling}", "reason": "deploy time"},
	})
}

test_unknown_key_under_unknown_key_reported_once if {
	findings := rule.report with input as _provider({"scalling": {"mode": "auto", "whatever": 1}})
	_messages(findings) == {"`scalling` is not a capacity provider setting; did you mean `scaling`?"}
}

test_auto_created_default_ignored if {
	count(rule.report) == 0 with input as {"capacityProviders": {"default": {"name": "default", "declared": false, "path": null, "config": {}}}}
}

test_function_keys if {
	findings := rule.report with input as _function({"name": "pool", "maxConcurency": 10, "scaling": {"minimum": 1, "max": 5}})
	findings == {
		{
			"rule": "MI017",
			"path": ["functions", "api", "capacityProvider", "maxConcurency"],
			"message": "`maxConcurency` is not a function capacityProvider setting, and the framework drops it silently; did you mean `maxConcurrency`?",
			"fix": {"path": ["functions", "api", "capacityProvider", "maxConcurency"], "part": "key", "text": "maxConcurrency", "safe": true},
		},
		{
			"rule": "MI017",
			"path": ["functions", "api", "capacityProvider", "scaling", "minimum"],
			"message": "`minimum` is not a function capacityProvider setting, and the framework drops it silently; did you mean `min`?",
			"fix": {"path": ["functions", "api", "capacityProvider", "scaling", "minimum"], "part": "key", "text": "min", "safe": true},
		},
	}
}

test_function_known_keys_pass if {
	count(rule.report) == 0 with input as _function({"name": "pool", "maxConcurrency": 10, "memoryPerVCpu": 4, "scaling": {"min": 1, "max": 5}})
}

test_function_string_form_ignored if {
	count(rule.report) == 0 with input as {"functions": {"api": {
		"name": "api",
		"path": ["functions", "api"],
		"config": {"capacityProvider": "pool"},
		"capacityProvider": {"path": ["functions", "api", "capacityProvider"], "form": "string"},
	}}}
}

test_nothing_close_lists_keys if {
	findings := rule.report with input as _function({"name": "pool", "memorySize": 4096})
	_messages(findings) == {"`memorySize` is not a function capacityProvider setting, and the framework drops it silently; the settings here are `name`, `maxConcurrency`, `memoryPerVCpu`, `scaling`"}
}
