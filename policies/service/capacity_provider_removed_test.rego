package milint.rules.service["capacity-provider-removed_test"]

import data.milint.rules.service["capacity-provider-removed"] as rule

_on := {"value": true, "path": null, "inherited": false}

_off := {"value": false, "path": ["provider", "versionFunctions"], "inherited": true}

_cp(name, fns) := {
	"name": name,
	"declared": true,
	"path": ["provider", "capacityProviders", name],
	"config": {},
	"functions": fns,
}

_fn(name, provider, versioned) := {
	"name": name,
	"path": ["functions", name],
	"managed": true,
	"capacityProvider": {"path": ["functions", name, "capacityProvider"], "target": "declared", "provider": provider},
	"versioned": versioned,
}

# The base: api and worker on "old" with versioning on, batch on "other".
_base := {
	"service": "shop",
	"stage": "dev",
	"config": {"provider": {"capacityProviders": {"old": {}, "other": {}}}},
	"capacityProviders": {"old": _cp("old", ["api", "worker"]), "other": _cp("other", ["batch"])},
	"functions": {
		"api": _fn("api", "old", _on),
		"worker": _fn("worker", "old", _on),
		"batch": _fn("batch", "other", _on),
	},
}

# The head: "old" is gone, every function runs on "other".
_head := {
	"service": "shop",
	"stage": "dev",
	"config": {"provider": {"capacityProviders": {"other": {}}}},
	"capacityProviders": {"other": _cp("other", ["api", "worker", "batch"])},
	"functions": {
		"api": _fn("api", "other", _off),
		"worker": _fn("worker", "other", _off),
		"batch": _fn("batch", "other", _off),
	},
	"base": _base,
}

test_removed_names_the_functions if {
	findings := rule.report with input as _head
	findings == {{
		"rule": "MI202",
		"path": ["provider", "capacityProviders"],
		"message": `capacity provider "old" is removed, but functions "api", "worker" ran on it with versioning on in the base revision: their published versions still use it, so the deploy cannot delete it ("The capacity provider is currently in use"); delete those old versions first, or deploy provider.versionFunctions: false before removing the provider`,
	}}
}

test_one_function if {
	base := json.patch(_base, [{"op": "replace", "path": "/functions/worker/versioned", "value": _off}])
	findings := rule.report with input as object.union(_head, {"base": base})
	some f in findings
	contains(f.message, `but function "api" ran on it`)
	contains(f.message, "its published versions")
}

test_versioning_off_in_base_passes if {
	base := json.patch(_base, [
		{"op": "replace", "path": "/functions/api/versioned", "value": _off},
		{"op": "replace", "path": "/functions/worker/versioned", "value": _off},
	])
	count(rule.report) == 0 with input as object.union(_head, {"base": base})
}

test_quoted_or_unknown_versioning if {
	quoted := json.patch(_base, [
		{"op": "replace", "path": "/functions/api/versioned/value", "value": "false"},
		{"op": "replace", "path": "/functions/worker/versioned/value", "value": "yes"},
	])
	findings := rule.report with input as object.union(_head, {"base": quoted})
	some f in findings
	contains(f.message, `function "worker"`)
	unknown := json.patch(_base, [
		{"op": "replace", "path": "/functions/api/versioned/value", "value": {"$unknown": "${param:v}", "reason": "x"}},
		{"op": "replace", "path": "/functions/worker/versioned/value", "value": {"$unknown": "${param:v}", "reason": "x"}},
	])
	count(rule.report) == 0 with input as object.union(_head, {"base": unknown})
}

# Moving off a provider that still exists is no removal.
test_provider_kept_passes if {
	head := object.union(_head, {
		"config": {"provider": {"capacityProviders": {"old": {}, "other": {}}}},
		"capacityProviders": {"old": _cp("old", []), "other": _cp("other", ["api", "worker", "batch"])},
	})
	count(rule.report) == 0 with input as head
}

test_other_stack_passes if {
	count(rule.report) == 0 with input as object.union(_head, {"stage": "prod"})
	count(rule.report) == 0 with input as object.union(_head, {"service": "shop2"})
}

test_no_or_new_base_passes if {
	count(rule.report) == 0 with input as object.remove(_head, ["base"])
	count(rule.report) == 0 with input as object.union(_head, {"base": null})
}

_without_providers(config) := json.patch(_head, [
	{"op": "replace", "path": "/config", "value": config},
	{"op": "replace", "path": "/capacityProviders", "value": {}},
])

test_points_at_provider_without_capacity_providers if {
	{f.path | some f in rule.report} == {["provider"]} with input as _without_providers({"provider": {"name": "aws"}})
	{f.path | some f in rule.report} == {[]} with input as _without_providers({"service": "x"})
}

test_unknown_providers_pass if {
	count(rule.report) == 0 with input as _without_providers({"provider": {"capacityProviders": {"$unknown": "${file(cp.yml)}", "reason": "x"}}})
	count(rule.report) == 0 with input as _without_providers({"provider": {"$unknown": "${file(p.yml)}", "reason": "x"}})
}

# The auto-created default goes away when no function references it.
test_auto_default_removed if {
	base := {
		"service": "shop",
		"stage": "dev",
		"config": {"functions": {}},
		"capacityProviders": {"default": object.union(_cp("default", ["api"]), {"declared": false, "path": null})},
		"functions": {"api": _fn("api", "default", _on)},
	}
	head := {"service": "shop", "stage": "dev", "config": {"provider": {"name": "aws"}, "functions": {}}, "capacityProviders": {}, "functions": {"api": object.union(_fn("api", null, _on), {"managed": false, "capacityProvider": null})}, "base": base}
	count(rule.report) == 1 with input as head
	unknown_ref := object.union(head, {"functions": {"api": _fn("api", null, _on), "x": object.union(_fn("x", null, _on), {"capacityProvider": {"target": "unknown"}})}})
	count(rule.report) == 0 with input as unknown_ref
}
