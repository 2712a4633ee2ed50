package milint.rules.capacityprovider["operator-role-partition_test"]

import data.milint.lib.regions
import data.milint.rules.capacityprovider["operator-role-partition"] as rule

_input(region, source, config) := {
	"region": _region(region, source),
	"capacityProviders": {"pool": {
		"name": "pool",
		"declared": true,
		"path": ["provider", "capacityProviders", "pool"],
		"config": config,
		"references": [["functions", "api", "capacityProvider"]],
	}},
}

# The region as the input gives it: with its partition when it is known.
_region(value, source) := {"value": value, "path": _region_path(source), "source": source, "partition": regions.partition(value)} if {
	is_string(value)
	value != ""
} else := {"value": value, "path": _region_path(source), "source": source}

_region_path("file") := ["provider", "region"]

_region_path(source) := null if source != "file"

test_china_exact_finding if {
	findings := rule.report with input as _input("cn-north-1", "file", {})
	findings == {{
		"rule": "MI019",
		"path": ["provider", "capacityProviders", "pool"],
		"message": "capacity provider \"pool\" has no permissions.operatorRole, and cn-north-1 is in the aws-cn partition: the role the framework creates attaches arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator, a policy ARN that does not exist there; create an operator role yourself and set permissions.operatorRole to its ARN",
		"related": [{"path": ["provider", "region"], "message": "the region is set here"}],
	}}
}

test_govcloud_from_flag if {
	findings := rule.report with input as _input("us-gov-west-1", "flag", {"permissions": {}})
	count(findings) == 1
	every f in findings {
		not f.related
	}
}

test_empty_or_null_role if {
	count(rule.report) == 1 with input as _input("cn-northwest-1", "file", {"permissions": {"operatorRole": ""}})
	count(rule.report) == 1 with input as _input("cn-northwest-1", "file", {"permissions": {"operatorRole": null}})
	count(rule.report) == 1 with input as _input("cn-northwest-1", "file", {"permissions": null})
}

test_role_given_passes if {
	count(rule.report) == 0 with input as _input("cn-north-1", "file", {"permissions": {"operatorRole": "arn:aws-cn:iam::123456789012:role/op"}})
}

test_unknown_role_passes if {
	count(rule.report) == 0 with input as _input("cn-north-1", "file", {"permissions": {"operatorRole": {"$unknown": "${ssm:/role}", "reason": "deploy time"}}})
	count(rule.report) == 0 with input as _input("cn-north-1", "file", {"permissions": {"operatorRole": {"Fn::GetAtt": ["OperatorRole", "Arn"]}}})
	count(rule.report) == 0 with input as _input("cn-north-1", "file", {"permissions": {"$unknown": "${file(p.yml)}", "reason": "missing"}})
}

test_commercial_and_iso_regions_pass if {
	count(rule.report) == 0 with input as _input("us-east-1", "default", {})
	count(rule.report) == 0 with input as _input("eu-west-1", "file", {})
	count(rule.report) == 0 with input as _input("us-iso-east-1", "file", {})
	count(rule.report) == 0 with input as _input("us-gov", "file", {})
}

test_unknown_region_passes if {
	count(rule.report) == 0 with input as _input({"$unknown": "${opt:region}", "reason": "no value"}, "file", {})
}

test_auto_created_default_points_at_references if {
	findings := rule.report with input as {
		"region": _region("cn-north-1", "flag"),
		"capacityProviders": {"default": {
			"name": "default",
			"declared": false,
			"path": null,
			"config": {},
			"references": [["functions", "a", "capacityProvider"], ["functions", "b", "capacityProvider"]],
		}},
	}
	{f.path | some f in findings} == {["functions", "a", "capacityProvider"], ["functions", "b", "capacityProvider"]}
}
