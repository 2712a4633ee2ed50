# METADATA
# title: unused-capacity-provider
# description: |
#   A capacity provider declared under `provider.capacityProviders` that no
#   function references, by name (string or `{name: ...}`), by an intrinsic
#   naming its CloudFormation resource (`!GetAtt PoolLambdaCapacityProvider.Arn`),
#   by its ARN, or from the `resources` section. Nothing is reported while a
#   function's reference is still an unresolved variable: it may name the
#   provider.
#
#   Why it matters: the Serverless Framework compiles every declared
#   provider, used or not. It is still created, with its operator role, it
#   still needs a VPC, and CloudFormation waits for it on every deploy; a
#   misspelt reference elsewhere often hides behind it.
#
#   Fix: set `capacityProvider` on the functions meant to run on it, or
#   remove the provider.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI018.md
# custom:
#   id: MI018
#   level: warning
#   summary: A declared capacity provider that no function references.
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
#         pool: {}
#         spare: {}
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
#         pool: {}
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["unused-capacity-provider"]

import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	count(_unused) > 0

	# Looked at only then: most documents have no unused provider to excuse.
	not _references_unknowable
	some cp in _unused
	finding := result.fail(
		_chain,
		cp.path,
		sprintf("capacity provider %q is not used by any function; the framework still creates it, with its operator role and VPC: reference it from a function's capacityProvider, or remove it", [cp.name]),
	)
}

_unused contains cp if {
	some cp in input.capacityProviders
	cp.functions == [] # used by a function: the usual case, settled first
	cp.declared
	not _referenced(cp)
}

# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

# An intrinsic reference that names the provider's resource, such as
# !GetAtt PoolLambdaCapacityProvider.Arn or a !Sub of it.
_referenced(cp) if {
	some ref in _intrinsic_refs
	contains(ref, cp.logicalId)
}

# Raw CloudFormation in resources may attach functions to it.
_referenced(cp) if contains(_resources_text, cp.logicalId)

# The provider's own ARN, written out.
_referenced(cp) if {
	some ref in _arn_refs
	endswith(ref, sprintf(":capacity-provider:%s-%s-%s", [input.service, input.stage, cp.name]))
}

# The functions' intrinsic references, as text, gathered once per document.
_intrinsic_refs contains json.marshal(fn.capacityProvider.ref) if {
	some fn in input.functions
	fn.capacityProvider.target == "intrinsic"
}

# The functions' ARN references, gathered once per document.
_arn_refs contains fn.capacityProvider.ref if {
	is_string(input.service)
	some fn in input.functions
	fn.capacityProvider.target == "arn"
}

_resources_text := json.marshal(input.config.resources)

# While a reference or a function block is still a variable, any provider
# may be the one it names.
_references_unknowable if {
	some fn in input.functions
	fn.capacityProvider.target == "unknown"
}

_references_unknowable if {
	some fn in input.functions
	fn.capacityProvider.form == "unknown"
}

_references_unknowable if {
	some fn in input.functions

	# The model gives a function whose block is not a mapping an empty
	# config: only such a function needs its block looked up as written.
	fn.config == {}
	block := object.get(input.config, fn.path, null)
	block != null
	not values.known(block)
}

_references_unknowable if {
	functions := input.config.functions
	not values.known(functions)
}

_references_unknowable if {
	is_array(input.config.functions)
	some item in input.config.functions
	not values.known(item)
}
