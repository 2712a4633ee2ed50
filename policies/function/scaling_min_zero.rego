# METADATA
# title: scaling-min-zero
# description: |
#   A function's `capacityProvider.scaling.min` sets how many execution
#   environments are kept running. `min: 0` is only allowed together with
#   `max: 0` (the function is switched off); a `max` above 0, or no `max`
#   at all, is refused. The framework converts a quoted number first, so
#   `min: "0"` counts as 0 and `max: "0"` as 0.
#
#   Why it matters: the Serverless Framework stops the deploy with
#   LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG.
#
#   Fix: set `min` to 1 or more, or set both `min` and `max` to 0.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI101.md
# custom:
#   id: MI101
#   level: error
#   fix: unsafe
#   summary: scaling.min is 0 while scaling.max is not 0.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider:
#           name: default
#           scaling:
#             min: 0
#             max: 5
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider:
#           name: default
#           scaling:
#             min: 1
#             max: 5
package milint.rules.function["scaling-min-zero"]

import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	some name

	# Both bounds as the framework's schema coerces them (type integer):
	# a quoted "0" is 0. Only the functions that write a min are looked at.
	values.as_integer(input.functions[name].config.capacityProvider.scaling.min) == 0
	fn := input.functions[name]
	scaling := fn.config.capacityProvider.scaling
	not _max_zero_or_unknown(scaling)
	path := array.concat(fn.capacityProvider.path, ["scaling", "min"])

	# Not safe: an execution environment that always runs costs money.
	finding := result.with_fix(
		result.fail(
			rego.metadata.chain(),
			path,
			sprintf("function %q has scaling.min %s with %s; set min to 1 or more, or set max to 0 as well", [fn.name, values.describe(scaling.min), _max_text(scaling)]),
		),
		path, "value", "1", false,
	)
}

_max_zero_or_unknown(scaling) if values.as_integer(scaling.max) == 0

_max_zero_or_unknown(scaling) if not values.known(scaling.max)

_max_text(scaling) := sprintf("max %s", [values.describe(scaling.max)]) if {
	scaling.max != null
}

_max_text(scaling) := "no max (unbounded)" if not _has_max(scaling)

_has_max(scaling) if scaling.max != null
