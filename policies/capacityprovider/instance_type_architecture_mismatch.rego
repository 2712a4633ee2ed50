# METADATA
# title: instance-type-architecture-mismatch
# description: |
#   A capacity provider runs one architecture: `instanceRequirements.architectures[0]`,
#   else `provider.architecture`, else x86_64. Every type in
#   `allowedInstanceTypes` must be of that architecture. EC2 names tell it:
#   a `g` right after the generation digit (r7g, c7gn, m6gd, c8g) marks a
#   Graviton (arm64) type, anything else is x86_64. A single value written
#   without a list (`architectures: arm64`, `allowedInstanceTypes:
#   r7g.large`) counts as a one-item list, as the framework's schema wraps
#   it.
#
#   Why it matters: Lambda cannot launch an allowed type of the other
#   architecture, so the provider fails to create or runs on fewer types
#   than listed. Excluding only types of the other architecture does
#   nothing at all (a warning): they were never candidates.
#
#   Fix: list types of the provider's architecture (r7i.large on x86_64,
#   r7g.large on arm64), or set `instanceRequirements.architectures` to
#   the architecture of the types you want.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI009.md
# custom:
#   id: MI009
#   level: error
#   summary: An allowed instance type is of the other architecture than the capacity provider's.
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
#             allowedInstanceTypes: [r7g.large, r7g.xlarge]
#     functions:
#       api:
#         handler: src/api.handler
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
#             allowedInstanceTypes: [r7i.large, r7i.xlarge]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["instance-type-architecture-mismatch"]

import data.milint.facts
import data.milint.lib.instancetypes
import data.milint.lib.result

report contains finding if {
	some name in _judged
	cp := input.capacityProviders[name]

	# A single type written without a list is wrapped into one by the
	# framework's schema: judged as the list's one item, at the key.
	arch := _architecture(cp)
	some item in cp.instanceTypes.allowedInstanceTypes

	# Only a valid name has an architecture.
	item.architecture != arch
	finding := _with_source(
		_fail(
			item.path,
			sprintf("allowed instance type %q is %s, but capacity provider %q runs %s instances%s; allow %s types only, or set instanceRequirements.architectures to [%s]", [item.value, _kind(item.architecture), cp.name, arch, _origin(cp), arch, item.architecture]),
		),
		cp,
	)
}

# Excluding only types that could never be picked does nothing. Judged only
# when every item is a valid type name: an unknown item or a wildcard
# might be of the provider's architecture.
report contains finding if {
	some name
	items := input.capacityProviders[name].instanceTypes.excludedInstanceTypes
	count(items) > 0
	cp := input.capacityProviders[name]
	arch := _architecture(cp)
	every item in items {
		item.valid
		item.architecture != arch
	}
	other := items[0].architecture
	finding := result.with_level(
		_with_source(
			_fail(
				array.concat(cp.path, ["instanceRequirements", "excludedInstanceTypes"]),
				sprintf("every excluded instance type is %s, but capacity provider %q runs %s instances%s, so the exclusion does nothing; exclude %s types, or remove excludedInstanceTypes", [_kind(other), cp.name, arch, _origin(cp), arch]),
			),
			cp,
		),
		"warning",
	)
}

# The providers with an allowed type of another architecture than the one
# their architectures list of one item names, found in one look at the
# document's items: most documents have none. A provider without such a
# list is judged whatever its types.
_judged contains name if some [name, _] in (_item_architectures - _listed_architectures)

_item_architectures contains [name, a] if {
	some name
	a := input.capacityProviders[name].instanceTypes.allowedInstanceTypes[_].architecture
}

_listed_architectures contains [name, a] if {
	some name
	[a] := input.capacityProviders[name].config.instanceRequirements.architectures
}

# The provider's effective architecture, when it is known and valid. An
# architectures list that MI008 rejects is not judged again here.
_architecture(cp) := arch if {
	# The usual list of one item: the provider's architecture.
	[arch] := cp.config.instanceRequirements.architectures
	arch in facts.instance_types.architectures
} else := arch if {
	arch := instancetypes.provider_architecture(cp).value
	arch in facts.instance_types.architectures
	not _invalid_architectures(cp.config.instanceRequirements)
}

# Anything but one item: a list of another length, or a mapping (an
# unknown value or an intrinsic included). A single value is its list's
# one item.
_invalid_architectures(requirements) if {
	archs := requirements.architectures
	is_array(archs)
	count(archs) != 1
}

_invalid_architectures(requirements) if is_object(requirements.architectures)

_kind("arm64") := "a Graviton (arm64) type"

_kind("x86_64") := "an x86_64 type"

_origin(cp) := " (the default)" if instancetypes.provider_architecture(cp).path == null

_origin(cp) := " (from provider.architecture)" if instancetypes.provider_architecture(cp).inherited

_origin(cp) := "" if {
	setting := instancetypes.provider_architecture(cp)
	setting.path != null
	not setting.inherited
}

_with_source(finding, cp) := result.with_related(finding, setting.path, sprintf("the architecture %s is set here", [setting.value])) if {
	setting := instancetypes.provider_architecture(cp)
	setting.path != null
}

_with_source(finding, cp) := finding if instancetypes.provider_architecture(cp).path == null

# A finding of this rule. The rule's METADATA is read here, where a finding
# is made, rather than in every report body whether it finds one or not.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)
