# METADATA
# title: max-vcpu-range
# description: |
#   `scaling.maxVCpuCount` caps the vCPUs a capacity provider may run. The
#   sources disagree on its floor: the Lambda API and CloudFormation accept
#   a whole number from 2 to 15000, while the Serverless Framework's schema
#   and AWS CDK ask for 12 to 15000. A value outside 2 to 15000, or one
#   that is not a whole number, is an error; a value from 2 to 11 is a
#   warning (it deploys, but the framework warns about it, and fails on it
#   with `configValidationMode: error`). Leave it out for AWS's default
#   cap of 400 vCPUs.
#
#   The framework converts a quoted whole number before it deploys
#   (`"100"` becomes 100, as do `100.0` and `[100]`), so those pass; a
#   fraction such as 12.5 or `"12.5"`, or text such as `"abc"`, stays as
#   written.
#
#   Why it matters: the Lambda API refuses a value outside its range, a
#   fraction or text, so the deploy fails.
#
#   Fix: set an integer from 12 to 15000, or remove the key.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI003.md
# custom:
#   id: MI003
#   level: error
#   summary: scaling.maxVCpuCount is not an integer from 2 to 15000 (an error), or is below the framework's 12 (a warning).
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
#             maxVCpuCount: 1
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
#             maxVCpuCount: 12
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["max-vcpu-range"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# Outside what the Lambda API accepts: an error.
report contains finding if {
	some name, written in _doubtful
	written != null
	not _api_range(written)
	values.known(written)
	cp := input.capacityProviders[name]
	finding := result.fail(
		_chain,
		array.concat(cp.path, ["scaling", "maxVCpuCount"]),
		sprintf(
			"maxVCpuCount is %s; the Lambda API accepts an integer from %d to %d (the framework's schema and AWS CDK ask for at least %d), or leave it out for AWS's default cap of %d vCPUs",
			[values.describe(written), _limits.apiMin, _limits.max, _limits.min, _limits.default],
		),
	)
}

# Accepted by the Lambda API, below the framework's and CDK's floor: a
# warning.
report contains finding if {
	some name, written in _doubtful
	n := values.as_integer(written)
	n >= _limits.apiMin
	n < _limits.min
	cp := input.capacityProviders[name]
	finding := result.with_level(
		result.fail(
			_chain,
			array.concat(cp.path, ["scaling", "maxVCpuCount"]),
			sprintf(
				"maxVCpuCount is %s; the Lambda API accepts it (from %d), but the framework's schema and AWS CDK ask for an integer from %d to %d, so the framework warns (and fails with configValidationMode: error): set %d or more",
				[values.describe(written), _limits.apiMin, _limits.min, _limits.max, _limits.min],
			),
		),
		"warning",
	)
}

_limits := facts.limits.maxVCpuCount

# Each provider's maxVCpuCount where written, by name, unless it is the
# usual whole number that both the Lambda API and the framework accept.
_doubtful[name] := written if {
	some name, cp in input.capacityProviders
	written := cp.config.scaling.maxVCpuCount
	not _accepted(written)
}

# Only a number is both >= and <= a number in Rego's order of types (null,
# booleans, numbers, strings, ...), so the bounds settle the type too.
_accepted(x) if {
	x >= _lowest
	x <= _limits.max
	round(x) == x
}

_lowest := max([_limits.min, _limits.apiMin])

# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

# Judged as the framework's schema coerces it (type integer).
_api_range(x) if {
	n := values.as_integer(x)
	n >= _limits.apiMin
	n <= _limits.max
}
