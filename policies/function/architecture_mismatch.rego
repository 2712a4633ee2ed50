# METADATA
# title: architecture-mismatch
# description: |
#   A function on Lambda Managed Instances runs on its capacity provider's
#   instances, so both must have the same architecture. The function's is
#   its `architecture`, else `provider.architecture`, else x86_64; the
#   capacity provider's is `instanceRequirements.architectures`, else
#   `provider.architecture`, else x86_64. Judged for providers declared in
#   the service and the auto-created `default`; a provider given by ARN or
#   intrinsic is not known here. A managed-instance function's effective
#   architecture that is not exactly `x86_64` or `arm64` (such as `ARM64`)
#   is reported too, whatever its provider: the Lambda API's values are
#   lower case.
#
#   Why it matters: the function cannot be placed on the provider's
#   instances, or the API refuses the architecture, and the deploy fails.
#
#   Fix: set the function's `architecture` to the provider's, or change the
#   provider's `instanceRequirements.architectures`; write the architecture
#   as `x86_64` or `arm64`.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI110.md
# custom:
#   id: MI110
#   level: error
#   fix: safe
#   summary: A managed-instance function's effective architecture differs from its capacity provider's, or is not x86_64 or arm64.
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
#         graviton:
#           instanceRequirements:
#             architectures: [arm64]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: graviton
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
#         graviton:
#           instanceRequirements:
#             architectures: [arm64]
#     functions:
#       api:
#         handler: src/api.handler
#         architecture: arm64
#         capacityProvider: graviton
package milint.rules.function["architecture-mismatch"]

import data.milint.facts
import data.milint.lib.instancetypes
import data.milint.lib.result
import data.milint.lib.values

# Only valid architectures are compared: an invalid one is reported below
# (the function's) or by invalid-architectures (MI008, the provider's).
_architectures := {a | some a in facts.instance_types.architectures}

# The functions whose architecture differs from their capacity provider's:
# none in the usual document (below), else found in one look per
# function, where the usual match ends it. A function that
# does not name a provider of this file has none here. A single
# architectures value counts as its one-item list.
_differs contains name if {
	not _one_architecture
	some name, fn in input.functions
	cp := input.capacityProviders[fn.capacityProvider.provider]
	instancetypes.provider_architecture(cp).value != fn.architecture.value
}

# The usual document: every function and every capacity provider has the
# same effective architecture, and no provider writes its architectures
# as a single value (which provider_architecture reads as the list's
# item), so no function differs from its provider: settled in one look.
_one_architecture if {
	count(_function_architectures | {a | a := input.capacityProviders[_].architecture.value}) == 1

	# Lists sort after null, booleans, numbers and strings, and [] before
	# any other list: the least is [] when no value is a single one.
	is_array(min({x | x := input.capacityProviders[_].config.instanceRequirements.architectures} | {[]}))
}

# The effective architectures of the document's functions.
_function_architectures contains input.functions[_].architecture.value

# The functions whose effective architecture is not a value the Lambda API
# accepts: the architectures of the document are collected in one look
# per function, and the usual document has no other.
_invalid contains name if {
	some arch in (_function_architectures - _architectures)
	some name
	input.functions[name].architecture.value == arch
}

report contains finding if {
	some name in _differs
	fn := input.functions[name]
	fn.managed
	cp := input.capacityProviders[fn.capacityProvider.provider]
	cp_setting := instancetypes.provider_architecture(cp)
	cp_arch := cp_setting.value
	cp_arch in _architectures
	fn_arch := fn.architecture.value
	fn_arch in _architectures
	fn.capacityProvider.target in {"declared", "default"}
	_provider_architecture_known(cp)
	message := sprintf(
		"function %q runs on %s%s but its capacity provider %q runs %s%s; set the function's architecture to %s, or the provider's instanceRequirements.architectures to [%s]",
		[fn.name, fn_arch, _source_text(fn.architecture), cp.name, cp_arch, _source_text(cp_setting), cp_arch, fn_arch],
	)
	finding := _with_provider(_finding(fn, message), cp, cp_setting)
}

# The function's effective architecture is not a value the Lambda API
# accepts.
report contains finding if {
	some name in _invalid
	fn := input.functions[name]
	fn.managed
	arch := fn.architecture.value
	values.known(arch)
	finding := _with_case_fix(
		_finding(fn, sprintf(
			"function %q runs on managed instances with architecture %s%s; the Lambda API accepts only %s, in lower case%s",
			[fn.name, values.describe(arch), _source_text(fn.architecture), concat(" or ", sort(_architectures)), _spelling(arch)],
		)),
		fn.architecture,
	)
}

# A known architecture in another letter case is safely rewritten where it
# is written.
_with_case_fix(finding, setting) := result.with_fix(finding, setting.path, "value", lower(setting.value), true) if {
	setting.path != null
	is_string(setting.value)
	lower(setting.value) in _architectures
} else := finding

# A known architecture in another letter case: name the accepted spelling.
_spelling(arch) := sprintf(": write %s", [lower(arch)]) if {
	is_string(arch)
	lower(arch) in _architectures
} else := ""

# The provider's effective architecture is only known when its block and
# its instanceRequirements are (a variable there could set architectures).
_provider_architecture_known(cp) if {
	values.known(cp.config)
	is_object(cp.config)
	not _requirements_unknown(cp.config)
}

_requirements_unknown(config) if {
	req := config.instanceRequirements
	req != null
	not _known_object(req)
}

_known_object(x) if {
	is_object(x)
	values.known(x)
}

_source_text(setting) := " (from provider.architecture)" if setting.inherited

_source_text(setting) := " (the default)" if setting.path == null

_source_text(setting) := "" if {
	setting.path != null
	not setting.inherited
}

# At the architecture that sets the value (the function's, else the
# provider's, relating the function that inherits it); with none written,
# at the function's capacityProvider key.
_finding(fn, message) := result.fail(rego.metadata.chain(), fn.architecture.path, message) if {
	fn.architecture.path != null
	not fn.architecture.inherited
}

_finding(fn, message) := result.with_related(
	result.fail(rego.metadata.chain(), fn.architecture.path, message),
	fn.capacityProvider.path,
	sprintf("function %q inherits provider.architecture here", [fn.name]),
) if fn.architecture.inherited

_finding(fn, message) := result.fail(rego.metadata.chain(), fn.capacityProvider.path, message) if fn.architecture.path == null

# Relate where the provider's architecture comes from: its architectures,
# provider.architecture, or (a default) its name key when declared.
_with_provider(finding, cp, setting) := result.with_related(
	finding,
	setting.path,
	sprintf("capacity provider %q gets %s here", [cp.name, setting.value]),
) if setting.path != null

_with_provider(finding, cp, setting) := result.with_related(
	finding,
	cp.path,
	sprintf("capacity provider %q runs %s by default", [cp.name, setting.value]),
) if {
	setting.path == null
	cp.path != null
}

_with_provider(finding, cp, setting) := finding if {
	setting.path == null
	cp.path == null
}
