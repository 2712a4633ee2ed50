package milint.rules.service["unsupported-region_test"]

import data.milint.lib.regions
import data.milint.rules.service["unsupported-region"] as rule

_input(region, source) := {
	"region": _region(region, source),
	"capacityProviders": {"pool": {"name": "pool", "declared": true, "path": ["provider", "capacityProviders", "pool"]}},
	"functions": {},
}

# The region as the input gives it: with its partition when it is known.
_region(value, source) := {"value": value, "path": _region_path(source), "source": source, "partition": regions.partition(value)} if {
	is_string(value)
} else := {"value": value, "path": _region_path(source), "source": source}

_region_path("file") := ["provider", "region"]

_region_path(source) := null if source != "file"

test_listed_region_exact_finding if {
	findings := rule.report with input as _input("il-central-1", "file")
	findings == {{
		"rule": "MI020",
		"path": ["provider", "region"],
		"message": "Lambda Managed Instances are not offered in il-central-1, so the service's capacity providers cannot be created; deploy to a region that offers them, or run the functions without capacityProvider there",
	}}
}

test_partitions if {
	count(rule.report) == 1 with input as _input("cn-north-1", "file")
	count(rule.report) == 1 with input as _input("us-gov-east-1", "file")
	count(rule.report) == 1 with input as _input("us-iso-east-1", "file")
	count(rule.report) == 1 with input as _input("us-isob-east-1", "file")
	count(rule.report) == 1 with input as _input("me-south-1", "file")
	count(rule.report) == 1 with input as _input("ap-southeast-6", "file")
}

test_partition_message if {
	{f.message | some f in rule.report} == {"Lambda Managed Instances are not offered in cn-north-1 (a region of the aws-cn partition), so the service's capacity providers cannot be created; deploy to a region that offers them, or run the functions without capacityProvider there"} with input as _input("cn-north-1", "file")
}

test_flag_points_at_provider if {
	{f.path | some f in rule.report} == {["provider"]} with input as _input("me-central-1", "flag")
}

test_supported_regions_pass if {
	count(rule.report) == 0 with input as _input("us-east-1", "default")
	count(rule.report) == 0 with input as _input("eu-central-1", "file")
	count(rule.report) == 0 with input as _input("ap-southeast-5", "file")
	count(rule.report) == 0 with input as _input("il-central-2", "file")
}

test_unknown_region_passes if {
	count(rule.report) == 0 with input as _input({"$unknown": "${opt:region}", "reason": "no value"}, "file")
	count(rule.report) == 0 with input as _input({"Ref": "AWS::Region"}, "file")
}

test_no_managed_instances_passes if {
	count(rule.report) == 0 with input as {
		"region": _region("cn-north-1", "file"),
		"capacityProviders": {},
		"functions": {"api": {"name": "api", "managed": false}},
	}
}

test_managed_function_with_arn_counts if {
	count(rule.report) == 1 with input as {
		"region": _region("il-central-1", "file"),
		"capacityProviders": {},
		"functions": {"api": {"name": "api", "managed": true}},
	}
}

test_data_overrides if {
	count(rule.report) == 0 with input as _input("cn-north-1", "file")
		with data.milint.facts.regions.managedInstances.supported as ["cn-north-1"]
	count(rule.report) == 0 with input as _input("us-gov-west-1", "file")
		with data.milint.facts.regions.managedInstances.supportedPartitions as ["aws", "aws-us-gov"]
	count(rule.report) == 1 with input as _input("eu-central-1", "file")
		with data.milint.facts.regions.managedInstances.unsupported as ["eu-central-1"]
}
