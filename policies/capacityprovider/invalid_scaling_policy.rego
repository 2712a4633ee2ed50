# METADATA
# title: invalid-scaling-policy
# description: |
#   Each item of `scaling.policies` is a target tracking policy with two
#   required keys: `predefinedMetricType`, which must be
#   `LambdaCapacityProviderAverageCPUUtilization` (the only metric Lambda
#   offers, spelled exactly), and `targetValue`, a number from 0 to 100 (the
#   target average CPU utilization in percent). A capacity provider takes at
#   most 10 policies. The framework converts a quoted number before it
#   deploys (`"70"` becomes 70), so that passes; text such as `"70%"` does
#   not.
#
#   Why it matters: the Serverless Framework's schema, CloudFormation and
#   the Lambda API all reject such a policy, so the deploy fails.
#
#   Fix: give every policy both keys, use
#   `LambdaCapacityProviderAverageCPUUtilization` as the metric type, keep
#   the target value from 0 to 100, and keep at most 10 policies.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI007.md
# custom:
#   id: MI007
#   level: error
#   summary: A scaling policy lacks a key, has a wrong metric type or target value, or there are more than 10.
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
#             policies:
#               - predefinedMetricType: CPUUtilization
#                 targetValue: 170
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
package milint.rules.capacityprovider["invalid-scaling-policy"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# A policies value that is too long a list (at most facts.scaling.maxPolicies
# items), or not a list at all (null and "" mean no policies, which MI004
# judges in manual mode): at the policies key.
report contains finding if {
	some cp in input.capacityProviders
	policies := cp.config.scaling.policies
	not _short_list(policies)
	finding := result.fail(_chain, _policies_path(cp), _shape_message(cp, policies))
}

# An item that is not a mapping, or lacks a required key: at the item.
report contains finding if {
	some [cp, i, item] in _doubtful
	not is_object(item)
	values.known(item)
	finding := result.fail(
		_chain,
		array.concat(_policies_path(cp), [i]),
		sprintf("scaling.policies[%d] is %s; it must be a mapping with %s", [i, values.type_text(item), _required_text]),
	)
}

report contains finding if {
	some [cp, i, item] in _doubtful
	is_object(item)
	lacking := [key | some key in facts.scaling.policyKeys; not key in object.keys(item)]
	count(lacking) > 0
	values.known(item)
	finding := result.fail(
		_chain,
		array.concat(_policies_path(cp), [i]),
		sprintf("scaling.policies[%d] has no %s; every policy needs %s", [i, concat(" and no ", lacking), _required_text]),
	)
}

# A metric type other than the one Lambda offers (spelled exactly).
report contains finding if {
	some [cp, i, item] in _doubtful
	is_object(item)
	metric := item.predefinedMetricType
	not metric in facts.scaling.metricTypes
	values.known(metric)
	finding := result.fail(
		_chain,
		array.concat(_policies_path(cp), [i, "predefinedMetricType"]),
		sprintf("predefinedMetricType is %s; it must be %s", [values.describe(metric), _metrics_text]),
	)
}

# A target value that is not a number from 0 to 100.
report contains finding if {
	some [cp, i, item] in _doubtful
	is_object(item)
	target := item.targetValue
	not _target_in_range(target)
	values.known(target)
	limits := facts.scaling.targetValue
	finding := result.fail(
		_chain,
		array.concat(_policies_path(cp), [i, "targetValue"]),
		sprintf("targetValue is %s; it must be a number from %v to %v (percent CPU utilization)", [values.describe(target), limits.min, limits.max]),
	)
}

# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

_short_list(policies) if {
	is_array(policies)
	count(policies) <= facts.scaling.maxPolicies
}

_shape_message(cp, policies) := sprintf("capacity provider %q has %d scaling policies; at most %d are allowed", [cp.name, count(policies), facts.scaling.maxPolicies]) if {
	is_array(policies)
} else := sprintf("scaling.policies is %s; it must be a list of target tracking policies, each with predefinedMetricType and targetValue", [values.type_text(policies)]) if {
	not values.missing(cp.config.scaling, "policies")
	values.known(policies)
}

# _doubtful holds [capacity provider, index, item] for every policy written
# in a list that is not plainly valid (a mapping with every required key, a
# known metric type and a plain number in range): the few that the bodies
# above look at closely. An item standing for a variable or intrinsic is
# not judged.
_doubtful contains [cp, i, item] if {
	some cp in input.capacityProviders
	policies := cp.config.scaling.policies
	is_array(policies)
	some i, item in policies
	not _plainly_valid(item)
}

_plainly_valid(item) if {
	item.predefinedMetricType in facts.scaling.metricTypes

	# Only a number is both >= and <= a number in Rego's order of types.
	target := item.targetValue
	target >= facts.scaling.targetValue.min
	target <= facts.scaling.targetValue.max
	_required_keys_checked
}

# The keys every policy needs are the two _plainly_valid reads (so it
# needs no look at the item's keys).
_required_keys_checked if {
	every key in facts.scaling.policyKeys {
		key in {"predefinedMetricType", "targetValue"}
	}
}

_policies_path(cp) := array.concat(cp.path, ["scaling", "policies"])

_required_text := concat(" and ", facts.scaling.policyKeys)

_metrics_text := concat(" or ", [sprintf("%q", [m]) | some m in facts.scaling.metricTypes])

# Judged as the framework's schema coerces it (type number): a quoted
# "70" deploys as 70.
_target_in_range(x) if {
	n := values.as_number(x)
	n >= facts.scaling.targetValue.min
	n <= facts.scaling.targetValue.max
}
