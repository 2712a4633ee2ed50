# METADATA
# title: versioned-managed-instances
# description: |
#   With function versioning on (`provider.versionFunctions`, true by
#   default, or a function's own `versionFunction`), every deploy publishes
#   a new version of each managed-instance function, and every version
#   stays attached to its capacity provider. A provider holds at most 100
#   versions (a hard quota), and it cannot be deleted or replaced while any
#   version still uses it: the deploy fails with "The capacity provider is
#   currently in use by N functions".
#
#   Why it matters: a service that deploys often runs into the quota, and
#   removing or changing the provider later needs old versions deleted by
#   hand first.
#
#   Fix: set `provider.versionFunctions: false` (or `versionFunction: false`
#   on the function), or prune old versions as part of every deploy.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI201.md
# custom:
#   id: MI201
#   level: warning
#   summary: Function versioning is on for a managed-instance function.
#   example: |
#     service: shop
#     provider:
#       name: aws
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: default
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       versionFunctions: false
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: default
package milint.rules.service["versioned-managed-instances"]

import data.milint.lib.result

report contains finding if {
	some fn in input.functions
	fn.managed
	fn.versioned.value == true
	finding := _finding(fn)
}

_message(fn) := sprintf(
	"function %q runs on managed instances with versioning on: each deploy publishes a version that stays attached to the capacity provider (at most 100) and blocks deleting it; set provider.versionFunctions: false or versionFunction: false on the function",
	[fn.name],
)

# Written on the function itself: point there.
_finding(fn) := result.fail(rego.metadata.chain(), fn.versioned.path, _message(fn)) if {
	fn.versioned.path != null
	not fn.versioned.inherited
}

# Inherited from provider.versionFunctions: point at the function, relate
# the setting.
_finding(fn) := result.with_related(
	result.fail(rego.metadata.chain(), fn.capacityProvider.path, _message(fn)),
	fn.versioned.path,
	"versioning is turned on here",
) if fn.versioned.inherited

# The default: nothing is written anywhere.
_finding(fn) := result.fail(rego.metadata.chain(), fn.capacityProvider.path, _message(fn)) if fn.versioned.path == null
