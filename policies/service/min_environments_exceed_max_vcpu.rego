# METADATA
# title: min-environments-exceed-max-vcpu
# description: |
#   Every function on a capacity provider keeps a minimum number of
#   execution environments running (`capacityProvider.scaling.min`, 3 by
#   default), each with `memorySize` / 1024 / `memoryPerVCpu` vCPUs (at
#   least 1). Added up over the provider's functions, these must fit in the
#   provider's `scaling.maxVCpuCount`, or AWS's default cap of 400 vCPUs
#   when the provider sets none. Quoted whole numbers count as the
#   framework converts them (`maxVCpuCount: "20"` is 20); a quoted
#   `memoryPerVCpu` is not converted (MI105 reports it). A `maxVCpuCount`
#   the Lambda API refuses, or one not known before deploy, is not judged
#   here (MI003 reports an invalid one).
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
#   summary: The minimum execution environments of a provider's functions need more vCPUs than its maxVCpuCount (400 when unset).
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
	cp.functions != []
	limit := _limit(cp)

	# Every function's share must be known: one unknown memory size or
	# minimum could make the sum anything. A share is the minimum
	# environments (scaling.min as the framework deploys it, or the
	# default; absent where it cannot be known) x the vCPUs of each.
	# Each function is read by its name, without binding it: one step less.
	shares := [(input.functions[name].capacityProvider.minimumEnvironments * _vcpus(
		input.functions[name].memorySize.number,
		input.functions[name].memoryPerVCpu.value,
	)) |
		some name in cp.functions
	]
	count(shares) == count(cp.functions)
	total := sum(shares)
	total > limit.value
	some path in _places(cp, limit)
	finding := _fail(path, _message(cp, limit, total))
}

# rego.metadata.chain() in a report's body is evaluated before the body's
# first step; here it is evaluated only for a finding.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)

# The breakdown is written only for a finding.
_message(cp, limit, total) := sprintf(
	"capacity provider %q has %s, but the minimum execution environments of its functions need %s vCPUs (environments x vCPUs each: %s); %s to %s or more, or lower the functions' scaling.min or memorySize",
	[cp.name, _limit_text(cp, limit), values.number_text(total), concat(", ", terms), _fix(limit), values.number_text(ceil(total))],
) if {
	terms := [sprintf("%q %s x %s", [name, values.number_text(environments), values.number_text(each)]) |
		some name in cp.functions
		fn := input.functions[name]
		environments := fn.capacityProvider.minimumEnvironments
		each := _vcpus(fn.memorySize.number, fn.memoryPerVCpu.value)
	]
}

# The cap: maxVCpuCount as the framework's schema coerces it (type
# integer), when the Lambda API accepts it; AWS's default when the provider
# sets none. Undefined for an invalid or unknown maxVCpuCount, or a
# provider block that is not known.
_limit(cp) := {"value": n, "written": true} if {
	# as_integer(null) is undefined: a null maxVCpuCount counts as none.
	n := values.as_integer(cp.config.scaling.maxVCpuCount)
	n >= facts.limits.maxVCpuCount.apiMin
	n <= facts.limits.maxVCpuCount.max
} else := {"value": facts.limits.maxVCpuCount.default, "written": false} if {
	_no_max(cp.config)
}

_limit_text(cp, limit) := sprintf("maxVCpuCount %s", [values.describe(cp.config.scaling.maxVCpuCount)]) if {
	limit.written
} else := sprintf("no maxVCpuCount, so AWS caps it at its default of %s vCPUs", [values.number_text(limit.value)])

_fix(limit) := "raise maxVCpuCount" if limit.written

else := "set maxVCpuCount"

# No maxVCpuCount in a block that is known: the auto-created default (no
# block), or no scaling, or a scaling block without it.
_no_max(null)

_no_max(config) if {
	_known_object(config)
	_absent(config, "scaling")
}

_no_max(config) if {
	_known_object(config)
	_known_object(config.scaling)
	_absent(config.scaling, "maxVCpuCount")
}

_known_object(x) if {
	is_object(x)
	values.known(x)
}

_absent(obj, key) if not key in object.keys(obj)

_absent(obj, key) if obj[key] == null

# Where: the maxVCpuCount that is written; else the provider's name key;
# for the auto-created default, each function's capacityProvider key.
_places(cp, limit) := {array.concat(cp.path, ["scaling", "maxVCpuCount"])} if limit.written

_places(cp, limit) := {cp.path} if {
	not limit.written
	cp.path != null
}

_places(cp, limit) := {ref | some ref in cp.references} if {
	not limit.written
	cp.path == null
}

# _vcpus takes values, not the function, so that each distinct pair in a
# document is worked out once. memory is the memorySize the framework
# deploys (its `number`); memoryPerVCpu has only an enum in the schema:
# never coerced.
_vcpus(memory, ratio) := max([1, (memory / 1024) / ratio]) if {
	memory > 0
	is_number(ratio)
	ratio > 0
}
