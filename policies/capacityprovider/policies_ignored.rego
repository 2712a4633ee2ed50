# METADATA
# title: policies-ignored
# description: |
#   `scaling.policies` (target tracking policies) only drive a capacity
#   provider in manual mode. With `scaling.mode` auto, or no mode at all
#   (auto is the default), Lambda scales the provider on its own and the
#   policies do nothing.
#
#   Why it matters: the deploy goes through, but the provider does not scale
#   by the target you wrote, which is rarely what was meant. AWS's own tools
#   never emit policies in auto mode.
#
#   Fix: set `scaling.mode: manual` to scale by the policies, or remove
#   `scaling.policies` to let Lambda scale automatically.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI005.md
# custom:
#   id: MI005
#   level: warning
#   summary: scaling.policies is set while scaling.mode is auto or unset.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       capacityProviders:
#         pool:
#           scaling:
#             policies:
#               - predefinedMetricType: LambdaCapacityProviderAverageCPUUtilization
#                 targetValue: 70
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       capacityProviders:
#         pool:
#           scaling:
#             mode: manual
#             policies:
#               - predefinedMetricType: LambdaCapacityProviderAverageCPUUtilization
#                 targetValue: 70
package milint.rules.capacityprovider["policies-ignored"]

import data.milint.lib.result
import data.milint.lib.values

# Policies count as given when written with any value but null or an empty
# list; a variable or intrinsic standing for the list counts as given.
report contains finding if {
	some cp in input.capacityProviders
	scaling := cp.config.scaling
	is_object(scaling)
	not values.missing(scaling, "policies")
	_auto(scaling)
	path := array.concat(cp.path, ["scaling", "policies"])
	finding := _relate_mode(
		result.fail(
			rego.metadata.chain(),
			path,
			sprintf("capacity provider %q sets scaling.policies but %s; target tracking policies only drive manual mode: set scaling.mode to manual, or remove scaling.policies", [cp.name, _mode_text(scaling)]),
		),
		cp,
		scaling,
	)
}

# Unset (absent or null) means auto, the framework's default. An unknown or
# invalid mode is not judged here (MI006 reports an invalid one).
_auto(scaling) if not _mode_written(scaling)

_auto(scaling) if {
	is_string(scaling.mode)
	lower(scaling.mode) == "auto"
}

_mode_written(scaling) if scaling.mode != null

_mode_text(scaling) := "scaling.mode is not set (auto is the default)" if not _mode_written(scaling)

_mode_text(scaling) := sprintf("scaling.mode is %s", [values.describe(scaling.mode)]) if _mode_written(scaling)

_relate_mode(f, cp, scaling) := result.with_related(
	f,
	array.concat(cp.path, ["scaling", "mode"]),
	"the scaling mode is set here",
) if _mode_written(scaling)

_relate_mode(f, _, scaling) := f if not _mode_written(scaling)
