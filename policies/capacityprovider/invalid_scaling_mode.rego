# METADATA
# title: invalid-scaling-mode
# description: |
#   `scaling.mode` takes `auto` (Lambda scales the capacity provider on its
#   own, the default) or `manual` (it scales by `scaling.policies`). Letter
#   case does not matter.
#
#   Why it matters: the Serverless Framework passes any other value through
#   to CloudFormation, which accepts only Auto or Manual, so the deploy
#   fails after packaging.
#
#   Fix: set `mode` to `auto` or `manual`, or remove it for auto.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI006.md
# custom:
#   id: MI006
#   level: error
#   summary: scaling.mode is not auto or manual.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           scaling:
#             mode: automatic
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
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           scaling:
#             mode: auto
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["invalid-scaling-mode"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# A null mode is the same as no mode (auto); an unknown or intrinsic mode is
# not judged.
report contains finding if {
	some cp in input.capacityProviders
	mode := cp.config.scaling.mode
	not mode in facts.scaling.modes # the usual lower-case mode, settled in one step
	mode != null
	not _valid(mode)
	values.known(mode)
	finding := result.fail(
		_chain,
		array.concat(cp.path, ["scaling", "mode"]),
		sprintf("scaling.mode is %s; it must be %s (any letter case), or left out for auto", [values.describe(mode), _choices]),
	)
}

# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

_valid(mode) if {
	is_string(mode)
	lower(mode) in facts.scaling.modes
}

_choices := concat(" or ", facts.scaling.modes)
