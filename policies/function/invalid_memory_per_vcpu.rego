# METADATA
# title: invalid-memory-per-vcpu
# description: |
#   `capacityProvider.memoryPerVCpu` sets how many GB of memory a function's
#   execution environment gets per vCPU. Lambda Managed Instances offer
#   three ratios: 2, 4 and 8 (the default is 2). It must be written as a
#   number: a quoted `"4"` is a string and fails at deploy. (The framework
#   converts quoted numbers only where its schema names a type; for
#   `memoryPerVCpu` it lists the three values and no type, so `"4"` stays
#   a string.)
#
#   Why it matters: the Serverless Framework stops the deploy with
#   LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY.
#
#   Fix: set `memoryPerVCpu` to the number 2, 4 or 8, or leave it out for 2.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI105.md
# custom:
#   id: MI105
#   level: error
#   summary: memoryPerVCpu is not the number 2, 4 or 8.
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
#         memorySize: 8192
#         capacityProvider:
#           name: default
#           memoryPerVCpu: 3
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
#         memorySize: 8192
#         capacityProvider:
#           name: default
#           memoryPerVCpu: 4
package milint.rules.function["invalid-memory-per-vcpu"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# The memoryPerVCpu values of the document that are not allowed: the
# values are collected in one look, less the allowed ones, and the usual
# document has none.
_invalid := {v | v := input.functions[_].memoryPerVCpu.value} - _allowed

report contains finding if {
	some value in _invalid
	some name
	input.functions[name].memoryPerVCpu.value == value
	fn := input.functions[name]
	fn.memoryPerVCpu.path != null
	values.known(value)
	finding := result.fail(
		rego.metadata.chain(),
		fn.memoryPerVCpu.path,
		sprintf("function %q has memoryPerVCpu %s%s; it must be one of the numbers %s (GB per vCPU)", [fn.name, values.describe(value), _quoted(value), _choices]),
	)
}

# From the facts alone: the allowed numbers (a number equals another of
# the same value however written, 2.0 as 2).
_allowed contains allowed if {
	some allowed in facts.capacity_provider_config.memoryPerVCpu
	is_number(allowed)
}

_choices := concat(", ", [json.marshal(n) | some n in facts.capacity_provider_config.memoryPerVCpu])

_quoted(value) := " (a string: write it without quotes)" if {
	is_string(value)
	regex.match(`^\s*[0-9]+(\.[0-9]+)?\s*$`, value)
} else := ""
