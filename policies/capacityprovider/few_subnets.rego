# METADATA
# title: few-subnets
# description: |
#   Lambda Managed Instances start 3 instances by default and spread them
#   over the Availability Zones of the capacity provider's subnets. This
#   rule notes a capacity provider whose effective VPC (its own `vpc`, else
#   `provider.vpc`) lists only one or two distinct subnets. Subnets given as
#   CloudFormation intrinsics count one each; a single subnet written
#   without a list counts as one (the framework's schema wraps it into a
#   list); a list that is still a variable is not judged, and an empty or
#   missing list is MI001's.
#
#   Why it matters: with fewer than 3 subnets, and so at most 2 zones, the
#   loss of one zone takes out half or all of the capacity: the provider
#   works, but is less resilient than AWS recommends.
#
#   Fix: list at least 3 subnets, each in a different Availability Zone.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI016.md
# custom:
#   id: MI016
#   level: note
#   summary: A capacity provider's VPC has fewer than 3 subnets.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           scaling:
#             maxVCpuCount: 100
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
#             maxVCpuCount: 100
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["few-subnets"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# One finding per subnet list, however many capacity providers use it.
report contains finding if {
	some [vpc, distinct] in _few
	recommended := facts.limits.vpcSubnets.recommendedMin
	finding := _with_users(
		_fail(
			array.concat(vpc.path, ["subnetIds"]),
			sprintf("subnetIds lists %d distinct subnet%s; Lambda spreads a capacity provider's instances over its subnets' Availability Zones: list at least %d subnets, in different zones", [distinct, _plural(distinct), recommended]),
		),
		vpc,
	)
}

# Each VPC with too few subnets, with the number of distinct subnets.
_few contains [vpc, distinct] if {
	some vpc in _vpcs

	# A single subnet written without a list is wrapped into one by the
	# framework's schema. Only a mapping has subnetIds.
	list := _subnets(vpc.value.subnetIds)
	distinct := count({s | some s in list})
	distinct < facts.limits.vpcSubnets.recommendedMin
	distinct > 0
	is_object(vpc.value)
	values.known(vpc.value)
	not _some_unknown(list) # a variable item may stand for several subnets
}

# values.unknown of any item, in one look at them all.
_some_unknown(list) if is_string(list[_]["$unknown"])

# The usual list first, in one step.
_subnets(x) := x if is_array(x)

else := values.as_list(x)

# Each effective VPC once, however many capacity providers share it.
_vpcs := {vpc | vpc := input.capacityProviders[_].vpc}

# A VPC inherited from provider.vpc names the capacity providers that use
# it, at the first one's key.
_with_users(finding, vpc) := finding if {
	not vpc.inherited
} else := result.with_related(
	finding,
	_place(input.capacityProviders[names[0]]),
	sprintf("provider.vpc is the VPC of capacity provider%s %s", [_plural(count(names)), concat(", ", [sprintf("%q", [n]) | some n in names])]),
) if {
	vpc.inherited

	# Only an inherited VPC is at provider.vpc's path. Declared providers
	# first, in order, then the auto-created default (false sorts first).
	path := vpc.path
	users := sort([[undeclared, name] |
		input.capacityProviders[name].vpc.path == path
		undeclared := input.capacityProviders[name].declared == false
	])
	names := [name | some [_, name] in users]
}

_plural(n) := "" if n == 1

else := "s"

_place(cp) := cp.path if cp.declared

else := cp.references[0]

# A finding of this rule. The rule's METADATA is read here, where a finding
# is made, rather than in every report body whether it finds one or not.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)
