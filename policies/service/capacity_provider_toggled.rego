# METADATA
# title: capacity-provider-toggled
# description: |
#   Diff mode only (`--base REV` or `--base-file PATH`): a function of the
#   base revision gained or lost `capacityProvider`. Lambda does not move an
#   existing function between its default compute and managed instances in
#   place: the update is refused and the deploy fails. A function that also
#   gets a new deployed name (its `name` changed) is a new function and is
#   not reported; a `capacityProvider` that cannot be known is not judged.
#
#   Why it matters: the deploy fails on that function, after the other
#   resources were updated.
#
#   Fix: deploy the function under a new name (rename its key, or set
#   `name`), so that a new function is created and the old one removed; or
#   keep it on the compute it was created with.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI204.md
# custom:
#   id: MI204
#   level: error
#   summary: An existing function gained or lost capacityProvider.
#   base_example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#     functions:
#       api:
#         handler: src/api.handler
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       capacityProviders:
#         pool:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       capacityProviders:
#         pool:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#     functions:
#       apiManaged:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.service["capacity-provider-toggled"]

import data.milint.lib.result
import data.milint.lib.stack

report contains finding if {
	stack.same_stack
	some name, fn in input.functions
	old := input.base.functions[name]
	_judged(old)
	_judged(fn)
	old.managed != fn.managed
	object.get(old.config, "name", null) == object.get(fn.config, "name", null)
	finding := _finding(old, fn)
}

# A capacityProvider that is a variable with no value yet may be null at
# deploy time: not judged.
_judged(fn) if not fn.managed

_judged(fn) if {
	fn.managed
	fn.capacityProvider.form != "unknown"
}

_finding(_, fn) := result.with_related(
	result.fail(rego.metadata.chain(), fn.path, sprintf(
		"function %q gains capacityProvider: it exists without one in the base revision, and Lambda cannot move an existing function onto managed instances, so the deploy fails; deploy it under a new name (rename the function, or set name) or leave it off managed instances",
		[fn.name],
	)),
	fn.capacityProvider.path,
	"capacityProvider is added here",
) if fn.managed

_finding(old, fn) := result.fail(rego.metadata.chain(), fn.path, sprintf(
	"function %q loses capacityProvider: it runs on %s in the base revision, and Lambda cannot move an existing function off managed instances, so the deploy fails; deploy it under a new name (rename the function, or set name) or keep its capacityProvider",
	[fn.name, _on(old)],
)) if not fn.managed

_on(old) := sprintf("capacity provider %q", [old.capacityProvider.ref]) if {
	is_string(old.capacityProvider.ref)
} else := "managed instances"
