# METADATA
# title: require-max-concurrency
# description: |
#   ACME's platform team asks every function that runs on Lambda Managed
#   Instances to say how many invocations one execution environment takes
#   at once: `capacityProvider.maxConcurrency`, at most 100. The string form
#   `capacityProvider: pool` cannot carry it, so it is reported too.
#
#   Why it matters: the default lets a function take as many concurrent
#   invocations as its vCPUs allow; ACME's services keep per-environment
#   state (connection pools, caches) sized for a known number.
#
#   Fix: write the object form with `name` and `maxConcurrency`, and keep
#   maxConcurrency at 100 or below.
# related_resources:
#   - ref: https://wiki.example.com/platform/lambda-managed-instances#concurrency
# custom:
#   id: ACME001
#   level: error
#   summary: A managed-instance function does not set capacityProvider.maxConcurrency, or sets it above 100.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       capacityProviders:
#         pool: {}
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       capacityProviders:
#         pool: {}
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider:
#           name: pool
#           maxConcurrency: 32
package custom.rules.function["require-max-concurrency"]

import data.milint.lib.result
import data.milint.lib.values

# ACME's own ceiling, below the platform's limit.
_ceiling := 100

# capacityProvider: pool — the string form has no room for maxConcurrency.
report contains finding if {
	some fn in input.functions
	fn.capacityProvider.form == "string"
	finding := result.fail(
		rego.metadata.chain(),
		fn.capacityProvider.path,
		sprintf(
			"function %q runs on capacity provider %s without maxConcurrency; write capacityProvider: {name: %s, maxConcurrency: N}",
			[fn.name, values.describe(fn.capacityProvider.ref), fn.capacityProvider.ref],
		),
	)
}

# The object form without the key: point at the capacityProvider key.
report contains finding if {
	some fn in input.functions
	fn.capacityProvider.form == "object"
	values.missing(fn.config.capacityProvider, "maxConcurrency")
	finding := result.fail(
		rego.metadata.chain(),
		fn.capacityProvider.path,
		sprintf("function %q does not set capacityProvider.maxConcurrency; set it to at most %d", [fn.name, _ceiling]),
	)
}

# Above ACME's ceiling: a warning, related to the capacity provider it runs
# on. An unknown value (${ssm:...}) or an intrinsic is not judged.
report contains finding if {
	some fn in input.functions
	fn.capacityProvider.form == "object"
	value := fn.config.capacityProvider.maxConcurrency
	values.known(value)
	values.as_integer(value) > _ceiling
	f := result.fail(
		rego.metadata.chain(),
		array.concat(fn.capacityProvider.path, ["maxConcurrency"]),
		sprintf("function %q has maxConcurrency %s; ACME allows at most %d", [fn.name, values.describe(value), _ceiling]),
	)
	finding := _with_provider(result.with_level(f, "warning"), fn)
}

_with_provider(f, fn) := result.with_related(f, cp.path, sprintf("capacity provider %s is declared here", [cp.name])) if {
	cp := input.capacityProviders[fn.capacityProvider.provider]
	cp.path != null
} else := f
