package milint.rules.capacityprovider["invalid-scaling-mode_test"]

import data.milint.rules.capacityprovider["invalid-scaling-mode"] as rule

_provider(scaling) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": ["provider", "capacityProviders", "pool"],
	"config": {"scaling": scaling},
}}}

test_misspelled if {
	findings := rule.report with input as _provider({"mode": "automatic"})
	findings == {{
		"rule": "MI006",
		"path": ["provider", "capacityProviders", "pool", "scaling", "mode"],
		"message": "scaling.mode is \"automatic\"; it must be auto or manual (any letter case), or left out for auto",
	}}
}

test_wrong_types if {
	count(rule.report) == 1 with input as _provider({"mode": 1})
	count(rule.report) == 1 with input as _provider({"mode": true})
	count(rule.report) == 1 with input as _provider({"mode": ["manual"]})
	count(rule.report) == 1 with input as _provider({"mode": ""})
}

test_valid_any_case_passes if {
	count(rule.report) == 0 with input as _provider({"mode": "auto"})
	count(rule.report) == 0 with input as _provider({"mode": "Auto"})
	count(rule.report) == 0 with input as _provider({"mode": "MANUAL"})
}

test_unset_unknown_intrinsic_pass if {
	count(rule.report) == 0 with input as _provider({"maxVCpuCount": 12})
	count(rule.report) == 0 with input as _provider({"mode": null})
	count(rule.report) == 0 with input as _provider({"mode": {"$unknown": "${opt:mode}", "reason": "no value"}})
	count(rule.report) == 0 with input as _provider({"mode": {"Ref": "ScalingMode"}})
}
