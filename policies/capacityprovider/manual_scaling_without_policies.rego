# METADATA
# title: manual-scaling-without-policies
# description: |
#   A capacity provider whose `scaling.mode` is `manual` (in any letter
#   case) scales only by the target tracking policies listed in
#   `scaling.policies`, so that list must have at least one policy.
#
#   Why it matters: the Serverless Framework rejects manual mode without
#   policies, and Lambda has nothing to scale the provider's instances by.
#
#   Fix: add a policy under `scaling.policies` (predefinedMetricType
#   `LambdaCapacityProviderAverageCPUUtilization` and a targetValue from 0
#   to 100), or set `mode: auto` to let Lambda scale on its own.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI004.md
# custom:
#   id: MI004
#   level: error
#   summary: scaling.mode is manual but scaling.policies is missing or empty.
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
#             mode: manual
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
#             mode: manual
#             policies:
#               - predefinedMetricType: LambdaCapacityProviderAverageCPUUtilization
#                 targetValue: 70
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["manual-scaling-without-policies"]

import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	some cp in input.capacityProviders
	scaling := cp.config.scaling

	# Two lookups settle the usual cases: mode auto, or policies listed.
	scaling.mode != "auto"
	not scaling.policies[0]
	_manual(scaling.mode)
	values.missing(scaling, "policies")
	base := result.fail(
		_chain,
		array.concat(cp.path, ["scaling", "mode"]),
		sprintf("capacity provider %q sets scaling.mode %s but %s; manual mode needs at least one target tracking policy under scaling.policies, or set mode to auto", [cp.name, values.describe(scaling.mode), _lack(scaling)]),
	)
	finding := _relate_policies(base, cp, scaling)
}

# Letter case is free: the framework accepts manual, Manual, MANUAL.
# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

_manual(mode) if {
	is_string(mode)
	lower(mode) == "manual"
}

_lack(scaling) := "has no scaling.policies" if not "policies" in object.keys(scaling)

_lack(scaling) := sprintf("scaling.policies is %s", [values.describe(scaling.policies)]) if "policies" in object.keys(scaling)

# A written but empty policies key is worth showing next to the mode.
_relate_policies(f, cp, scaling) := result.with_related(
	f,
	array.concat(cp.path, ["scaling", "policies"]),
	"scaling.policies is empty here",
) if "policies" in object.keys(scaling)

_relate_policies(f, _, scaling) := f if not "policies" in object.keys(scaling)
