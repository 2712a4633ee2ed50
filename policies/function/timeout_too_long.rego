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

# The managed functions whose timeout is above what the docs give, worked
# out once for both reports: the number is the one the framework deploys
# (type integer: "1800" is 1800), so an unknown timeout has none. The
# timeouts of the document are collected in one look, and the usual
# longest is within what the docs give.
_long contains name if {
	doc_max := _limits.managedInstancesDocMax
	timeouts := {n | n := input.functions[_].timeout.number}
	max(timeouts) > doc_max
	some timeout in timeouts
	timeout > doc_max
	some name
	input.functions[name].timeout.number == timeout
	input.functions[name].managed
}

# Above the API's maximum: an error.
report contains finding if {
	some name in _long
	fn := input.functions[name]
	fn.timeout.number > _limits.managedMax
	f := _finding(fn, sprintf(
		"function %q has timeout %s s%s; a managed-instance function may run at most %s s: set timeout to %s or less",
		[fn.name, values.describe(fn.timeout.value), values.inherited_text(fn.timeout, "provider.timeout"), values.number_text(_limits.managedMax), values.number_text(_limits.managedInstancesDocMax)],
	))
	finding := result.with_level(f, "error")
}

# Above what the Managed Instances docs give a function, whatever its
# events.
report contains finding if {
	some name in _long
	fn := input.functions[name]
	fn.timeout.number <= _limits.managedMax
	finding := _finding(fn, sprintf(
		"function %q has timeout %s s%s; the Lambda Managed Instances docs give a function a timeout of up to %s s (the API's %s s is for other uses): set timeout to %s or less",
		[fn.name, values.describe(fn.timeout.value), values.inherited_text(fn.timeout, "provider.timeout"), values.number_text(_limits.managedInstancesDocMax), values.number_text(_limits.managedMax), values.number_text(_limits.managedInstancesDocMax)],
	))
}

# At the timeout that sets the value; when inherited, relate the function.
_finding(fn, message) := result.fail(rego.metadata.chain(), fn.timeout.path, message) if not fn.timeout.inherited

_finding(fn, message) := result.with_related(
	result.fail(rego.metadata.chain(), fn.timeout.path, message),
	fn.capacityProvider.path,
	sprintf("function %q inherits provider.timeout here", [fn.name]),
) if fn.timeout.inherited
