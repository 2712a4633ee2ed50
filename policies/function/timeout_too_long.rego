# METADATA
# title: timeout-too-long
# description: |
#   The Lambda Managed Instances docs give a function a configured timeout
#   of up to 900 seconds, whatever invokes it; the Lambda API itself allows
#   up to 5400 seconds (90 minutes), for other uses. A timeout above 900
#   seconds on a managed-instance function is a warning; above 5400 seconds
#   it is an error. The effective timeout is the function's `timeout`, else
#   `provider.timeout`. The framework converts a quoted whole number before
#   it deploys, so `timeout: "1800"` counts as 1800.
#
#   Why it matters: above 5400 seconds the Lambda API refuses the function;
#   above 900 seconds the function relies on a timeout that the Managed
#   Instances docs do not promise (and synchronous callers, such as API
#   Gateway or a function URL, stop waiting at 15 minutes anyway).
#
#   Fix: keep `timeout` at 900 or less; move longer work to a function
#   without a capacity provider, or split it into steps.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI112.md
# custom:
#   id: MI112
#   level: warning
#   summary: A managed-instance function has a timeout above 900 s (an error above 5400 s).
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
#         timeout: 1800
#         capacityProvider: default
#         events:
#           - httpApi: POST /reports
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
#         timeout: 900
#         capacityProvider: default
#         events:
#           - httpApi: POST /reports
package milint.rules.function["timeout-too-long"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

_limits := facts.limits.timeout

# Above the API's maximum: an error.
report contains finding if {
	some fn in input.functions
	fn.managed
	timeout := _timeout(fn)

	# As the framework's schema coerces it (type integer): "6000" is 6000.
	seconds := values.deployed_number(timeout.value)
	seconds > _limits.managedMax
	f := _finding(fn, timeout, sprintf(
		"function %q has timeout %s s%s; a managed-instance function may run at most %s s: set timeout to %s or less",
		[fn.name, values.describe(timeout.value), values.inherited_text(timeout, "provider.timeout"), values.number_text(_limits.managedMax), values.number_text(_limits.managedInstancesDocMax)],
	))
	finding := result.with_level(f, "error")
}

# Above what the Managed Instances docs give a function, whatever its
# events.
report contains finding if {
	some fn in input.functions
	fn.managed
	timeout := _timeout(fn)
	seconds := values.deployed_number(timeout.value)
	seconds > _limits.managedInstancesDocMax
	seconds <= _limits.managedMax
	finding := _finding(fn, timeout, sprintf(
		"function %q has timeout %s s%s; the Lambda Managed Instances docs give a function a timeout of up to %s s (the API's %s s is for other uses): set timeout to %s or less",
		[fn.name, values.describe(timeout.value), values.inherited_text(timeout, "provider.timeout"), values.number_text(_limits.managedInstancesDocMax), values.number_text(_limits.managedMax), values.number_text(_limits.managedInstancesDocMax)],
	))
}

# The function's timeout, else provider.timeout.
_timeout(fn) := {"value": fn.config.timeout, "path": array.concat(fn.path, ["timeout"]), "inherited": false} if {
	fn.config.timeout != null
} else := {"value": input.config.provider.timeout, "path": ["provider", "timeout"], "inherited": true} if {
	input.config.provider.timeout != null
}

# At the timeout that sets the value; when inherited, relate the function.
_finding(_, timeout, message) := result.fail(rego.metadata.chain(), timeout.path, message) if not timeout.inherited

_finding(fn, timeout, message) := result.with_related(
	result.fail(rego.metadata.chain(), timeout.path, message),
	fn.capacityProvider.path,
	sprintf("function %q inherits provider.timeout here", [fn.name]),
) if timeout.inherited
