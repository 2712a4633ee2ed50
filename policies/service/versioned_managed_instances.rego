# METADATA
# title: versioned-managed-instances
# description: |
#   With function versioning on (`provider.versionFunctions`, true by
#   default, or a function's own `versionFunction`), every deploy publishes
#   a new version of each managed-instance function, and every version
#   stays attached to its capacity provider. A provider holds at most 100
#   versions (a hard quota), and it cannot be deleted or replaced while any
#   version still uses it: the deploy fails with "The capacity provider is
#   currently in use by N functions". The framework converts a quoted
#   boolean first: `versionFunctions: "false"` turns versioning off, while
#   another non-boolean value such as `"yes"` leaves it on.
#
#   Why it matters: a service that deploys often runs into the quota, and
#   removing or changing the provider later needs old versions deleted by
#   hand first.
#
#   Fix: set `provider.versionFunctions: false` (or `versionFunction: false`
#   on the function), or prune old versions as part of every deploy.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI201.md
# custom:
#   id: MI201
#   level: warning
#   fix: unsafe
#   summary: Function versioning is on for a managed-instance function.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: default
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       versionFunctions: false
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: default
package milint.rules.service["versioned-managed-instances"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	some fn in input.functions
	fn.managed
	_on(fn.versioned.value)
	finding := _finding(fn.name, fn.capacityProvider.path, fn.versioned)
}

# Versioning is on for a value the framework's schema coerces to true
# (true, "true", 1), and for any other value JavaScript finds truthy, which
# the schema cannot coerce and the framework then uses as it is ("yes",
# 2). "false", 0 and "" are off; an unknown value is not judged.
# _on is true or false, never undefined, so that each distinct value is
# judged once per document, however many functions have it.
_on(value) if {
	values.as_boolean(value) == true
} else if {
	not _coerced(value)
	values.known(value)
	_truthy(value)
} else := false

_coerced(value) if values.as_boolean(value) in {true, false}

_truthy(value) if {
	is_string(value)
	value != ""
}

_truthy(value) if {
	is_number(value)
	value != 0
}

_truthy(value) if is_array(value)

_truthy(value) if is_object(value)

# The finding for function name, whose capacityProvider key is at at, and
# whose versioning setting is setting: the default first, the usual case.
_finding(name, at, setting) := result.fail(rego.metadata.chain(), at, _message(name, setting)) if {
	# The default: nothing is written anywhere.
	setting.path == null
} else := _with_fix(
	result.with_related(
		result.fail(rego.metadata.chain(), at, _message(name, setting)),
		setting.path,
		"versioning is turned on here",
	),
	setting.path,
) if {
	# Inherited from provider.versionFunctions: point at the function,
	# relate the setting.
	setting.inherited
} else := _with_fix(result.fail(rego.metadata.chain(), setting.path, _message(name, setting)), setting.path)

# Turning versioning off where it is written is a suggestion, not safe: it
# changes what each deploy publishes, and aliases that name a version.
_with_fix(finding, path) := result.with_fix(finding, path, "value", "false", false)

_message(name, setting) := sprintf(
	"function %q runs on managed instances with versioning on%s: each deploy publishes a version that stays attached to the capacity provider (at most %s) and blocks deleting it; set provider.versionFunctions: false or versionFunction: false on the function",
	[name, _written(setting), _max_versions],
)

_max_versions := values.number_text(facts.limits.versionsPerCapacityProvider.max)

# A value written as something other than a boolean says how it is read.
_written(setting) := sprintf(" (%s is %s, which the framework reads as true)", [setting.path[count(setting.path) - 1], values.describe(setting.value)]) if {
	setting.path != null
	not is_boolean(setting.value)
} else := ""
