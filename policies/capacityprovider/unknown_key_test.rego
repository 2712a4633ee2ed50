package milint.rules.capacityprovider["unknown-key_test"]

import data.milint.rules.capacityprovider["unknown-key"] as rule

# The input lists the unknown keys (internal/policy/derived_test.go tests
# which they are); the rule reports them.
_provider(config, unknown) := {"capacityProviders": {"pool": {
	"name": "pool",
	"declared": true,
	"path": ["provider", "capacityProviders", "pool"],
	"config": config,
	"unknownKeys": unknown,
}}}

_function(cp, unknown) := {"functionsWithUnknownKeys": ["api" | count(unknown) > 0], "functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": {"handler": "h.api", "capacityProvider": cp},
	"capacityProvider": {"path": ["functions", "api", "capacityProvider"], "form": "object", "unknownKeys": unknown},
}}}

_messages(findings) := {f.message | some f in findings}

_paths(findings) := {f.path | some f in findings}

test_letter_case_exact_finding if {
	findings := rule.report with input as _provider({"scaling": {"maxVcpuCount": 64}}, [[["scaling"], "maxVcpuCount"]])
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
	some dup in rule.report with input as _provider({"scaling": {"maxVcpuCount": 64, "maxVCpuCount": 8}}, [[["scaling"], "maxVcpuCount"]])
	not dup.fix
	some misplaced in rule.report with input as _provider({"mode": "manual"}, [[[], "mode"]])
	not misplaced.fix
}

test_every_level if {
	findings := rule.report with input as _provider(
		{
			"extra": 1,
			"permissions": {"role": "arn:aws:iam::123456789012:role/x"},
			"vpc": {"subnetId": ["subnet-0a1"], "subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"]},
			"instanceRequirements": {"architecture": ["arm64"]},
			"scaling": {"policies": [{"predefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "target": 50}]},
		},
		[
			[[], "extra"], [["permissions"], "role"], [["vpc"], "subnetId"],
			[["instanceRequirements"], "architecture"], [["scaling", "policies", 0], "target"],
		],
	)
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
	findings := rule.report with input as _provider({"instanceTypes": null}, [[[], "instanceTypes"]])
	_messages(findings) == {"`instanceTypes` is not a capacity provider setting; did you mean `allowedInstanceTypes` under `instanceRequirements`?"}
}

test_misplaced_key if {
	findings := rule.report with input as _provider({"maxVCpuCount": 64, "scaling": {"kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/x"}}, [[[], "maxVCpuCount"], [["scaling"], "kmsKeyArn"]])
	_messages(findings) == {
		"`maxVCpuCount` is not a capacity provider setting; it belongs under `scaling`",
		"`kmsKeyArn` is not a capacity provider setting; it belongs directly under the capacity provider",
	}
}

test_ipv6_left_to_vpc_limits if {
	count(rule.report) == 0 with input as _provider({"vpc": {"subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"], "ipv6AllowedForDualStack": true}}, [[["vpc"], "ipv6AllowedForDualStack"]])
}

test_auto_created_default_ignored if {
	count(rule.report) == 0 with input as {"capacityProviders": {"default": {"name": "default", "declared": false, "path": null, "config": {"extra": 1}, "unknownKeys": [[[], "extra"]]}}}
}

test_function_keys if {
	findings := rule.report with input as _function({"name": "pool", "maxConcurency": 10, "scaling": {"minimum": 1, "max": 5}}, [[[], "maxConcurency"], [["scaling"], "minimum"]])
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

test_nothing_close_lists_keys if {
	findings := rule.report with input as _function({"name": "pool", "memorySize": 4096}, [[[], "memorySize"]])
	_messages(findings) == {"`memorySize` is not a function capacityProvider setting, and the framework drops it silently; the settings here are `name`, `maxConcurrency`, `memoryPerVCpu`, `scaling`"}
}
