# METADATA
# title: invalid-operator-role
# description: |
#   `permissions.operatorRole` is the IAM role Lambda assumes to launch and
#   manage the capacity provider's EC2 instances. It must be the role's full
#   ARN: `arn:<partition>:iam::<12-digit account>:role/<path and name>`,
#   with the partition `aws`, `aws-cn`, `aws-us-gov` and so on. A role name,
#   a user or policy ARN, or an ARN of another service is not accepted.
#   CloudFormation intrinsics (`!GetAtt Role.Arn`, `!Sub ...`) and values
#   resolved only at deploy time are not judged.
#
#   Why it matters: the Serverless Framework's schema wants an ARN and
#   CloudFormation checks the role ARN pattern of
#   AWS::Lambda::CapacityProvider, so the deploy fails. Tagged security:
#   the operator role is the IAM identity that controls the instances.
#
#   Fix: give the role's ARN, for example
#   `arn:aws:iam::123456789012:role/MyOperatorRole` or `!GetAtt
#   OperatorRole.Arn`, or remove `permissions.operatorRole` to let the
#   framework create a role.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI012.md
# custom:
#   id: MI012
#   tags: [security]
#   level: error
#   summary: permissions.operatorRole is not an IAM role ARN.
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
#           permissions:
#             operatorRole: MyOperatorRole
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
#           permissions:
#             operatorRole: arn:aws:iam::123456789012:role/MyOperatorRole
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["invalid-operator-role"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# Any partition (aws, aws-cn, aws-us-gov, aws-iso-b, ...), a 12-digit
# account, no region, and a role name with an optional path.
_role_arn := facts.capacity_provider_config.operatorRoleArn.pattern

report contains finding if {
	some cp in input.capacityProviders
	role := cp.config.permissions.operatorRole
	role != null
	not _valid(role)
	values.known(role)
	finding := result.fail(
		_chain,
		array.concat(cp.path, ["permissions", "operatorRole"]),
		sprintf("operatorRole is %s%s; it must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name> (or !GetAtt of a role's Arn)", [values.describe(role), _hint(role)]),
	)
}

# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

_valid(role) if {
	is_string(role)
	regex.match(_role_arn, role)
}

# A hint for the usual mistakes, the first that applies.
_hint(role) := sprintf(" (%s)", [values.type_text(role)]) if {
	not is_string(role)
} else := " (empty)" if {
	role == ""
} else := " (a role name, not an ARN)" if {
	not startswith(role, "arn:")
} else := " (an ARN of another service than IAM)" if {
	parts := split(role, ":")
	count(parts) > 2
	parts[2] != "iam"
} else := " (IAM ARNs have no region)" if {
	regex.match(`^arn:[^:]*:iam:[^:]+:`, role)
} else := " (an IAM ARN that is not a role)" if {
	not regex.match(`^arn:[^:]*:iam::[^:]*:role/`, role)
} else := ""
