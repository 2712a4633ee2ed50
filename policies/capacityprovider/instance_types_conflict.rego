# METADATA
# title: instance-types-conflict
# description: |
#   `instanceRequirements` takes either `allowedInstanceTypes` or
#   `excludedInstanceTypes`, never both.
#
#   Why it matters: the Serverless Framework rejects the configuration, and
#   Lambda accepts only one of the two lists.
#
#   Fix: keep one list. To run on a few types, list them in
#   `allowedInstanceTypes`; to avoid a few, list those in
#   `excludedInstanceTypes`.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI002.md
# custom:
#   id: MI002
#   level: error
#   fix: unsafe
#   summary: Both allowedInstanceTypes and excludedInstanceTypes are set.
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
#             allowedInstanceTypes: [m7i.large, m7i.xlarge]
#             excludedInstanceTypes: [m7i.48xlarge]
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
package milint.rules.capacityprovider["instance-types-conflict"]

import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	# The rarer list first, in one look at every provider: most have none.
	some name
	excluded := input.capacityProviders[name].config.instanceRequirements.excludedInstanceTypes
	_given(excluded)
	cp := input.capacityProviders[name]
	_given(cp.config.instanceRequirements.allowedInstanceTypes)
	path := array.concat(cp.path, ["instanceRequirements", "excludedInstanceTypes"])

	# Removing the exclusions keeps what the author allowed, but not
	# certainly what they meant: a suggestion.
	finding := result.with_fix(
		result.with_related(
			_fail(
				path,
				sprintf("capacity provider %q sets both allowedInstanceTypes and excludedInstanceTypes; keep only one of them", [cp.name]),
			),
			array.concat(cp.path, ["instanceRequirements", "allowedInstanceTypes"]),
			"allowedInstanceTypes is set here",
		),
		path, "entry", "", false,
	)
}

# A list with items, an intrinsic standing for one, or a single value,
# which the framework's schema wraps into a one-item list.
_given(types) if values.nonempty(types)

_given(types) if {
	not is_array(types)
	values.as_list(types)
}

# A finding of this rule. The rule's METADATA is read here, where a finding
# is made, rather than in every report body whether it finds one or not.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)
