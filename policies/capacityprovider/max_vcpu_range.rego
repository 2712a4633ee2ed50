# METADATA
# title: max-vcpu-range
# description: |
#   `scaling.maxVCpuCount` caps the vCPUs a capacity provider may run. The
#   Serverless Framework accepts a whole number from 12 to 15000 (the Lambda
#   API's own floor is 2, but the framework's schema and AWS CDK use 12).
#   Leave it out for no limit.
#
#   Why it matters: a value outside the range fails validation before any
#   resource is created; a fractional or quoted number fails at deploy.
#
#   Fix: set an integer from 12 to 15000, or remove the key.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI003.md
# custom:
#   id: MI003
#   level: error
#   summary: scaling.maxVCpuCount is not an integer from 12 to 15000.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       capacityProviders:
#         pool:
#           scaling:
#             maxVCpuCount: 8
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       capacityProviders:
#         pool:
#           scaling:
#             maxVCpuCount: 12
package milint.rules.capacityprovider["max-vcpu-range"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	some cp in input.capacityProviders
	count := cp.config.scaling.maxVCpuCount
	count != null
	values.known(count)
	not _in_range(count)
	limits := facts.limits.maxVCpuCount
	finding := result.fail(
		rego.metadata.chain(),
		array.concat(cp.path, ["scaling", "maxVCpuCount"]),
		sprintf("maxVCpuCount is %s; it must be an integer from %d to %d (or left out for no limit)", [values.describe(count), limits.min, limits.max]),
	)
}

_in_range(n) if {
	values.integer(n)
	n >= facts.limits.maxVCpuCount.min
	n <= facts.limits.maxVCpuCount.max
}
