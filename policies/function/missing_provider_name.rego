# METADATA
# title: missing-provider-name
# description: |
#   The object form of a function's `capacityProvider` names the capacity
#   provider in `name`: a declared provider's key, `default`, a capacity
#   provider ARN or an intrinsic such as `!GetAtt X.Arn`. An object without
#   `name`, or with an empty or null one, names nothing.
#
#   Why it matters: the Serverless Framework stops the deploy with
#   LAMBDA_MANAGED_INSTANCES_MISSING_NAME.
#
#   Fix: add `name` with the capacity provider to run on, or use the string
#   form `capacityProvider: <name>`.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI103.md
# custom:
#   id: MI103
#   level: error
#   summary: The object form of capacityProvider has no non-empty name.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider:
#           maxConcurrency: 10
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider:
#           name: default
#           maxConcurrency: 10
package milint.rules.function["missing-provider-name"]

import data.milint.lib.result

report contains finding if {
	# The functions' targets, collected in one look per function: the usual
	# document has no missing one, and no function is looked at again.
	"missing" in {t | t := input.functions[_].capacityProvider.target}
	some name
	input.functions[name].capacityProvider.target == "missing"
	fn := input.functions[name]
	fn.capacityProvider.form == "object"
	finding := result.fail(
		rego.metadata.chain(),
		fn.capacityProvider.path,
		sprintf("function %q has a capacityProvider without %s; add name with a declared capacity provider, default, or a capacity provider ARN", [fn.name, _what(fn.config.capacityProvider)]),
	)
}

_what(cp) := "a name" if not "name" in object.keys(cp)

_what(cp) := "a name (it is null)" if cp.name == null

_what(cp) := "a name (it is empty)" if cp.name == ""
