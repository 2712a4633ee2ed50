# METADATA
# title: missing-vpc
# description: |
#   A capacity provider runs its instances in your VPC, so it needs a VPC
#   with at least one subnet and one security group. A provider without its
#   own `vpc` uses `provider.vpc`; a provider's own `vpc` replaces
#   `provider.vpc` whole, so a `vpc` that lists only `subnetIds` has no
#   security groups even when `provider.vpc` has some. The auto-created
#   `default` provider (a function with `capacityProvider: default` and no
#   such provider declared) always uses `provider.vpc`. A single ID written
#   without a list counts as a list of one: the framework's schema wraps
#   it.
#
#   Why it matters: the Serverless Framework stops the deploy with
#   LAMBDA_CAPACITY_PROVIDER_MISSING_VPC, and CloudFormation requires the
#   VpcConfig of AWS::Lambda::CapacityProvider. Tagged security: the
#   subnets and security groups decide what can reach the instances that
#   run your code.
#
#   Fix: give the provider (or `provider.vpc`) both `subnetIds` and
#   `securityGroupIds`, each a non-empty list.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI001.md
# custom:
#   id: MI001
#   tags: [security]
#   level: error
#   summary: A capacity provider's effective VPC lacks subnets or security groups.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       versionFunctions: false
#       runtime: nodejs22.x
#       capacityProviders:
#         pool:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       versionFunctions: false
#       runtime: nodejs22.x
#       capacityProviders:
#         pool:
#           vpc:
#             subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#             securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["missing-vpc"]

import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	some cp in _doubtful
	cp.declared
	some problem in _problems(cp.vpc)
	finding := _with_source(
		result.fail(_chain, cp.path, sprintf("capacity provider %q %s", [cp.name, problem])),
		cp.vpc,
	)
}

# The auto-created default provider has no key of its own: report each
# function that brings it into being.
report contains finding if {
	some cp in _doubtful
	not cp.declared
	some problem in _problems(cp.vpc)
	some ref in cp.references
	finding := _with_source(
		result.fail(_chain, ref, sprintf("the auto-created capacity provider %q %s", [cp.name, problem])),
		cp.vpc,
	)
}

# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

# _doubtful holds the capacity providers whose VPC _problems must look at:
# all but those with a non-empty list of subnets and of security groups,
# the usual case, settled here in two lookups.
_doubtful contains cp if {
	some cp in input.capacityProviders
	not _listed(cp.vpc.value)
}

_listed(vpc) if {
	vpc.subnetIds[0]
	vpc.securityGroupIds[0]
}

_problems(vpc) := {"has no VPC: set vpc with subnetIds and securityGroupIds on it, or provider.vpc"} if vpc.value == null

_problems(vpc) := {sprintf("has a vpc that is %s, not a mapping: give it subnetIds and securityGroupIds", [values.type_text(vpc.value)])} if {
	vpc.value != null
	values.known(vpc.value)
	not is_object(vpc.value)
}

_problems(vpc) := {sprintf("uses a VPC without %s: add a non-empty %s list%s", [key, key, _whole(vpc)]) |
	some key in ["subnetIds", "securityGroupIds"]
	values.missing(vpc.value, key)
} if {
	is_object(vpc.value)
	values.known(vpc.value)
}

_whole(vpc) := " (provider.vpc does not fill it in: a capacity provider's own vpc replaces provider.vpc whole)" if {
	not vpc.inherited
	input.config.provider.vpc
}

_whole(vpc) := "" if vpc.inherited

_whole(_) := "" if not input.config.provider.vpc

_with_source(finding, vpc) := result.with_related(finding, vpc.path, "the VPC it inherits from provider.vpc") if vpc.inherited

_with_source(finding, vpc) := finding if not vpc.inherited
