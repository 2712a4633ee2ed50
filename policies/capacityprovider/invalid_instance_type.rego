# METADATA
# title: invalid-instance-type
# description: |
#   `allowedInstanceTypes` and `excludedInstanceTypes` list EC2 instance
#   types by name: `family.size`, such as `m7i.large` or `c7gn.2xlarge`,
#   1 to 30 characters of letters, digits, `.` and `-`. A list holds at
#   most 400 names. A single name written without a list is wrapped into
#   one by the framework's schema, so `allowedInstanceTypes: m7i.large`
#   works.
#
#   Why it matters: CloudFormation and the Lambda API reject a name outside
#   that pattern and a list of more than 400 names, so the deploy fails. A
#   `*` wildcard (`m7g.*`) is a warning: the Lambda API accepts it,
#   CloudFormation's schema for the resource does not. An empty list is a
#   note: the API accepts it, and the framework leaves it out, so it has no
#   effect.
#
#   Fix: write full EC2 type names, remove an empty list (leaving the key
#   out allows every compatible type), and narrow a long list, for example
#   by excluding a few types instead of allowing hundreds.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI010.md
# custom:
#   id: MI010
#   level: error
#   summary: An instance type is not an EC2 type name, or the list is too long (an empty list is a note).
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
#             allowedInstanceTypes: [m7i large, m7i.xlarge]
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
#             allowedInstanceTypes: [m7i.large, m7i.xlarge]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["invalid-instance-type"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# The list itself: not a list, or too long.
report contains finding if {
	some [name, key] in _odd_lists
	cp := input.capacityProviders[name]
	problem := _list_problem(cp.config.instanceRequirements[key])
	finding := _fail(
		array.concat(cp.path, ["instanceRequirements", key]),
		sprintf("%s %s", [key, problem]),
	)
}

# One item that is not a type name. A single value written without a list
# is wrapped into one by the framework's schema: judged as the list's one
# item, at the key.
report contains finding if {
	# One look at every item of the document: most are valid.
	some name, key, i
	input.capacityProviders[name].instanceTypes[key][i].valid == false
	item := input.capacityProviders[name].instanceTypes[key][i]
	item.wildcard == false
	values.known(item.value)
	finding := _fail(
		item.path,
		sprintf("instance type %s %s", [values.describe(item.value), _item_problem(item.value)]),
	)
}

# A wildcard deploys through the API but not through CloudFormation's
# schema: a warning, not an error.
report contains finding if {
	# One look at every item of the document: most are type names.
	some name, key, i
	input.capacityProviders[name].instanceTypes[key][i].wildcard
	item := input.capacityProviders[name].instanceTypes[key][i]
	finding := result.with_level(
		_fail(
			item.path,
			sprintf("instance type %q is a wildcard; the Lambda API accepts it but CloudFormation's schema for AWS::Lambda::CapacityProvider does not: list the types by full name", [item.value]),
		),
		"warning",
	)
}

# An empty list: the framework leaves it out, and the API would accept it.
report contains finding if {
	some name, key
	input.capacityProviders[name].config.instanceRequirements[key] == []
	key in _lists
	cp := input.capacityProviders[name]
	finding := result.with_level(
		_fail(
			array.concat(cp.path, ["instanceRequirements", key]),
			sprintf("%s is an empty list, which has no effect: the framework leaves an empty list out (the Lambda API would accept it); remove the key, or list instance types", [key]),
		),
		"note",
	)
}

# The lists _list_problem may find a problem in, each kind found in one
# look at the whole document: a mapping, or a list with an item past the
# last one allowed (the input reads a list's items in order).
_odd_lists contains [name, key] if {
	some name, key
	is_object(input.capacityProviders[name].config.instanceRequirements[key])
	key in _lists
}

_odd_lists contains [name, key] if {
	some name, key
	input.capacityProviders[name].instanceTypes[key][_max_items]
}

_max_items := facts.instance_types.lists.maxItems

# lists are the instanceRequirements keys that hold instance types.
_lists := ["allowedInstanceTypes", "excludedInstanceTypes"]

# Only a mapping that is not an unknown value or an intrinsic: a single
# name is wrapped into a list by the framework, and null leaves the key out.
_list_problem(types) := "is a mapping, not a list; write a list of instance types, such as [m7i.large]" if {
	is_object(types)
	values.known(types)
}

_list_problem(types) := sprintf("lists %d instance types; at most %d are allowed", [count(types), _max_items]) if {
	is_array(types)
	count(types) > _max_items
}

_max_length := facts.instance_types.lists.maxNameLength

# A type name as the facts' character class allows it, built once per
# evaluation, not per item.
_valid_name := concat("", ["^[", facts.instance_types.lists.nameCharacters, "]+$"])

_item_problem(item) := sprintf("is %s, not a string; write an EC2 instance type name such as m7i.large", [values.type_text(item)]) if {
	not is_string(item)
} else := "is empty; write an EC2 instance type name such as m7i.large" if {
	item == ""
} else := sprintf("is %d characters long; an EC2 instance type name has at most %d", [count(item), _max_length]) if {
	count(item) > _max_length
} else := "has characters other than letters, digits, '.' and '-'; write the EC2 name such as m7i.large" if {
	not regex.match(_valid_name, item)
} else := "has no size; write family.size, such as m7i.large" if {
	not contains(item, ".")
} else := "is not family.size (one '.' between the family and the size), such as m7i.large"

# A finding of this rule. The rule's METADATA is read here, where a finding
# is made, rather than in every report body whether it finds one or not.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)
