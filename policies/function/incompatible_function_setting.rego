# METADATA
# title: incompatible-function-setting
# description: |
#   Some function settings do not go together with `capacityProvider`:
#   `fileSystemConfig` (the Serverless Framework refuses it),
#   `provisionedConcurrency` (managed instances keep their own execution
#   environments: the two are mutually exclusive), a function-level `vpc`
#   (ignored: the function runs in its capacity provider's VPC) and `image`
#   (the framework silently drops the capacity provider of a container
#   image function). `snapStart` is reported as a warning: it does not
#   apply to managed instances. `reservedConcurrency` is fine.
#
#   Why it matters: the deploy fails, or a setting is silently not what
#   runs.
#
#   Fix: remove the setting from the managed-instance function (put the VPC
#   on the capacity provider, use `capacityProvider.scaling.min` instead of
#   provisioned concurrency), or remove `capacityProvider`.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI111.md
# custom:
#   id: MI111
#   level: error
#   summary: A managed-instance function also sets fileSystemConfig, provisionedConcurrency, vpc, image or snapStart.
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
#         provisionedConcurrency: 5
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
#         capacityProvider:
#           name: default
#           scaling:
#             min: 5
package milint.rules.function["incompatible-function-setting"]

import data.milint.lib.result
import data.milint.lib.values

# Why each setting does not go with a capacity provider, and what to do.
_errors := {
	"fileSystemConfig": "the Serverless Framework refuses fileSystemConfig on a managed-instance function; remove it, or remove capacityProvider",
	"provisionedConcurrency": "provisioned concurrency cannot be combined with a capacity provider; remove it and keep environments warm with capacityProvider.scaling.min",
	"vpc": "a function-level vpc is ignored on managed instances, the function runs in its capacity provider's VPC; remove it and set the VPC on the capacity provider",
	"image": "the Serverless Framework silently drops capacityProvider for a container image function, which then runs on default Lambda compute; deploy it from a package, or remove capacityProvider",
}

_warnings := {"snapStart": "SnapStart does not apply to managed instances, whose execution environments keep running; remove snapStart"}

_keys := object.keys(_errors) | object.keys(_warnings)

# The settings a managed function writes and switches on, found once for
# both reports, setting by setting: a setting that no function writes
# costs one look.
_written contains [name, key] if {
	some key in _keys
	some name
	_set(input.functions[name].config[key], key)
	input.functions[name].managed
}

report contains finding if {
	some [name, key] in _written
	reason := _errors[key]
	fn := input.functions[name]
	finding := result.fail(rego.metadata.chain(), array.concat(fn.path, [key]), _message(fn, key, reason))
}

report contains finding if {
	some [name, key] in _written
	reason := _warnings[key]
	fn := input.functions[name]
	finding := result.with_level(
		result.fail(rego.metadata.chain(), array.concat(fn.path, [key]), _message(fn, key, reason)),
		"warning",
	)
}

# Present and switched on: null, false and 0 turn a setting off, also as
# the framework's schema coerces them (`snapStart: "false"`,
# `provisionedConcurrency: "0"`). Unknown and intrinsic values count as
# present.
_set(value, key) if {
	not value in {null, false, 0, ""}
	not _coerced_off(key, value)
}

_coerced_off("snapStart", value) if values.as_boolean(value) == false

_coerced_off("provisionedConcurrency", value) if values.as_integer(value) == 0

_message(fn, key, reason) := sprintf("function %q runs on managed instances and sets %s%s: %s", [fn.name, key, _shown(fn.config[key]), reason])

# Scalars are shown with the key; a block is only named.
_shown(value) := sprintf(" %s", [values.describe(value)]) if {
	not is_object(value)
	not is_array(value)
}

_shown(value) := sprintf(" %s", [value["$unknown"]]) if values.unknown(value)

_shown(value) := "" if {
	is_object(value)
	not values.unknown(value)
}

_shown(value) := "" if is_array(value)
