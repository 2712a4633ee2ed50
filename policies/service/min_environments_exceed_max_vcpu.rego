# METADATA
# title: min-environments-exceed-max-vcpu
# description: |
#   Every function on a capacity provider keeps a minimum number of
#   execution environments running (`capacityProvider.scaling.min`, 3 by
#   default), each with `memorySize` / 1024 / `memoryPerVCpu` vCPUs (at
#   least 1). Added up over the provider's functions, these must fit in the
#   provider's `scaling.maxVCpuCount`. Quoted whole numbers count as the
#   framework converts them (`maxVCpuCount: "20"` is 20); a quoted
#   `memoryPerVCpu` is not converted (MI105 reports it).
#
#   Why it matters: the deploy fails with "MinimumExecutionEnvironments
#   can't be provisioned because CapacityProvider has reached maxVCpuCount
#   limit".
#
#   Fix: raise `maxVCpuCount`, lower the functions' `scaling.min`, or give
#   them less memory (or a larger `memoryPerVCpu`).
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI205.md
# custom:
#   id: MI205
#   level: warning
#   summary: The minimum execution environments of a provider's functions need more vCPUs than its maxVCpuCount.
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
#             maxVCpuCount: 12
#     functions:
#       api:
#         handler: src/api.handler
#         memorySize: 8192
#         capacityProvider:
#           name: pool
#           scaling:
#             min: 4
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
#             maxVCpuCount: 16
#     functions:
#       api:
#         handler: src/api.handler
#         memorySize: 8192
#         capacityProvider:
#           name: pool
#           scaling:
#             min: 4
package milint.rules.service["min-environments-exceed-max-vcpu"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	some cp in input.capacityProviders
	cp.path != null
	count(cp.functions) > 0
	written := cp.config.scaling.maxVCpuCount

	# Numbers as the framework's schema coerces them (type integer).
	limit := values.deployed_number(written)

	# Every share must be known: one unknown memory size or minimum could
	# make the sum anything.
	shares := [_share(input.functions[name]) | some name in cp.functions]
	count(shares) == count(cp.functions)
	total := sum([share.vcpus | some share in shares])
	total > limit

	# The breakdown is written only for a finding.
	terms := [sprintf("%q %s x %s", [share.name, values.number_text(share.environments), values.number_text(share.per_environment)]) | some share in shares]
	finding := result.fail(
		rego.metadata.chain(),
		array.concat(cp.path, ["scaling", "maxVCpuCount"]),
		sprintf(
			"capacity provider %q has maxVCpuCount %s, but the minimum execution environments of its functions need %s vCPUs (environments x vCPUs each: %s); raise maxVCpuCount to %s or more, or lower the functions' scaling.min or memorySize",
			[cp.name, values.describe(written), values.number_text(total), concat(", ", terms), values.number_text(ceil(total))],
		),
	)
}

# One function's share: its minimum environments x vCPUs per environment.
_share(fn) := {
	"name": fn.name,
	"environments": environments,
	"per_environment": per_environment,
	"vcpus": environments * per_environment,
} if {
	per_environment := _vcpus(fn.memorySize.value, fn.memoryPerVCpu.value)
	environments := _minimum(object.get(fn.config, "capacityProvider", null))
}

# The helpers take values, not the function, so that each distinct value in
# a document is worked out once.

_vcpus(memory, ratio) := max([1, (mb / 1024) / ratio]) if {
	# memoryPerVCpu has only an enum in the schema: never coerced.
	is_number(ratio)
	ratio > 0
	mb := values.deployed_number(memory)
	mb > 0
}

# scaling.min where written (a whole number from 0), else the AWS default;
# undefined when the scaling block or min is unknown or invalid. ref is
# the function's capacityProvider as written.
_minimum(ref) := facts.limits.minExecutionEnvironments.default if {
	not _has_scaling(ref)
} else := n if {
	scaling := _scaling(ref)
	n := values.as_integer(scaling.min)
	n >= 0
} else := facts.limits.minExecutionEnvironments.default if {
	scaling := _scaling(ref)
	_no_min(scaling)
}

_scaling(ref) := scaling if {
	scaling := ref.scaling
	scaling != null
	is_object(scaling)
	values.known(scaling)
}

_has_scaling(ref) if {
	is_object(ref)
	ref.scaling != null
}

_no_min(scaling) if not "min" in object.keys(scaling)

_no_min(scaling) if scaling.min == null
