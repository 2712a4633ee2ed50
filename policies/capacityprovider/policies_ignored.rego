# METADATA
# title: policies-ignored
# description: |
#   `scaling.policies` (target tracking policies) only drive a capacity
#   provider in manual mode. With `scaling.mode: auto` written out (any
#   letter case), the framework sends both, and AWS refuses them: "A
#   scaling policy can't be specified when the scalingMode is set to Auto"
#   (an error). With no mode at all (auto is the default), Lambda scales
#   the provider on its own and the policies do nothing (a warning).
#
#   Why it matters: with an explicit auto mode the deploy fails; with the
#   mode left out the provider does not scale by the target you wrote,
#   which is rarely what was meant. AWS's own tools never emit policies in
#   auto mode.
#
#   Fix: set `scaling.mode: manual` to scale by the policies, or remove
#   `scaling.policies` to let Lambda scale automatically.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI005.md
# custom:
#   id: MI005
#   level: warning
#   summary: scaling.policies is set while scaling.mode is auto (an error) or unset (a warning).
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
#             policies:
#               - predefinedMetricType: LambdaCapacityProviderAverageCPUUtilization
#                 targetValue: 70
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
package milint.rules.capacityprovider["policies-ignored"]

import data.milint.lib.result
import data.milint.lib.values

# Policies count as given when written with any value but null or an empty
# list; a variable or intrinsic standing for the list counts as given.
# Mode left out (absent or null): auto is the framework's default, and the
# policies do nothing.
report contains finding if {
	some cp in _not_manual
	scaling := cp.config.scaling
	not _mode_written(scaling)
	finding := result.fail(
		_chain,
		array.concat(cp.path, ["scaling", "policies"]),
		sprintf("capacity provider %q sets scaling.policies but scaling.mode is not set (auto is the default); target tracking policies only drive manual mode: set scaling.mode to manual, or remove scaling.policies", [cp.name]),
	)
}

# Auto written out: the framework sends the policies with it, and AWS
# refuses the pair. An unknown or invalid mode is not judged here (MI006
# reports an invalid one).
report contains finding if {
	some cp in _not_manual
	scaling := cp.config.scaling
	is_string(scaling.mode)
	lower(scaling.mode) == "auto"
	finding := result.with_level(
		result.with_related(
			result.fail(
				_chain,
				array.concat(cp.path, ["scaling", "policies"]),
				sprintf("capacity provider %q sets scaling.policies with scaling.mode %s; AWS refuses a scaling policy when the scaling mode is Auto, so the deploy fails: set scaling.mode to manual, or remove scaling.policies", [cp.name, values.describe(scaling.mode)]),
			),
			array.concat(cp.path, ["scaling", "mode"]),
			"the scaling mode is set here",
		),
		"error",
	)
}

# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

# _not_manual holds the capacity providers with scaling.policies written
# whose mode is not plainly manual: most have no policies, and those that
# have them are mostly manual, settled in a lookup or two.
_not_manual contains cp if {
	some cp in input.capacityProviders
	cp.config.scaling.policies
	not cp.config.scaling.mode == "manual"
	not values.missing(cp.config.scaling, "policies")
}

_mode_written(scaling) if scaling.mode != null
