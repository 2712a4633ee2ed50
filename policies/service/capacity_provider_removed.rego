# METADATA
# title: capacity-provider-removed
# description: |
#   Diff mode only (`--base REV` or `--base-file PATH`): a capacity provider
#   of the base revision is gone from this revision, while in the base
#   function versioning was on for a function that ran on it. Every version
#   such a function published stays attached to the provider it ran on, so
#   the deploy that removes the provider cannot delete it: CloudFormation
#   reports "The capacity provider is currently in use by N functions". The
#   finding names the functions whose old versions hold the provider.
#
#   A function that moves to another provider while its old one still
#   exists is not reported, nor is a change of service name or stage (a
#   new stack). Renaming a provider's key removes the old
#   provider and adds a new one, and the auto-created `default` provider
#   is removed when no function references `default` any more.
#
#   Why it matters: the deploy fails on the provider it cannot delete, and
#   the published versions that keep it alive have to be found and deleted
#   by hand.
#
#   Fix: delete the old versions of the functions named (once no traffic
#   uses them) before deploying the removal, or deploy
#   `provider.versionFunctions: false` before removing the provider and
#   remove it in a later deploy, once the versions published before are
#   gone.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI202.md
# custom:
#   id: MI202
#   level: error
#   summary: A capacity provider that versioned functions ran on in the base revision is removed.
#   base_example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       capacityProviders:
#         general:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#         large:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: general
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       capacityProviders:
#         large:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: large
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       capacityProviders:
#         general: # mi-lint:ignore MI018 -- kept until the old versions of api are deleted
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#         large:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: large
package milint.rules.service["capacity-provider-removed"]

import data.milint.lib.result
import data.milint.lib.stack
import data.milint.lib.values

report contains finding if {
	stack.same_stack
	some name, old in input.base.capacityProviders
	_removed(name, old)
	holders := sort([fn.name |
		some fn in input.base.functions
		fn.managed
		fn.capacityProvider.provider == name
		_versioned(fn.versioned.value)
	])
	count(holders) > 0
	finding := _fail(_where, _message(name, holders))
}

# rego.metadata.chain() in a report's body is evaluated before the body's
# first step; here it is evaluated only for a finding.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)

# A provider is removed when this revision has no provider by that name,
# and what it has can be known.
_removed(name, old) if {
	old.declared
	_providers_known
	not input.capacityProviders[name]
}

# An auto-created `default` might still be referenced by a function whose
# capacityProvider cannot be known: not judged then.
_removed(name, old) if {
	not old.declared
	_providers_known
	not input.capacityProviders[name]
	values.known(_get(input.config, "functions"))
	not _unknown_reference
}

_providers_known if {
	values.known(_get(input.config, "provider"))
	values.known(_get(_get(input.config, "provider"), "capacityProviders"))
}

# _get is x[key], or null where x is no mapping or lacks the key.
_get(x, key) := object.get(x, key, null) if is_object(x)

else := null

_unknown_reference if {
	some fn in input.functions
	fn.capacityProvider.target == "unknown"
}

# Versioning is on as the framework reads the setting (see MI201): a value
# its schema coerces to true, or any other value JavaScript finds truthy;
# unknown is not judged.
_versioned(value) if values.as_boolean(value) == true

_versioned(value) if {
	not _coerced(value)
	values.known(value)
	_truthy(value)
}

_coerced(value) if values.as_boolean(value) in {true, false}

_truthy(value) if {
	is_string(value)
	value != ""
}

_truthy(value) if {
	is_number(value)
	value != 0
}

_truthy(value) if is_array(value)

_truthy(value) if is_object(value)

# The finding is at this revision's capacityProviders key, else at
# provider, else at the top of the file.
default _where := []

_where := ["provider", "capacityProviders"] if {
	is_object(input.config.provider)
	"capacityProviders" in object.keys(input.config.provider)
} else := ["provider"] if {
	"provider" in object.keys(input.config)
}

_message(name, holders) := sprintf(
	"capacity provider %q is removed, but %s ran on it with versioning on in the base revision: %s still use it, so the deploy cannot delete it (\"The capacity provider is currently in use\"); delete those old versions first, or deploy provider.versionFunctions: false before removing the provider",
	[name, _functions(holders), _versions(holders)],
)

_functions(holders) := sprintf("function %q", holders) if count(holders) == 1

_functions(holders) := sprintf("functions %s", [concat(", ", [sprintf("%q", [h]) | some h in holders])]) if count(holders) > 1

_versions(holders) := "its published versions" if count(holders) == 1

_versions(holders) := "their published versions" if count(holders) > 1
