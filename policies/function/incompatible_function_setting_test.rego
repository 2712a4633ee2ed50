package milint.rules.function["incompatible-function-setting_test"]

import data.milint.rules.function["incompatible-function-setting"] as rule

_fn(config, managed) := {"functions": {"api": {
	"name": "api",
	"path": ["functions", "api"],
	"config": config,
	"managed": managed,
}}}

_managed(config) := _fn(object.union({"capacityProvider": "default"}, config), true)

test_provisioned_concurrency if {
	findings := rule.report with input as _managed({"provisionedConcurrency": 5})
	findings == {{
		"rule": "MI111",
		"path": ["functions", "api", "provisionedConcurrency"],
		"message": "function \"api\" runs on managed instances and sets provisionedConcurrency 5: provisioned concurrency cannot be combined with a capacity provider; remove it and keep environments warm with capacityProvider.scaling.min",
	}}
}

test_snap_start_is_a_warning if {
	findings := rule.report with input as _managed({"snapStart": true})
	some f in findings
	f.level == "warning"
	f.path == ["functions", "api", "snapStart"]
	count(findings) == 1
}

test_every_error_key if {
	findings := rule.report with input as _managed({
		"fileSystemConfig": {"localMountPath": "/mnt/data", "arn": "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1"},
		"vpc": {"subnetIds": ["subnet-0a1"], "securityGroupIds": ["sg-0a1"]},
		"image": "app",
		"reservedConcurrency": 10,
	})
	{f.path[2] | some f in findings} == {"fileSystemConfig", "vpc", "image"}
	every f in findings {
		not f.level
	}
}

test_block_values_are_not_dumped if {
	some f in rule.report with input as _managed({"vpc": {"subnetIds": ["subnet-0a1"]}})
	startswith(f.message, "function \"api\" runs on managed instances and sets vpc: ")
}

test_switched_off_passes if {
	count(rule.report) == 0 with input as _managed({"provisionedConcurrency": 0, "snapStart": false, "vpc": null, "image": null})
}

test_reserved_concurrency_passes if {
	count(rule.report) == 0 with input as _managed({"reservedConcurrency": 5})
}

test_unknown_counts_as_present if {
	some f in rule.report with input as _managed({"provisionedConcurrency": {"$unknown": "${param:pc}", "reason": "no value"}})
	contains(f.message, "sets provisionedConcurrency ${param:pc}:")
}

test_plain_function_passes if {
	count(rule.report) == 0 with input as _fn({"provisionedConcurrency": 5, "vpc": {"subnetIds": ["subnet-0a1"]}, "snapStart": true}, false)
}

# The framework's schema coerces snapStart (boolean) and
# provisionedConcurrency (integer): quoted zeros and "false" are off.
test_coerced_off_passes if {
	count(rule.report) == 0 with input as _managed({"provisionedConcurrency": "0", "snapStart": "false"})
	count(rule.report) == 1 with input as _managed({"snapStart": "true"})
	count(rule.report) == 1 with input as _managed({"provisionedConcurrency": "5"})
}
