# METADATA
# title: max-concurrency-range
# description: |
#   `capacityProvider.maxConcurrency` caps how many invocations one
#   execution environment of the function runs at once. Lambda accepts a
#   whole number from 1 to 1600. Lambda also allows at most 64 concurrent
#   invocations per vCPU of the execution environment, which has
#   `memorySize` / 1024 / `memoryPerVCpu` vCPUs (at least 1).
#
#   The framework converts a quoted whole number before it deploys (`"10"`
#   becomes 10), so that passes.
#
#   Why it matters: a value outside 1 to 1600, a fraction or text fails the
#   deploy. A value above 64 per vCPU is reported as a warning:
#   the environment cannot run that many invocations, so the setting
#   promises concurrency the function never gets.
#
#   Fix: set an integer from 1 to 1600, no more than 64 times the vCPUs of
#   the execution environment (or raise `memorySize`), or leave it out for
#   the runtime's default.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI106.md
# custom:
#   id: MI106
#   level: error
#   summary: maxConcurrency is not an integer from 1 to 1600, or exceeds 64 per vCPU.
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
#         capacityProvider:
#           name: default
#           maxConcurrency: 0
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
#         capacityProvider:
#           name: default
#           maxConcurrency: 32
package milint.rules.function["max-concurrency-range"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

_limits := facts.capacity_provider_config.maxConcurrency

# The functions whose maxConcurrency the reports below judge: a string,
# intrinsic or unknown capacityProvider has none. The values of the
# document are collected in one look, and the usual ones are settled
# together by the set of plainly valid values.
_written contains name if {
	some value in ({v | v := input.functions[_].config.capacityProvider.maxConcurrency} - _plainly_valid)
	value != null
	some name
	input.functions[name].config.capacityProvider.maxConcurrency == value
}

# The whole numbers from the minimum to the invocations of one vCPU,
# which every execution environment has (and no more than the maximum):
# nothing to report. From the facts alone.
_plainly_valid contains n if {
	low := ceil(_limits.min)
	high := floor(min([_limits.perVCpu, _limits.max]))
	low <= high
	some n in numbers.range(low, high)
}

report contains finding if {
	some name in _written
	fn := input.functions[name]
	value := fn.config.capacityProvider.maxConcurrency
	not _in_range(value)
	fn.capacityProvider.form == "object"
	values.known(value)
	finding := result.fail(
		rego.metadata.chain(),
		array.concat(fn.capacityProvider.path, ["maxConcurrency"]),
		sprintf("function %q has maxConcurrency %s; it must be an integer from %d to %d", [fn.name, values.describe(value), _limits.min, _limits.max]),
	)
}

# Valid on its own, but more than the execution environment's vCPUs can run.
report contains finding if {
	some name in _written
	fn := input.functions[name]
	value := fn.config.capacityProvider.maxConcurrency
	_above_ceiling(value, fn.memorySize.number, fn.memoryPerVCpu.value)
	fn.capacityProvider.form == "object"
	vcpus := _vcpus(fn.memorySize.number, fn.memoryPerVCpu.value)
	ceiling := _limits.perVCpu * vcpus
	f := result.fail(
		rego.metadata.chain(),
		array.concat(fn.capacityProvider.path, ["maxConcurrency"]),
		sprintf(
			"function %q has maxConcurrency %s, but its execution environment has %s (memorySize %s / 1024 / memoryPerVCpu %s) and runs at most %d invocations per vCPU, %s in all; lower maxConcurrency or raise memorySize",
			[fn.name, values.describe(value), _vcpu_text(vcpus), values.describe(fn.memorySize.value), values.number_text(fn.memoryPerVCpu.value), _limits.perVCpu, values.number_text(ceiling)],
		),
	)
	finding := _with_memory(result.with_level(f, "warning"), fn)
}

# A value in range above what the vCPUs of an environment with memory
# size mem and memoryPerVCpu ratio run. By value, so that each
# combination is settled once; never undefined, as OPA remembers only the
# calls that give a value.
_above_ceiling(value, mem, ratio) if {
	_in_range(value)
	values.as_integer(value) > _limits.perVCpu * _vcpus(mem, ratio)
} else := false

# Judged as the framework's schema coerces it (type integer): a quoted
# "10" is 10.
_in_range(x) if {
	n := values.as_integer(x)
	n >= _limits.min
	n <= _limits.max
}

# vCPUs of one execution environment, from the effective values (the
# memory size as the framework deploys it); only when both are known and
# memoryPerVCpu is a valid ratio (else MI105 reports). By value, so that
# each pair in a document is worked out once.
_vcpus(mem, ratio) := max([1, (mem / 1024) / ratio]) if {
	mem > 0
	is_number(ratio)
	ratio in facts.capacity_provider_config.memoryPerVCpu
}

_vcpu_text(n) := "1 vCPU" if n == 1

else := sprintf("%s vCPUs", [values.number_text(n)])

# Name where the memory size is written, when it is.
_with_memory(f, fn) := result.with_related(f, fn.memorySize.path, "memorySize is set here") if {
	fn.memorySize.path != null
	not fn.memorySize.inherited
}

_with_memory(f, fn) := result.with_related(f, fn.memorySize.path, "the memorySize it inherits from provider.memorySize") if fn.memorySize.inherited

_with_memory(f, fn) := f if fn.memorySize.path == null
