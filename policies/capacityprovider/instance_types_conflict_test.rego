package milint.rules.capacityprovider["instance-types-conflict_test"]

import data.milint.rules.capacityprovider["instance-types-conflict"] as rule

_cp_path := ["provider", "capacityProviders", "pool"]

_input(requirements) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _cp_path,
	"config": {"instanceRequirements": requirements},
}}}

test_both_lists if {
	findings := rule.report with input as _input({"allowedInstanceTypes": ["m7i.large"], "excludedInstanceTypes": ["m7i.xlarge"]})
	findings == {{
		"rule": "MI002",
		"path": array.concat(_cp_path, ["instanceRequirements", "excludedInstanceTypes"]),
		"message": "capacity provider \"pool\" sets both allowedInstanceTypes and excludedInstanceTypes; keep only one of them",
		"related": [{"path": array.concat(_cp_path, ["instanceRequirements", "allowedInstanceTypes"]), "message": "allowedInstanceTypes is set here"}],
		"fix": {"path": array.concat(_cp_path, ["instanceRequirements", "excludedInstanceTypes"]), "part": "entry", "text": "", "safe": false},
	}}
}

test_intrinsic_counts_as_present if {
	count(rule.report) == 1 with input as _input({"allowedInstanceTypes": {"Fn::Split": [",", "x"]}, "excludedInstanceTypes": ["m7i.xlarge"]})
}

test_one_list_or_empty_passes if {
	count(rule.report) == 0 with input as _input({"allowedInstanceTypes": ["m7i.large"]})
	count(rule.report) == 0 with input as _input({"allowedInstanceTypes": ["m7i.large"], "excludedInstanceTypes": []})
}

test_unknown_list_passes if {
	count(rule.report) == 0 with input as _input({"allowedInstanceTypes": ["m7i.large"], "excludedInstanceTypes": {"$unknown": "${ssm:/x}", "reason": "deploy time"}})
}

# A single value is wrapped into a one-item list by the framework's schema.
test_single_values_count if {
	count(rule.report) == 1 with input as _input({"allowedInstanceTypes": "m7i.large", "excludedInstanceTypes": ["m7i.xlarge"]})
	count(rule.report) == 1 with input as _input({"allowedInstanceTypes": ["m7i.large"], "excludedInstanceTypes": "m7i.xlarge"})
	count(rule.report) == 0 with input as _input({"allowedInstanceTypes": "m7i.large", "excludedInstanceTypes": null})
}
