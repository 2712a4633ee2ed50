package milint.rules.capacityprovider["invalid-capacity-provider-name_test"]

import data.milint.lib.stack
import data.milint.rules.capacityprovider["invalid-capacity-provider-name"] as rule

_declared(name) := _declared_at(name, 0)

_declared_at(name, index) := {
	"name": name,
	"declared": true,
	"index": index,
	"path": ["provider", "capacityProviders", name],
	"references": [],
	"logicalId": stack.logical_id(name),
}

_input(names) := {
	"service": "svc",
	"stage": "dev",
	"config": {"provider": {}},
	"capacityProviders": {name: _declared_at(name, i) | some i, name in names},
}

_repeat(s, n) := concat("", [s | some _ in numbers.range(1, n)])

test_bad_characters if {
	findings := rule.report with input as _input(["high.mem"])
	findings == {{
		"rule": "MI014",
		"path": ["provider", "capacityProviders", "high.mem"],
		"message": "capacity provider name \"high.mem\" has the character \".\"; a capacity provider name may only have letters, digits, \"-\" and \"_\": rename it",
	}}
}

test_several_bad_characters if {
	some f in rule.report with input as _input(["a b@c"])
	contains(f.message, "the characters \" \", \"@\"")
}

test_good_characters_pass if {
	count(rule.report) == 0 with input as _input(["high-mem", "low_mem", "Pool2", "123"])
}

# svc-dev- is 8 characters: a 133-character key makes 141.
test_deployed_name_too_long if {
	key := _repeat("k", 133)
	findings := rule.report with input as _input([key])
	count(findings) == 1
	some f in findings
	f.path == ["provider", "capacityProviders", key]
	contains(f.message, "is 141 characters; a capacity provider name may have at most 140")
}

test_deployed_name_at_limit_passes if {
	count(rule.report) == 0 with input as _input([_repeat("k", 132)])
}

test_stage_from_input if {
	# 132 + len("svc-production-") = 147
	count(rule.report) == 1 with input as object.union(_input([_repeat("k", 132)]), {"stage": "production"})
}

test_unknown_service_or_stage_skips_length if {
	key := _repeat("k", 200)
	count(rule.report) == 0 with input as object.union(_input([key]), {"service": {"$unknown": "${ssm:/svc}", "reason": "deploy time"}})
	count(rule.report) == 0 with input as object.union(_input([key]), {"service": null})
	count(rule.report) == 0 with input as object.union(_input([key]), {"config": {"provider": {"stage": {"$unknown": "${opt:env}", "reason": "no value"}}}})
}

test_stage_flag_wins_over_unknown_provider_stage if {
	input_doc := object.union(_input([_repeat("k", 132)]), {
		"stage": "prod",
		"config": {"provider": {"stage": {"$unknown": "${opt:env}", "reason": "no value"}}},
	})
	count(rule.report) == 1 with input as input_doc
}

test_auto_created_default_reports_references if {
	refs := [["functions", "a", "capacityProvider"], ["functions", "b", "capacityProvider"]]
	service := _repeat("s", 129) # + "-dev-default" = 141
	findings := rule.report with input as {
		"service": service,
		"stage": "dev",
		"config": {"provider": {}},
		"capacityProviders": {"default": {"name": "default", "declared": false, "path": null, "references": refs}},
	}
	{f.path | some f in findings} == {r | some r in refs}
}

test_case_collision if {
	findings := rule.report with input as _input(["Pool", "pool"])
	findings == {{
		"rule": "MI014",
		"path": ["provider", "capacityProviders", "pool"],
		"message": "capacity provider \"pool\" becomes the CloudFormation logical ID PoolLambdaCapacityProvider, as \"Pool\" does: one resource would replace the other; rename one of them",
		"related": [{"path": ["provider", "capacityProviders", "Pool"], "message": "\"Pool\", also PoolLambdaCapacityProvider"}],
	}}
}

test_spelled_out_collisions if {
	count(rule.report) == 1 with input as _input(["a-b", "aDashb"])
	count(rule.report) == 1 with input as _input(["a_b", "aUnderscoreb"])
	count(rule.report) == 1 with input as _input(["x-y", "XDashy"])
}

test_three_way_collision_reports_all_but_the_first_in_the_file if {
	findings := rule.report with input as _input(["a-b", "aDashb", "ADashb"])
	{f.path[2] | some f in findings} == {"aDashb", "ADashb"}
}

test_file_order_not_alphabetical_decides if {
	findings := rule.report with input as _input(["pool", "Pool"])
	{f.path[2] | some f in findings} == {"Pool"}
}

test_different_ids_pass if {
	count(rule.report) == 0 with input as _input(["high-mem", "high_mem", "highmem", "HighMem2"])
}

test_collision_with_auto_created_default if {
	doc := {
		"service": "svc",
		"stage": "dev",
		"config": {"provider": {}},
		"capacityProviders": {
			"Default": _declared("Default"),
			"default": {"name": "default", "declared": false, "path": null, "references": [["functions", "f", "capacityProvider"]], "logicalId": "DefaultLambdaCapacityProvider"},
		},
	}
	findings := rule.report with input as doc
	count(findings) == 1
	some f in findings
	f.path == ["provider", "capacityProviders", "Default"]
	f.related[0].path == ["functions", "f", "capacityProvider"]
}
