# METADATA
# title: invalid-architectures
# description: |
#   `instanceRequirements.architectures` picks the CPU architecture of the
#   capacity provider's instances. It is a list with exactly one item,
#   `x86_64` or `arm64`, written in lower case. A single value written
#   without a list is wrapped into one by the framework's schema, so
#   `architectures: arm64` works as `[arm64]`.
#
#   Why it matters: the Serverless Framework's schema and CloudFormation
#   (at most one item, values x86_64 and arm64) reject anything else, so the
#   deploy fails. A second item does not add an architecture: a capacity
#   provider runs a single one.
#
#   An empty list is a note: the framework leaves it out (the Lambda API
#   would accept it), so it has no effect and the provider runs
#   `provider.architecture`, else x86_64.
#
#   Fix: write `architectures: [x86_64]` or `architectures: [arm64]`, or
#   remove the key to use `provider.architecture` (else x86_64). For both
#   architectures, declare two capacity providers.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI008.md
# custom:
#   id: MI008
#   level: error
#   fix: safe
#   summary: instanceRequirements.architectures is not exactly one of x86_64, arm64.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           instanceRequirements:
#             architectures: [ARM64]
#     functions:
#       api:
#         handler: src/api.handler
#         architecture: arm64
#         capacityProvider: pool
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           instanceRequirements:
#             architectures: [arm64]
#     functions:
#       api:
#         handler: src/api.handler
#         architecture: arm64
#         capacityProvider: pool
package milint.rules.capacityprovider["invalid-architectures"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	_odd_lists
	some cp in input.capacityProviders
	archs := cp.config.instanceRequirements.architectures
	archs != null
	values.known(archs)
	problem := _problem(archs)
	path := array.concat(cp.path, ["instanceRequirements", "architectures"])
	finding := _with_fix(
		_fail(
			path,
			sprintf("architectures %s; it must be a list with exactly one item, x86_64 or arm64%s", [problem, _hint(archs)]),
		),
		path,
		archs,
	)
}

# An empty list: the framework leaves it out, and the API would accept it.
report contains finding if {
	some name
	input.capacityProviders[name].config.instanceRequirements.architectures == []
	cp := input.capacityProviders[name]
	finding := result.with_level(
		_fail(
			array.concat(cp.path, ["instanceRequirements", "architectures"]),
			"architectures is an empty list, which has no effect: the framework leaves an empty list out (the Lambda API would accept it), so the provider runs provider.architecture, else x86_64; remove the key, or write [x86_64] or [arm64]",
		),
		"note",
	)
}

# Most documents write each architectures list as one supported item, and
# are settled in one look at all their lists.
_odd_lists if {
	written := {archs | archs := input.capacityProviders[_].config.instanceRequirements.architectures}
	count(written - _fine_lists) > 0
}

_fine_lists contains [a] if some a in facts.instance_types.architectures

# _with_fix writes the accepted spelling of a near miss: safe when only the
# letter case differs (ARM64), a suggestion for another name (aarch64).
_with_fix(finding, path, archs) := result.with_fix(finding, _item_path(path, archs), "value", fix, lower(a) == fix) if {
	a := _single(archs)
	is_string(a)
	fix := _aliases[lower(trim_space(a))]
} else := finding

_item_path(path, archs) := array.concat(path, [0]) if is_array(archs)

_item_path(path, archs) := path if not is_array(archs)

# A mapping cannot become a list.
_problem(archs) := sprintf("is %s, not a list", [values.describe(archs)]) if {
	not is_array(archs)
	not values.as_list(archs)
}

# A single value: the framework's schema wraps it into a one-item list
# (`architectures: arm64` is [arm64]), so only the value is judged.
_problem(archs) := sprintf("is %s", [values.describe(archs)]) if {
	not is_array(archs)
	values.as_list(archs)
	not archs in facts.instance_types.architectures
}

_problem(archs) := sprintf("has %d items (%s)", [count(archs), _render(archs)]) if {
	is_array(archs)
	count(archs) > 1
}

_problem(archs) := sprintf("is [%s]", [values.describe(archs[0])]) if {
	is_array(archs)
	count(archs) == 1
	values.known(archs[0])
	not archs[0] in facts.instance_types.architectures
}

_render(archs) := concat(", ", [_show(a) | some a in archs])

# An unresolved item shows as written, not as the loader's object.
_show(a) := a["$unknown"] if values.unknown(a)

_show(a) := values.describe(a) if not values.unknown(a)

# Suggest the accepted spelling of a near miss such as ARM64, aarch64 or
# x86-64, written as one item or as a bare string.
_hint(archs) := sprintf(" (write [%s])", [fix]) if {
	a := _single(archs)
	is_string(a)
	fix := _aliases[lower(trim_space(a))]
} else := ""

_single(archs) := archs[0] if {
	is_array(archs)
	count(archs) == 1
}

_single(archs) := archs if not is_array(archs)

_aliases := {
	"arm64": "arm64",
	"arm": "arm64",
	"aarch64": "arm64",
	"graviton": "arm64",
	"x86_64": "x86_64",
	"x86-64": "x86_64",
	"x86": "x86_64",
	"x64": "x86_64",
	"amd64": "x86_64",
}

# A finding of this rule. The rule's METADATA is read here, where a finding
# is made, rather than in every report body whether it finds one or not.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)
