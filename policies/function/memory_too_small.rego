# METADATA
# title: memory-too-small
# description: |
#   A function on Lambda Managed Instances needs at least 2048 MB of memory,
#   and at least one vCPU's worth: `memoryPerVCpu` x 1024 MB (4096 MB with
#   `memoryPerVCpu: 4`, 8192 MB with 8). The effective memory size is the
#   function's `memorySize`, else `provider.memorySize`, else 2048. The
#   framework converts a quoted whole number before it deploys, so
#   `memorySize: "1024"` counts as 1024.
#
#   Why it matters: the Serverless Framework stops the deploy with
#   LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE. A size that is not a
#   whole number of vCPUs (a multiple of `memoryPerVCpu` x 1024) is reported
#   as a warning: the execution environment gets whole vCPUs only.
#
#   Fix: raise `memorySize` to at least 2048 MB and to a multiple of
#   `memoryPerVCpu` x 1024 MB, or lower `memoryPerVCpu`.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI107.md
# custom:
#   id: MI107
#   level: error
#   summary: The effective memorySize of a managed-instance function is below 2048 MB or below memoryPerVCpu x 1024 MB.
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
#         memorySize: 1024
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
#         memorySize: 2048
#         capacityProvider: default
package milint.rules.function["memory-too-small"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

_facts := facts.capacity_provider_config

# The managed functions whose memory size is wrong for their
# memoryPerVCpu, found once for both reports. The number is the one the
# framework deploys (type integer: "1024" is 1024), so an unknown size has
# none. The pairs of the document are collected in one look, and the
# usual ones are settled together by the set of right pairs.
_wrong contains name if {
	some pair in (_pairs - _right_pairs)
	[mem, ratio] := pair
	_wrong_size(mem, ratio)
	some name
	input.functions[name].memorySize.number == mem
	input.functions[name].memoryPerVCpu.value == ratio
	input.functions[name].managed
}

# The [memory size, memoryPerVCpu] pairs of the document's functions.
_pairs contains [mem, ratio] if {
	some name
	mem := input.functions[name].memorySize.number
	ratio := input.functions[name].memoryPerVCpu.value
}

# The memory sizes up to the managed maximum that are whole vCPUs of each
# valid memoryPerVCpu and at least its floor (as _unit and _floor give
# them), as [size, memoryPerVCpu] pairs: nothing to report. From the
# facts alone, without calling the functions, so that it is a constant.
_right_pairs contains [mem, ratio] if {
	some ratio in _facts.memoryPerVCpu
	is_number(ratio)
	unit := ratio * _facts.memorySize.mbPerGiB
	unit > 0
	low := ceil(max([_facts.memorySize.managedMin, unit]) / unit)
	high := floor(facts.limits.memorySize.managedMax / unit)
	low <= high
	some k in numbers.range(low, high)
	mem := k * unit
}

# Below the floor: 2048 MB, or one vCPU's worth when that is more.
report contains finding if {
	some name in _wrong
	fn := input.functions[name]
	ratio := fn.memoryPerVCpu.value
	minimum := _floor(ratio)
	fn.memorySize.number < minimum
	finding := _finding(fn, sprintf(
		"function %q runs on managed instances with memorySize %s MB%s; it needs at least %s MB%s",
		[fn.name, values.describe(fn.memorySize.value), values.inherited_text(fn.memorySize, "provider.memorySize"), values.number_text(minimum), _floor_reason(ratio)],
	))
}

# Enough memory, but not a whole number of vCPUs.
report contains finding if {
	some name in _wrong
	fn := input.functions[name]
	mem := fn.memorySize.number
	ratio := fn.memoryPerVCpu.value
	mem >= _floor(ratio)
	unit := _unit(ratio)
	not _multiple(mem, unit)
	f := _finding(fn, sprintf(
		"function %q has memorySize %s MB%s, not a multiple of memoryPerVCpu %s x 1024 = %s MB, so part of it buys no vCPU; use a multiple of %s MB",
		[fn.name, values.describe(fn.memorySize.value), values.inherited_text(fn.memorySize, "provider.memorySize"), values.number_text(ratio), values.number_text(unit), values.number_text(unit)],
	))
	finding := result.with_level(f, "warning")
}

# The helpers take the memoryPerVCpu value, not the function, so that each
# ratio (and each pair with a memory size) in a document is worked out
# once.
# Never undefined: OPA remembers only the calls that give a value.

_wrong_size(mem, ratio) if {
	mem < _floor(ratio)
} else if {
	not _multiple(mem, _unit(ratio))
} else := false

# MB per vCPU, only for a valid memoryPerVCpu (else MI105 reports it).
_unit(ratio) := ratio * _facts.memorySize.mbPerGiB if {
	is_number(ratio)
	ratio in _facts.memoryPerVCpu
}

_floor(ratio) := max([_facts.memorySize.managedMin, unit]) if {
	unit := _unit(ratio)
} else := _facts.memorySize.managedMin

_floor_reason(ratio) := sprintf(" (one vCPU's worth with memoryPerVCpu %s)", [values.number_text(ratio)]) if {
	_unit(ratio) > _facts.memorySize.managedMin
} else := ""

# mem is a number (memorySize.number).
_multiple(mem, unit) if {
	round(mem) == mem
	mem % unit == 0
}

# At the memorySize that sets the value (the function's, else the
# provider's); when inherited, relate the function that inherits it.
# Nothing written: at the function's capacityProvider key.
_finding(fn, message) := result.fail(rego.metadata.chain(), fn.memorySize.path, message) if {
	fn.memorySize.path != null
	not fn.memorySize.inherited
}

_finding(fn, message) := result.with_related(
	result.fail(rego.metadata.chain(), fn.memorySize.path, message),
	fn.capacityProvider.path,
	sprintf("function %q inherits provider.memorySize here", [fn.name]),
) if fn.memorySize.inherited

_finding(fn, message) := result.fail(rego.metadata.chain(), fn.capacityProvider.path, message) if fn.memorySize.path == null
