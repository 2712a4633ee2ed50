# METADATA
# title: memory-too-large
# description: |
#   A function's effective memory size (its `memorySize`, else
#   `provider.memorySize`) has an upper limit: 32768 MB for a function on
#   Lambda Managed Instances, 10240 MB for a function that does not use a
#   capacity provider. The framework converts a quoted whole number before
#   it deploys, so `memorySize: "20480"` counts as 20480.
#
#   Why it matters: the Lambda API refuses the function, and the Serverless
#   Framework stops the deploy with LAMBDA_INVALID_MEMORY_SIZE. A
#   `provider.memorySize` above 10240 MB breaks every function that does not
#   set its own size and has no capacity provider.
#
#   Fix: lower `memorySize` to 32768 MB or less (10240 MB or less without a
#   capacity provider), or run the function on a capacity provider.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI108.md
# custom:
#   id: MI108
#   level: error
#   summary: The effective memorySize is above 32768 MB, or above 10240 MB without a capacity provider.
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
#         memorySize: 65536
#         capacityProvider: default
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
#         memorySize: 32768
#         capacityProvider: default
package milint.rules.function["memory-too-large"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# The functions whose memory size is above their limit: the number is the
# one the framework deploys (type integer: "20000" is 20000), so an
# unknown size has none. The sizes of the document are collected in one
# look, and the usual largest is within the lower of the two limits.
_too_large contains name if {
	sizes := {n | n := input.functions[_].memorySize.number}
	max(sizes) > _lowest
	some size in sizes
	size > _lowest
	some name
	input.functions[name].memorySize.number == size
	size > _limit(input.functions[name].managed)
}

_lowest := min([facts.limits.memorySize.managedMax, facts.limits.memorySize.max])

report contains finding if {
	some name in _too_large
	fn := input.functions[name]
	limit := _limit(fn.managed)
	finding := _finding(fn, sprintf(
		"function %q has memorySize %s MB%s; %s allows at most %s MB: %s",
		[fn.name, values.describe(fn.memorySize.value), values.inherited_text(fn.memorySize, "provider.memorySize"), _kind(fn), values.number_text(limit), _fix(fn, limit)],
	))
}

# By fn.managed, so that it is worked out once per document, not per function.
_limit(true) := facts.limits.memorySize.managedMax

_limit(false) := facts.limits.memorySize.max

_kind(fn) := "a function on managed instances" if fn.managed

_kind(fn) := "a function without a capacity provider" if not fn.managed

_fix(fn, limit) := sprintf("set memorySize to %s or less", [values.number_text(limit)]) if fn.managed

_fix(fn, limit) := sprintf(
	"set memorySize to %s or less, or run the function on a capacity provider (up to %s MB)",
	[values.number_text(limit), values.number_text(facts.limits.memorySize.managedMax)],
) if not fn.managed

# Where the function itself is named: its capacityProvider key, else (no
# capacity provider) its own key.
_anchor(fn) := fn.capacityProvider.path if fn.managed

_anchor(fn) := fn.path if not fn.managed

# At the memorySize that sets the value (the function's, else the
# provider's, relating the function that inherits it); a default (never
# above a limit today) at the function.
_finding(fn, message) := result.fail(rego.metadata.chain(), fn.memorySize.path, message) if {
	fn.memorySize.path != null
	not fn.memorySize.inherited
}

_finding(fn, message) := result.with_related(
	result.fail(rego.metadata.chain(), fn.memorySize.path, message),
	_anchor(fn),
	sprintf("function %q inherits provider.memorySize here", [fn.name]),
) if fn.memorySize.inherited

_finding(fn, message) := result.fail(rego.metadata.chain(), _anchor(fn), message) if fn.memorySize.path == null
