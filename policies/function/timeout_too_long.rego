# METADATA
# title: timeout-too-long
# description: |
#   A function on Lambda Managed Instances may run up to 5400 seconds (90
#   minutes), but only when it is invoked asynchronously or by an event
#   source: a synchronous invocation (API Gateway `http` or `httpApi`
#   events, `alb` events, a function URL) still stops at 900 seconds. The
#   effective timeout is the function's `timeout`, else `provider.timeout`.
#   The framework converts a quoted whole number before it deploys, so
#   `timeout: "1800"` counts as 1800.
#
#   Why it matters: above 5400 seconds the Lambda API refuses the function;
#   above 900 seconds with synchronous callers, those callers are cut off
#   at 15 minutes whatever the timeout says.
#
#   Fix: keep `timeout` at 5400 or less; for a function with synchronous
#   events keep it at 900 or less, or move the long work behind an
#   asynchronous invocation or a queue.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI112.md
# custom:
#   id: MI112
#   level: warning
#   summary: A managed-instance function has a timeout above 900 s with synchronous events, or above 5400 s.
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
#         timeout: 1800
#         capacityProvider: default
#         events:
#           - sqs: arn:aws:sqs:us-east-1:123456789012:reports
package milint.rules.function["timeout-too-long"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

_limits := facts.limits.timeout

# Event types whose callers wait for the response.
_synchronous_events := {"http", "httpApi", "alb"}

# Above the managed-instance maximum: an error whatever the events.
report contains finding if {
	some fn in input.functions
	fn.managed
	timeout := _timeout(fn)

	# As the framework's schema coerces it (type integer): "6000" is 6000.
	seconds := values.deployed_number(timeout.value)
	seconds > _limits.managedMax
	f := _finding(fn, timeout, sprintf(
		"function %q has timeout %s s%s; a managed-instance function may run at most %s s: set timeout to %s or less",
		[fn.name, values.describe(timeout.value), values.inherited_text(timeout, "provider.timeout"), values.number_text(_limits.managedMax), values.number_text(_limits.managedMax)],
	))
	finding := result.with_level(f, "error")
}

# Above 15 minutes with synchronous callers.
report contains finding if {
	some fn in input.functions
	fn.managed
	timeout := _timeout(fn)
	seconds := values.deployed_number(timeout.value)
	seconds > _limits.synchronousMax
	seconds <= _limits.managedMax
	sync := _synchronous(fn)
	count(sync) > 0
	finding := _finding(fn, timeout, sprintf(
		"function %q has timeout %s s%s but is invoked synchronously (%s), and a synchronous invocation stops at %s s; set timeout to %s or less, or move the long work behind an asynchronous invocation",
		[fn.name, values.describe(timeout.value), values.inherited_text(timeout, "provider.timeout"), concat(", ", sort(sync)), values.number_text(_limits.synchronousMax), values.number_text(_limits.synchronousMax)],
	))
}

# The function's timeout, else provider.timeout.
_timeout(fn) := {"value": fn.config.timeout, "path": array.concat(fn.path, ["timeout"]), "inherited": false} if {
	fn.config.timeout != null
} else := {"value": input.config.provider.timeout, "path": ["provider", "timeout"], "inherited": true} if {
	input.config.provider.timeout != null
}

_synchronous(fn) := {type |
	is_array(fn.config.events)
	some event in fn.config.events
	is_object(event)
	some type, _ in event
	type in _synchronous_events
} | _url(fn)

# A function URL (`url: true` or a url block). The schema's boolean form
# coerces: `url: "false"` is false.
_url(fn) := {"function URL"} if {
	url := fn.config.url
	url != null
	not _off(url)
} else := set()

_off(url) if values.as_boolean(url) == false

# At the timeout that sets the value; when inherited, relate the function.
_finding(fn, timeout, message) := result.fail(rego.metadata.chain(), timeout.path, message) if not timeout.inherited

_finding(fn, timeout, message) := result.with_related(
	result.fail(rego.metadata.chain(), timeout.path, message),
	fn.capacityProvider.path,
	sprintf("function %q inherits provider.timeout here", [fn.name]),
) if timeout.inherited
