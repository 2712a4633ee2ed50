# METADATA
# title: invalid-capacity-provider-name
# description: |
#   The key of a capacity provider under `provider.capacityProviders`
#   becomes two names. The deployed name is `<service>-<stage>-<key>` (stage
#   from `--stage`, else `provider.stage`, else `dev`): Lambda accepts only
#   letters, digits, `-` and `_` in it, at most 140 characters. The
#   CloudFormation logical ID is the key with `-` written as `Dash`, `_` as
#   `Underscore`, the first letter upper-cased, and `LambdaCapacityProvider`
#   appended, so keys such as `pool` and `Pool`, or `a-b` and `aDashb`,
#   produce the same resource.
#
#   Why it matters: a name with other characters, or a name that is too
#   long, fails the deploy. Two keys with the same logical ID produce one
#   resource: the later one silently replaces the earlier, and functions
#   meant for one run on the other.
#
#   Fix: use only letters, digits, `-` and `_` in the key, shorten the key
#   (or the service or stage name), and give every capacity provider a key
#   that differs from the others by more than letter case or `-`/`_`
#   spelling.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI014.md
# custom:
#   id: MI014
#   level: error
#   summary: A capacity provider key with invalid characters, a deployed name over 140 characters, or a duplicate logical ID.
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
#         high.mem:
#           scaling:
#             maxVCpuCount: 100
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: high.mem
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
#         high-mem:
#           scaling:
#             maxVCpuCount: 100
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: high-mem
package milint.rules.capacityprovider["invalid-capacity-provider-name"]

import data.milint.facts
import data.milint.lib.result

# Characters outside Lambda's capacity provider name pattern.
report contains finding if {
	not _all_names_valid
	some name, cp in input.capacityProviders
	cp.declared
	not regex.match(_valid_name, name) # a valid name passes in one match
	bad := _bad_characters(name)
	count(bad) > 0
	finding := _fail(
		cp.path,
		sprintf("capacity provider name %q has %s; a capacity provider name may only have letters, digits, \"-\" and \"_\": rename it", [name, _describe_characters(bad)]),
	)
}

# The deployed name is too long: at the key, or, for the auto-created
# default provider, at each function's capacityProvider key that brings it
# into being.
report contains finding if {
	_may_be_too_long
	some name, cp in input.capacityProviders
	count(name) > _room
	deployed := concat("", [_prefix, name])
	limit := facts.limits.capacityProviderName.maxLength
	some where in _places(cp)
	finding := _fail(
		where,
		sprintf("the deployed name %q (<service>-<stage>-<key>) is %d characters; a capacity provider name may have at most %d: shorten the key, the service name or the stage", [deployed, count(deployed), limit]),
	)
}

# Two keys with one logical ID: every key but the first of its group is
# reported, with the first as a related location.
report contains finding if {
	_shared_ids
	some name, cp in input.capacityProviders
	cp.declared
	id := _ids[name]
	group := {_order(other) | some other, other_id in _ids; other_id == id}
	count(group) > 1
	first := min(group)[2]
	first != name
	finding := result.with_related(
		_fail(
			cp.path,
			sprintf("capacity provider %q becomes the CloudFormation logical ID %s, as %s does: one resource would replace the other; rename one of them", [name, id, _describe_provider(first)]),
		),
		_places(input.capacityProviders[first])[0],
		sprintf("%s, also %s", [_describe_provider(first), id]),
	)
}

# Valid names, one after another, still match the pattern: most documents
# are settled in one match.
_all_names_valid if regex.match(_valid_name, _names)

# Every key, one after another.
_names := concat("", object.keys(input.capacityProviders))

# The name Lambda gets is the prefix and the key, so the key may have at
# most _room characters. Undefined while the service or the stage is
# unknown.
_prefix := sprintf("%s-%s-", [input.service, input.stage]) if {
	is_string(input.service)
	_stage_known
}

_room := facts.limits.capacityProviderName.maxLength - count(_prefix)

# Keys that fit together after the service and the stage fit one by one:
# most documents stop here, before the stage is judged.
_may_be_too_long if {
	is_string(input.service)
	count(concat("-", [input.service, input.stage, _names])) > facts.limits.capacityProviderName.maxLength
}

# Each provider's logical ID, by key.
_ids[name] := id if {
	some name
	id := input.capacityProviders[name].logicalId
}

# Fewer logical IDs than providers (none without the facts' suffix, and
# then no finding).
_shared_ids if count({id | id := input.capacityProviders[_].logicalId}) < count(input.capacityProviders)

_bad_characters(name) := {c |
	some c in split(name, "")
	not regex.match(_valid_character, c)
}

# A name, and one character, as the facts' character class allows them;
# built once per evaluation, not per name or character.
_valid_name := concat("", ["^[", facts.limits.capacityProviderName.characters, "]*$"])

_valid_character := concat("", ["^[", facts.limits.capacityProviderName.characters, "]$"])

_describe_characters(bad) := sprintf("the character %q", [c]) if {
	count(bad) == 1
	some c in bad
}

_describe_characters(bad) := sprintf("the characters %s", [concat(", ", sort([sprintf("%q", [c]) | some c in bad]))]) if count(bad) > 1

# The loader falls back to "dev" when provider.stage cannot be resolved; a
# stage other than "dev" then came from --stage, which wins.
_stage_known if not _stage_unresolved

_stage_known if input.stage != "dev"

_stage_unresolved if {
	stage := input.config.provider.stage
	stage != null
	not is_string(stage)
}

# Which of two colliding keys comes first. The input has no key order, so
# the auto-created default (which has no key) comes first, then keys in
# string order.
# The auto-created default comes first, then declared keys in file order.
_order(name) := [1, input.capacityProviders[name].index, name] if input.capacityProviders[name].declared

_order(name) := [0, 0, name] if not input.capacityProviders[name].declared

_describe_provider(name) := sprintf("%q", [name]) if input.capacityProviders[name].declared

_describe_provider(name) := sprintf("the auto-created %q provider", [name]) if not input.capacityProviders[name].declared

# The places a provider is written: its key, or the references that create
# the auto-created default.
_places(cp) := [cp.path] if cp.declared

_places(cp) := cp.references if not cp.declared

# A finding of this rule. The rule's METADATA is read here, where a finding
# is made, rather than in every report body whether it finds one or not.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)
