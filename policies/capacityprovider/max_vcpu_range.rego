# METADATA
# title: max-vcpu-range
# description: |
#   `scaling.maxVCpuCount` caps the vCPUs a capacity provider may run. The
#   Serverless Framework accepts a whole number from 12 to 15000 (the Lambda
#   API's own floor is 2, but the framework's schema and AWS CDK use 12).
#   Leave it out for no limit.
#
#   The framework converts a quoted whole number before it deploys
#   (`"100"` becomes 100, as do `100.0` and `[100]`), so those pass; a
#   fraction such as 12.5 or `"12.5"`, or text such as `"abc"`, stays as
#   written.
#
#   Why it matters: a value outside the range fails validation before any
#   resource is created; a fraction or text fails at deploy.
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
	not _in_range(count)
	values.known(count)
	limits := facts.limits.maxVCpuCount
	finding := result.fail(
		rego.metadata.chain(),
		array.concat(cp.path, ["scaling", "maxVCpuCount"]),
		sprintf("maxVCpuCount is %s; it must be an integer from %d to %d (or left out for no limit)", [values.describe(count), limits.min, limits.max]),
	)
}

# Judged as the framework's schema coerces it (type integer).
_in_range(x) if {
	n := values.as_integer(x)
	n >= facts.limits.maxVCpuCount.min
	n <= facts.limits.maxVCpuCount.max
}
