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
	written := cp.config.scaling.maxVCpuCount

	# Numbers as the framework's schema coerces them (type integer).
	limit := values.deployed_number(written)
	count(cp.functions) > 0

	# Every term must be known: one unknown memory size or minimum could
	# make the sum anything.
	terms := [_term(input.functions[name]) | some name in cp.functions]
	count(terms) == count(cp.functions)
	total := sum([t.vcpus | some t in terms])
	total > limit
	finding := result.fail(
		rego.metadata.chain(),
		array.concat(cp.path, ["scaling", "maxVCpuCount"]),
		sprintf(
			"capacity provider %q has maxVCpuCount %s, but the minimum execution environments of its functions need %s vCPUs (environments x vCPUs each: %s); raise maxVCpuCount to %s or more, or lower the functions' scaling.min or memorySize",
			[cp.name, values.describe(written), _num(total), concat(", ", [t.text | some t in terms]), _num(ceil(total))],
		),
	)
}

# One function's share: its minimum environments x vCPUs per environment.
_term(fn) := {
	"vcpus": environments * per_environment,
	"text": sprintf("%q %s x %s", [fn.name, _num(environments), _num(per_environment)]),
} if {
	environments := _minimum(fn)
	per_environment := _vcpus(fn)
}

_vcpus(fn) := max([1, (memory / 1024) / ratio]) if {
	memory := values.deployed_number(fn.memorySize.value)
	memory > 0

	# memoryPerVCpu has only an enum in the schema: never coerced.
	ratio := fn.memoryPerVCpu.value
	is_number(ratio)
	ratio > 0
}

# scaling.min where written (a whole number from 0), else the AWS default;
# undefined when the scaling block or min is unknown or invalid.
_minimum(fn) := n if {
	scaling := _scaling(fn)
	n := values.as_integer(scaling.min)
	n >= 0
}

_minimum(fn) := facts.limits.minExecutionEnvironments.default if {
	scaling := _scaling(fn)
	_no_min(scaling)
}

_minimum(fn) := facts.limits.minExecutionEnvironments.default if not _has_scaling(fn)

_scaling(fn) := scaling if {
	scaling := fn.config.capacityProvider.scaling
	scaling != null
	is_object(scaling)
	values.known(scaling)
}

_has_scaling(fn) if {
	ref := fn.config.capacityProvider
	is_object(ref)
	ref.scaling != null
}

_no_min(scaling) if not "min" in object.keys(scaling)

_no_min(scaling) if scaling.min == null

_num(n) := json.marshal(n)
