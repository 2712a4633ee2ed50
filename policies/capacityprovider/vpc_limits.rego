# METADATA
# title: vpc-limits
# description: |
#   Checks the VPC a capacity provider effectively uses: its own `vpc`, else
#   `provider.vpc` (a `provider.vpc` that no capacity provider uses is not
#   judged here). Lambda takes at most 16 subnets and 5 security groups,
#   each given by its ID (`subnet-...`, `sg-...`) in a list (a single ID
#   written without a list is wrapped into one by the framework's schema,
#   and judged as its one item). A capacity provider's own `vpc` takes
#   only `subnetIds` and `securityGroupIds`:
#   `ipv6AllowedForDualStack` belongs to functions' VPC settings. IDs given
#   as CloudFormation intrinsics or deploy-time variables are not judged.
#
#   Why it matters: CloudFormation and the Lambda API reject the capacity
#   provider's VpcConfig, and the Serverless Framework's schema rejects
#   `ipv6AllowedForDualStack` in a capacity provider's `vpc`, so the deploy
#   fails. Several capacity providers that share `provider.vpc` share one
#   finding, at the place the value is written.
#
#   Fix: list at most 16 subnet IDs and 5 security group IDs, use IDs (not
#   names or ARNs) in the right list, and remove `ipv6AllowedForDualStack`
#   from the capacity provider's `vpc`.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI015.md
# custom:
#   id: MI015
#   level: error
#   summary: A capacity provider's VPC has too many subnets or security groups, a malformed ID, or ipv6AllowedForDualStack.
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
#             securityGroupIds: [sg-0a1]
#             ipv6AllowedForDualStack: true
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
#         pool:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["vpc-limits"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# One finding per offending place, however many capacity providers use the
# VPC it is in.
report contains finding if {
	count(_effective_vpcs) > 0 # most documents have none to look for problems in
	some problem in _problems
	finding := _with_users(_fail(problem.path, problem.message), problem.vpc)
}

_effective_vpcs contains vpc if {
	some vpc in _vpcs
	not regex.match(_plain_pattern, json.marshal(vpc.value))
	is_object(vpc.value)
	not _plain(vpc.value)
	values.known(vpc.value)
}

# Each effective VPC once, however many capacity providers share it.
_vpcs := {vpc | vpc := input.capacityProviders[_].vpc}

# The usual VPC, as JSON (keys in order), in one match: only subnetIds and
# securityGroupIds, each a list of well-formed IDs within its limit. What
# does not match is judged by _plain.
_plain_pattern := concat("", [
	`^\{("securityGroupIds":`, _plain_list_pattern.securityGroupIds, `,?)?`,
	`("subnetIds":`, _plain_list_pattern.subnetIds, `)?\}$`,
])

_plain_list_pattern[key] := sprintf(`\[(%s,){0,%d}%s\]`, [item, spec.max - 1, item]) if {
	some key, spec in _lists
	spec.max >= 1
	item := concat("", [`"`, trim_suffix(trim_prefix(spec.pattern, "^"), "$"), `"`])
}

# A VPC none of the problems below can be found in, as most are: each
# list, where written, a list of well-formed IDs within its limit; no
# ipv6AllowedForDualStack. Worked out once per VPC, not per item.
_plain(vpc) if {
	not "ipv6AllowedForDualStack" in object.keys(vpc)
	every key, spec in _lists {
		_plain_list(vpc, key, spec)
	}
}

_plain_list(vpc, key, _) if not key in object.keys(vpc)

# All items well-formed IDs: the list, as JSON, matches in one go.
_plain_list(vpc, key, spec) if {
	list := vpc[key]
	is_array(list)
	count(list) <= spec.max
	regex.match(spec.list_pattern, json.marshal(list))
}

_lists := {
	"subnetIds": {
		"what": "subnet",
		"pattern": `^subnet-[0-9a-z]+$`,
		"list_pattern": `^\[("subnet-[0-9a-z]+",)*"subnet-[0-9a-z]+"\]$`,
		"form": "subnet-...",
		"max": facts.limits.vpcSubnets.max,
	},
	"securityGroupIds": {
		"what": "security group",
		"pattern": `^sg-[0-9a-zA-Z]+$`,
		"list_pattern": `^\[("sg-[0-9a-zA-Z]+",)*"sg-[0-9a-zA-Z]+"\]$`,
		"form": "sg-...",
		"max": facts.limits.vpcSecurityGroups.max,
	},
}

