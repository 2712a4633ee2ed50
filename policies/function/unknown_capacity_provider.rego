# METADATA
# title: unknown-capacity-provider
# description: |
#   A function's `capacityProvider` (the string form, or `name` in the
#   object form) must name a capacity provider the deploy can resolve: a key
#   under `provider.capacityProviders`, `default` (created automatically),
#   the ARN of an existing capacity provider
#   (`arn:<partition>:lambda:<region>:<account>:capacity-provider:<name>`,
#   at most 140 characters, matching the Lambda API's pattern: a region
#   such as `eu-west-1` whose number is one digit, a 12-digit account, a
#   name of letters, digits, `-` and `_`), or an intrinsic that yields one, such as
#   `!GetAtt MyCapacityProvider.Arn`. A provider declared with an empty
#   (null) value is not created properly either: the framework passes its
#   bare name where CloudFormation wants an ARN. And `!Ref` of a capacity
#   provider yields its name, not its ARN.
#
#   Why it matters: the framework passes a name it does not know straight
#   through, and CloudFormation rejects it as an invalid capacity provider
#   ARN, so the deploy fails.
#
#   Fix: declare the provider under `provider.capacityProviders` (with a
#   block, even `{}`), fix the name's spelling (the message suggests the
#   nearest declared name, such as `general` for `genral`) or the ARN, or
#   use `!GetAtt <LogicalId>.Arn` instead of `!Ref`.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI104.md
# custom:
#   id: MI104
#   level: error
#   summary: capacityProvider names no declared provider, default, capacity provider ARN or intrinsic.
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
#           scaling:
#             mode: auto
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#       worker:
#         handler: src/worker.handler
#         capacityProvider: Pool
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
#           scaling:
#             mode: auto
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#       worker:
#         handler: src/worker.handler
#         capacityProvider: pool
package milint.rules.function["unknown-capacity-provider"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.stack
import data.milint.lib.textdist
import data.milint.lib.values

_facts := facts.capacity_provider_config

# The Lambda API's pattern of a capacity provider ARN.
_arn_pattern := facts.capacity_provider_config.arn.pattern

# The targets whose references can have problems, of those the document's
# functions point at (collected in one look per function); a declared
# target only when a declared provider is empty. The usual document has
# none, and no function is looked at again.
_judged_targets contains target if {
	some target in {t | t := input.functions[_].capacityProvider.target}
	target in {"undeclared", "arn", "intrinsic"}
}

_judged_targets contains "declared" if {
	some cp in input.capacityProviders
	cp.empty
}

report contains finding if {
	some target in _judged_targets
	some name
	input.functions[name].capacityProvider.target == target
	fn := input.functions[name]
	some message in _problems(target, fn.capacityProvider)
	finding := result.fail(
		rego.metadata.chain(),
		fn.capacityProvider.refPath,
		sprintf("function %q %s", [fn.name, message]),
	)
}

# The problems of a reference, by its target (passed first, so that only
# the definitions for that target are tried).

# A name that is neither declared nor default nor an ARN.
_problems("undeclared", cp) := {sprintf(
	"uses capacity provider %s, which is not declared under provider.capacityProviders%s; declare it, or use default or a capacity provider ARN",
	[values.describe(cp.ref), _suggestion(cp.ref)],
)} if {
	is_string(cp.ref)
}

_problems("undeclared", cp) := {sprintf(
	"has a %s that is %s; it must be a capacity provider name, a capacity provider ARN or an intrinsic such as !GetAtt X.Arn",
	[_what(cp), values.type_text(cp.ref)],
)} if {
	not is_string(cp.ref)
}

# Declared with a null value: the framework emits the bare name.
_problems("declared", cp) := {sprintf(
	"uses capacity provider %q, which is declared with an empty (null) value: the framework then passes the bare name, which CloudFormation rejects; give it a block (at least {})",
	[cp.provider],
)} if {
	input.capacityProviders[cp.provider].empty
}

_problems("arn", cp) := {sprintf(
	"uses %q, which is not a capacity provider ARN; it must look like arn:<partition>:lambda:<region>:<12-digit account>:capacity-provider:<name>",
	[cp.ref],
)} if {
	not regex.match(_arn_pattern, cp.ref)
}

_problems("arn", cp) := {sprintf(
	"uses a capacity provider ARN of %d characters; it may be at most %d",
	[count(cp.ref), _facts.arn.maxLength],
)} if {
	regex.match(_arn_pattern, cp.ref)
	count(cp.ref) > _facts.arn.maxLength
}

# Ref of a capacity provider yields its name; the function needs the ARN.
_problems("intrinsic", cp) := {sprintf(
	"uses !Ref %s, which yields the capacity provider's name, not its ARN; use !GetAtt %s.Arn",
	[id, id],
)} if {
	id := cp.ref.Ref
	is_string(id)
	_capacity_provider_resource(id)
}

_what(cp) := "capacityProvider name" if cp.form == "object"

_what(cp) := "capacityProvider" if cp.form != "object"

# The logical ID the framework gives a declared (or auto-created) provider.
_capacity_provider_resource(id) if {
	some name, _ in input.capacityProviders
	stack.logical_id(name) == id
}

# A capacity provider written as a CloudFormation resource.
_capacity_provider_resource(id) if {
	input.config.resources.Resources[id].Type == _facts.resourceType
}

# _suggestion names the declared capacity provider nearest to ref, as the
# command line's suggestions do (a typo, or another letter case).
_suggestion(ref) := sprintf(" (did you mean %q?)", [textdist.nearest(ref, _declared)]) if {
	textdist.nearest(ref, _declared)
} else := ""

_declared contains name if {
	some name, cp in input.capacityProviders
	cp.declared
}
