# METADATA
# title: invalid-scaling-range
# description: |
#   A function's `capacityProvider.scaling.min` and `scaling.max` bound how
#   many execution environments Lambda keeps for it on the capacity
#   provider. Each must be a whole number from 0 to 15000, and `min` may
#   not be greater than `max`. The framework converts a quoted whole number
#   before it deploys (`"5"` becomes 5), so that passes; a fraction such as
#   2.5 or `"2.5"`, or text, stays as written.
#
#   With no `min`, AWS keeps its default minimum of 3 execution
#   environments, so a `max` below 3 is below the effective minimum: a
#   warning.
#
#   Why it matters: the Serverless Framework's schema and the Lambda API
#   refuse a value outside the range, a fraction or text, and the API
#   refuses a minimum above the maximum, so the deploy fails.
#
#   Fix: write `min` and `max` as integers from 0 to 15000 with `min` no
#   greater than `max` (with a `max` below 3, write `min` too), or leave
#   them out for the defaults.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI102.md
# custom:
#   id: MI102
#   level: error
#   summary: scaling.min or scaling.max is not an integer from 0 to 15000, or min is greater than max (a warning for max below the default min of 3).
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
#             min: 10
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
#             min: 5
#             max: 10
package milint.rules.function["invalid-scaling-range"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# The functions whose scaling mapping the reports below judge: a string,
# intrinsic or unknown capacityProvider has none, and the usual mapping is
# settled in one step.
_scaled contains name if {
	some name
	scaling := input.functions[name].config.capacityProvider.scaling
	is_object(scaling)
	not _plainly_valid(scaling)
}

# Two whole numbers in range, min no greater than max: nothing to report.
# By value, so that each mapping in a document is settled once.
_plainly_valid(scaling) if {
	low := scaling.min
	is_number(low)
	high := scaling.max
	is_number(high)
	_limits.min <= low
	low <= high
	high <= _limits.max
	round(low) == low
	round(high) == high
}

_limits := facts.limits.executionEnvironments

# A bound that is written, known and not a whole number in range.
report contains finding if {
	some name in _scaled
	fn := input.functions[name]
	fn.capacityProvider.form == "object"
	scaling := fn.config.capacityProvider.scaling
	some key in ["min", "max"]
	value := scaling[key]
	value != null
	not _in_range(value)
	values.known(value)
	limits := facts.limits.executionEnvironments
	finding := result.fail(
		rego.metadata.chain(),
		array.concat(fn.capacityProvider.path, ["scaling", key]),
		sprintf("function %q has scaling.%s %s; it must be an integer from %d to %d", [fn.name, key, values.describe(value), limits.min, limits.max]),
	)
}

# Both bounds valid on their own, but crossed: point at min. An
# out-of-range bound is reported above instead, once.
report contains finding if {
	some name in _scaled
	fn := input.functions[name]
	fn.capacityProvider.form == "object"
	scaling := fn.config.capacityProvider.scaling
	_in_range(scaling.min)
	_in_range(scaling.max)
	values.as_integer(scaling.min) > values.as_integer(scaling.max)
	finding := result.fail(
		rego.metadata.chain(),
		array.concat(fn.capacityProvider.path, ["scaling", "min"]),
		sprintf("function %q has scaling.min %s greater than scaling.max %s; lower min or raise max so that min <= max", [fn.name, values.describe(scaling.min), values.describe(scaling.max)]),
	)
}

# No min: AWS's default minimum applies, and max is below it.
report contains finding if {
	some name in _scaled
	fn := input.functions[name]
	fn.capacityProvider.form == "object"
	scaling := fn.config.capacityProvider.scaling
	_no_min(scaling)
	_in_range(scaling.max)
	default_min := facts.limits.minExecutionEnvironments.default
	values.as_integer(scaling.max) < default_min
	finding := result.with_level(
		result.fail(
			rego.metadata.chain(),
			array.concat(fn.capacityProvider.path, ["scaling", "max"]),
			sprintf("function %q has scaling.max %s and no scaling.min, so AWS's default minimum of %d execution environments applies, above max; set scaling.min (no greater than max), or raise max to %d or more", [fn.name, values.describe(scaling.max), default_min, default_min]),
		),
		"warning",
	)
}

_no_min(scaling) if not "min" in object.keys(scaling)

_no_min(scaling) if scaling.min == null

# Judged as the framework's schema coerces it (type integer): a quoted
# "5" is 5.
_in_range(x) if {
	n := values.as_integer(x)
	n >= facts.limits.executionEnvironments.min
	n <= facts.limits.executionEnvironments.max
}