# Too many items.
_problems contains problem if {
	some vpc in _effective_vpcs
	some key, spec in _lists
	list := vpc.value[key]
	is_array(list)
	count(list) > spec.max
	problem := {
		"vpc": vpc,
		"path": array.concat(vpc.path, [key]),
		"message": sprintf("%s lists %d %ss; a capacity provider's VPC takes at most %d: remove %d", [key, count(list), spec.what, spec.max, count(list) - spec.max]),
	}
}

# An item that is not an ID of its list's kind. A single value written
# without a list is wrapped into one by the framework's schema: judged as
# the list's one item, at the key.
_problems contains problem if {
	some vpc in _effective_vpcs
	some key, spec in _lists
	written := vpc.value[key]
	list := values.as_list(written)
	some i, item in list
	not _id(item, spec.pattern)
	values.known(item)
	problem := {
		"vpc": vpc,
		"path": values.item_path(written, array.concat(vpc.path, [key]), i),
		"message": sprintf("%s is not a %s ID; %s takes %s IDs (%s)%s", [values.describe(item), spec.what, key, spec.what, spec.form, _other_kind(item, key)]),
	}
}

# A mapping that is no intrinsic: it cannot become a list, and the
# framework passes it on to CloudFormation, which rejects it.
_problems contains problem if {
	some vpc in _effective_vpcs
	some key, spec in _lists
	value := vpc.value[key]
	is_object(value)
	values.known(value)
	problem := {
		"vpc": vpc,
		"path": array.concat(vpc.path, [key]),
		"message": sprintf("%s is %s, not a list; write it as a list of %s IDs", [key, values.type_text(value), spec.what]),
	}
}

# ipv6AllowedForDualStack in a capacity provider's own vpc, whatever its
# value; in an inherited provider.vpc it is a function setting and is fine.
_problems contains problem if {
	some vpc in _effective_vpcs
	not vpc.inherited
	"ipv6AllowedForDualStack" in object.keys(vpc.value)
	problem := {
		"vpc": vpc,
		"path": array.concat(vpc.path, ["ipv6AllowedForDualStack"]),
		"message": "ipv6AllowedForDualStack is not a capacity provider VPC setting: a capacity provider's vpc takes only subnetIds and securityGroupIds; remove it (it applies to functions, in provider.vpc or a function's vpc)",
	}
}

_id(item, pattern) if {
	is_string(item)
	regex.match(pattern, item)
}

_other_kind(item, "subnetIds") := ": it is a security group ID, move it to securityGroupIds" if {
	is_string(item)
	regex.match(_lists.securityGroupIds.pattern, item)
}

_other_kind(item, "securityGroupIds") := ": it is a subnet ID, move it to subnetIds" if {
	is_string(item)
	regex.match(_lists.subnetIds.pattern, item)
}

# Several IDs in one string: a list item each.
_other_kind(item, key) := sprintf(": write several %s IDs as a list, one item each, not one comma-separated string", [_lists[key].what]) if {
	not _swapped(item, key)
	is_string(item)
	contains(item, ",")
}

_other_kind(item, key) := "" if {
	not _swapped(item, key)
	not _comma_separated(item)
}

_comma_separated(item) if {
	is_string(item)
	contains(item, ",")
}

_swapped(item, "subnetIds") if _id(item, _lists.securityGroupIds.pattern)

_swapped(item, "securityGroupIds") if _id(item, _lists.subnetIds.pattern)

# A VPC inherited from provider.vpc names the capacity providers that use
# it, at the first one's key.
_with_users(finding, vpc) := finding if not vpc.inherited

_with_users(finding, vpc) := result.with_related(
	finding,
	_place(input.capacityProviders[names[0]]),
	sprintf("provider.vpc is the VPC of capacity provider%s %s", [_plural(names), concat(", ", [sprintf("%q", [n]) | some n in names])]),
) if {
	vpc.inherited
	users := sort([[_rank(cp), name] | some name, cp in input.capacityProviders; cp.vpc.inherited; cp.vpc.path == vpc.path])
	names := [name | some [_, name] in users]
}

_plural(names) := "s" if count(names) != 1

_plural(names) := "" if count(names) == 1

# Declared providers first, then the auto-created default.
_rank(cp) := 0 if cp.declared

_rank(cp) := 1 if not cp.declared

_place(cp) := cp.path if cp.declared

_place(cp) := cp.references[0] if not cp.declared

# A finding of this rule. The rule's METADATA is read here, where a finding
# is made, rather than in every report body whether it finds one or not.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)
