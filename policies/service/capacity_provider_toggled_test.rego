package milint.rules.service["capacity-provider-toggled_test"]

import data.milint.rules.service["capacity-provider-toggled"] as rule

_managed(config) := {
	"name": "api",
	"path": ["functions", "api"],
	"config": config,
	"managed": true,
	"capacityProvider": {"path": ["functions", "api", "capacityProvider"], "form": "string", "ref": "pool"},
}

_plain(config) := {"name": "api", "path": ["functions", "api"], "config": config, "managed": false, "capacityProvider": null}

_input(before, after) := {
	"service": "shop",
	"stage": "dev",
	"functions": {"api": after},
	"base": {"service": "shop", "stage": "dev", "functions": {"api": before}},
}

test_gained if {
	findings := rule.report with input as _input(_plain({}), _managed({}))
	findings == {{
		"rule": "MI204",
		"path": ["functions", "api"],
		"message": `function "api" gains capacityProvider: it exists without one in the base revision, and Lambda cannot move an existing function onto managed instances, so the deploy fails; deploy it under a new name (rename the function, or set name) or leave it off managed instances`,
		"related": [{"path": ["functions", "api", "capacityProvider"], "message": "capacityProvider is added here"}],
	}}
}

test_lost if {
	findings := rule.report with input as _input(_managed({}), _plain({}))
	some f in findings
	f.path == ["functions", "api"]
	contains(f.message, `it runs on capacity provider "pool" in the base revision`)
	not f.related
}

test_unchanged_passes if {
	count(rule.report) == 0 with input as _input(_managed({}), _managed({}))
	count(rule.report) == 0 with input as _input(_plain({}), _plain({}))
}

test_new_name_passes if {
	count(rule.report) == 0 with input as _input(_plain({}), _managed({"name": "api-managed"}))
	count(rule.report) == 1 with input as _input(_plain({"name": "api"}), _managed({"name": "api"}))
}

test_unknown_capacity_provider_passes if {
	unknown := object.union(_managed({}), {"capacityProvider": {"form": "unknown"}})
	count(rule.report) == 0 with input as _input(_plain({}), unknown)
	count(rule.report) == 0 with input as _input(unknown, _plain({}))
}

test_new_function_other_stack_or_no_base_passes if {
	count(rule.report) == 0 with input as json.patch(_input(_plain({}), _managed({})), [{"op": "replace", "path": "/base/functions", "value": {}}])
	count(rule.report) == 0 with input as object.union(_input(_plain({}), _managed({})), {"service": "shop2"})
	count(rule.report) == 0 with input as object.union(_input(_plain({}), _managed({})), {"base": null})
}
