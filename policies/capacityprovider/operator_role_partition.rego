# METADATA
# title: operator-role-partition
# description: |
#   A capacity provider without `permissions.operatorRole`, deployed to a
#   region of the China (`cn-*`) or AWS GovCloud (`us-gov-*`) partition.
#   The region is `--region`, else `provider.region`.
#
#   Why it matters: for a provider without an operator role the Serverless
#   Framework creates one, and attaches the managed policy by an ARN with a
#   hard-coded commercial partition
#   (`arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator`). That
#   ARN does not exist in `aws-cn` or `aws-us-gov`, so the role, and the
#   deploy, fail. Tagged security: the fix is an IAM role, and its policy,
#   that you write yourself.
#
#   Fix: create the operator role yourself, with the partition's own ARN of
#   the policy (`arn:aws-cn:...`, `arn:aws-us-gov:...`), and set
#   `permissions.operatorRole` to its ARN.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI019.md
# custom:
#   id: MI019
#   tags: [security]
#   level: warning
#   summary: A capacity provider without permissions.operatorRole in a China or GovCloud region.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       region: us-gov-west-1
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool: {}
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       region: us-gov-west-1
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           permissions:
#             operatorRole: arn:aws-us-gov:iam::123456789012:role/lmi-operator
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["operator-role-partition"]

import data.milint.lib.result
import data.milint.lib.values

# The partitions where the framework's hard-coded arn:aws: policy ARN breaks
# the role it creates, as the catalogue scopes this rule.
_partitions := {"aws-cn", "aws-us-gov"}

# _partition is the deploy region's partition when it is one of those;
# undefined otherwise, the usual case, which ends both reports at once.
# input.region.partition is absent while the region is not known.
_partition := input.region.partition if input.region.partition in _partitions

report contains finding if {
	_partition
	some cp in input.capacityProviders
	cp.declared
	not _has_operator_role(cp)
	finding := _fail(cp.path, sprintf("capacity provider %q has no permissions.operatorRole, and %s; create an operator role yourself and set permissions.operatorRole to its ARN", [cp.name, _why(_partition)]))
}

# The auto-created default provider never has one: report each function
# that brings it into being.
report contains finding if {
	_partition
	some cp in input.capacityProviders
	not cp.declared
	some ref in cp.references
	finding := _fail(ref, sprintf("the auto-created capacity provider %q has no operator role, and %s; declare %q under provider.capacityProviders with permissions.operatorRole set to a role you create", [cp.name, _why(_partition), cp.name]))
}

# rego.metadata.chain() in a report's body is evaluated before the body's
# first step; here it is evaluated only for a finding.
_fail(path, message) := _with_region(result.fail(rego.metadata.chain(), path, message))

_why(partition) := sprintf(
	"%s is in the %s partition: the role the framework creates attaches arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator, a policy ARN that does not exist there",
	[input.region.value, partition],
)

# A role written as a variable or an intrinsic counts as given; so does a
# provider or permissions block that is itself not known.
_has_operator_role(cp) if not is_object(cp.config)

_has_operator_role(cp) if not values.known(cp.config)

_has_operator_role(cp) if {
	permissions := cp.config.permissions
	permissions != null
	not values.known(permissions)
}

_has_operator_role(cp) if {
	role := cp.config.permissions.operatorRole
	role != null
	role != ""
}

_with_region(finding) := result.with_related(finding, input.region.path, "the region is set here") if input.region.source == "file"

_with_region(finding) := finding if input.region.source != "file"
