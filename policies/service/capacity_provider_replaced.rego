# METADATA
# title: capacity-provider-replaced
# description: |
#   Diff mode only (`--base REV` or `--base-file PATH`): a create-only
#   property of a capacity provider that the base revision has too changed:
#   `vpc`, `instanceRequirements`, `permissions` or `kmsKeyArn`.
#   CloudFormation cannot update these in place; it replaces the provider,
#   creating a new one and deleting the old one. Effective values are
#   compared, so a provider that inherits `provider.vpc` is replaced when
#   `provider.vpc` changes, and one whose architecture comes from
#   `provider.architecture` when that changes; a value that cannot be known
#   (a variable, an intrinsic) is not judged. Subnet IDs, security group
#   IDs and instance type lists are sets to CloudFormation (insertionOrder
#   false): reordering them changes nothing. A change to `scaling` only is
#   an ordinary update and is not reported.
#
#   Why it matters: the provider keeps its name, `<service>-<stage>-<key>`,
#   and CloudFormation cannot replace a resource with a fixed name in
#   place; nor can it delete the old provider while function versions
#   published on it still use it.
#
#   Fix: keep the old value, or put the new settings on a provider under a
#   new key and move the functions to it; the old provider can go in the
#   same deploy when versioning is off, else once no version uses it (see
#   MI202).
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI203.md
# custom:
#   id: MI203
#   level: warning
#   summary: A create-only property of an existing capacity provider changed, which replaces it.
#   base_example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       capacityProviders:
#         pool:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       capacityProviders:
#         pool:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1, sg-0b2]
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
#       capacityProviders:
#         poolB:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1, sg-0b2]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: poolB
package milint.rules.service["capacity-provider-replaced"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.stack
import data.milint.lib.values

report contains finding if {
	stack.same_stack
	some name, cp in input.capacityProviders
	old := input.base.capacityProviders[name]
	values.known(cp.config)
	values.known(old.config)
	some prop, shape in facts.create_only.capacityProvider
	before := _effective(old, prop, shape)
	after := _effective(cp, prop, shape)
	_changed(before, after, shape)
	message := sprintf(
		"changing %s replaces capacity provider %q (%s): CloudFormation cannot update it in place, and the old provider cannot be deleted while function versions use it; keep the old value, or put the new settings on a provider with a new name and move the functions to it",
		[prop, name, _detail(before, after, shape)],
	)
	some at in _locations(cp, prop)
	finding := _related(_fail(at, message), cp, prop, before, after)
}

# rego.metadata.chain() in a report's body is evaluated before the body's
# first step; here it is evaluated only for a finding.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)

# _effective is what a provider deploys for a create-only property: the
# known fields of a mapping, lists as the framework coerces them; the
# value itself where it cannot be known.
_effective(cp, "vpc", shape) := _fields(cp.vpc.value, shape)

# The architecture is the effective one (it may come from
# provider.architecture).
_effective(cp, "instanceRequirements", shape) := object.union(
	_fields(_get(cp.config, "instanceRequirements"), shape),
	{"architectures": [cp.architecture.value]},
) if {
	values.known(_get(cp.config, "instanceRequirements"))
} else := _get(cp.config, "instanceRequirements")

_effective(cp, prop, shape) := _fields(_get(cp.config, prop), shape) if {
	not prop in {"vpc", "instanceRequirements"}
	is_object(shape)
}

_effective(cp, prop, shape) := _get(cp.config, prop) if is_string(shape)

_fields(v, shape) := {field: _coerce(_get(v, field), type) | some field, type in shape} if {
	_open(v)
} else := {field: null | some field, _ in shape} if {
	v == null
} else := v

# A list-typed field ("list", or "set" where CloudFormation ignores the
# order) is compared as the framework coerces it: a single value is a
# one-item list.
_coerce(x, type) := values.as_list(x) if {
	type in {"list", "set"}
	values.as_list(x)
} else := x

# _get is x[key], or null where x is no mapping or lacks the key.
_get(x, key) := object.get(x, key, null) if is_object(x)

else := null

# _open holds for a mapping whose keys are known.
_open(x) if {
	is_object(x)
	values.known(x)
}

# _changed holds where before and after certainly differ: they differ
# somewhere both are known. A field whose either side cannot be known is
# not judged, the others still are.
_changed(before, after, _) if {
	not _both_open(before, after)
	_differ(before, after)
}

_changed(before, after, shape) if {
	_both_open(before, after)
	some field in (object.keys(before) | object.keys(after))
	_field_changed(_get(before, field), _get(after, field), _type(shape, field))
}

_both_open(before, after) if {
	_open(before)
	_open(after)
}

# _type is how a field of shape compares: "set" (order ignored), "list"
# or a scalar type.
_type(shape, field) := shape[field] if is_object(shape)

else := "value"

_field_changed(x, y, _) if {
	not _both_arrays(x, y)
	_differ(x, y)
}

_field_changed(x, y, _) if {
	_both_arrays(x, y)
	count(x) != count(y)
}

_field_changed(x, y, type) if {
	type != "set"
	_both_arrays(x, y)
	count(x) == count(y)
	some i, item in x
	_differ(item, y[i])
}

# A set (CloudFormation's insertionOrder false) changed: the same number
# of items, all known, but other items. With an unknown item, which item
# it stands for cannot be known: not judged.
_field_changed(x, y, "set") if {
	_both_arrays(x, y)
	count(x) == count(y)
	_plain(x)
	_plain(y)
	sort(x) != sort(y)
}

_both_arrays(x, y) if {
	is_array(x)
	is_array(y)
}

_differ(x, y) if {
	x != y
	_plain(x)
	_plain(y)
}

# _plain holds for a value with nothing unknown inside.
_plain(x) if {
	not _opaque_inside(x)
}

_opaque_inside(x) if {
	walk(x, [_, v])
	not values.known(v)
}

# What changed, for the message.
_detail(before, after, shape) := concat("; ", [sprintf("%s was %s, now %s", [field, _describe(_get(before, field)), _describe(_get(after, field))]) |
	some field in sort(object.keys(before) | object.keys(after))
	_field_changed(_get(before, field), _get(after, field), _type(shape, field))
]) if {
	_both_open(before, after)
} else := sprintf("was %s, now %s", [_describe(before), _describe(after)])

_describe(null) := "not set"

_describe(x) := values.describe(x) if x != null

# Where: the property's key where this revision writes it on the provider,
# else the provider's name key; for the auto-created default provider, the
# capacityProvider key of each function that references it.
_locations(cp, "vpc") := {cp.vpc.path} if {
	cp.declared
	cp.vpc.path != null
	not cp.vpc.inherited
}

_locations(cp, "vpc") := {cp.path} if {
	cp.declared
	_vpc_not_own(cp)
}

_locations(cp, prop) := {array.concat(cp.path, [prop])} if {
	prop != "vpc"
	cp.declared
	is_object(cp.config)
	prop in object.keys(cp.config)
}

_locations(cp, prop) := {cp.path} if {
	prop != "vpc"
	cp.declared
	not _written(cp, prop)
}

_locations(cp, _) := {ref | some ref in cp.references} if not cp.declared

_vpc_not_own(cp) if cp.vpc.inherited

_vpc_not_own(cp) if cp.vpc.path == null

_written(cp, prop) if {
	is_object(cp.config)
	prop in object.keys(cp.config)
}

# A change that comes from provider.* is related where it is written.
_related(finding, cp, "vpc", _, _) := result.with_related(finding, cp.vpc.path, "the VPC it inherits from provider.vpc") if {
	cp.vpc.inherited
} else := finding

_related(finding, cp, "instanceRequirements", before, after) := result.with_related(finding, cp.architecture.path, "the architecture it inherits from provider.architecture") if {
	cp.architecture.inherited
	_field_changed(_get(before, "architectures"), _get(after, "architectures"), "list")
} else := finding

_related(finding, _, prop, _, _) := finding if not prop in {"vpc", "instanceRequirements"}
