# METADATA
# title: unsupported-runtime
# description: |
#   Lambda Managed Instances run a subset of the Lambda runtimes: Node.js 22
#   and later, Python 3.13 and later, Java 21 and later, .NET 8 and later,
#   and the OS-only runtime `provided.al2023`. Newer versions of these
#   families are supported as they come out. The effective runtime is the
#   function's `runtime`, else `provider.runtime`, else the framework's
#   default runtime (nodejs20.x in Serverless Framework v4, which Managed
#   Instances do not run): a managed-instance function with no runtime
#   anywhere is reported at its `capacityProvider` key.
#
#   Why it matters: CloudFormation fails the deploy with "does not support
#   specified feature: Lambda Managed Instances" for any other runtime.
#
#   Fix: move the function to a supported runtime (for example nodejs22.x,
#   python3.13, java21, dotnet8 or provided.al2023), on the function or on
#   the provider; with none set, set one.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI109.md
# custom:
#   id: MI109
#   level: error
#   summary: The effective runtime of a managed-instance function is not one that Lambda Managed Instances run.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs20.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: default
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
#         capacityProvider: default
package milint.rules.function["unsupported-runtime"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# Each family in the data has a pattern whose capture groups are the
# version numbers, and the minimum version as a list of as many numbers:
# versions are compared numerically, so python3.9 is older than python3.13
# and a new release of a family passes without a data change.
_families := facts.runtimes.managedInstances.families

# The effective runtimes of the document, collected in one look per
# function, and those Lambda Managed Instances do not run: each is judged
# once, and the usual document has none.
_runtimes := {r | r := input.functions[_].runtime.value}

_unsupported contains r if {
	some r in _runtimes
	r != null
	not _supported(r)
}

report contains finding if {
	some runtime in _unsupported
	some name
	input.functions[name].runtime.value == runtime
	fn := input.functions[name]
	fn.managed
	values.known(runtime)
	not _image(fn)
	finding := _finding(fn, sprintf(
		"function %q runs on managed instances with runtime %s%s, which Lambda Managed Instances do not run; %s",
		[fn.name, values.describe(runtime), values.inherited_text(fn.runtime, "provider.runtime"), _fix(runtime)],
	))
}

# No runtime on the function or the provider: the framework deploys its
# own default runtime.
report contains finding if {
	null in _runtimes
	runtime := facts.runtimes.frameworkDefault
	not _supported(runtime)
	some name
	input.functions[name].runtime.value == null
	fn := input.functions[name]
	fn.managed
	not _image(fn)
	finding := result.fail(rego.metadata.chain(), fn.capacityProvider.path, sprintf(
		"function %q runs on managed instances with no runtime set, on it or on the provider, so the framework deploys its default runtime %q, which Lambda Managed Instances do not run; set runtime on the function or the provider: %s",
		[fn.name, runtime, _fix(runtime)],
	))
}

# A container image brings its own runtime: `runtime` does not apply.
_image(fn) if {
	fn.config.image != null
}

_supported(runtime) if {
	some family in _families
	version := _version(family, runtime)
	_at_least(version, family.minimum)
}

# The version numbers of runtime in family's naming, undefined when the
# runtime is not of that family.
_version(family, runtime) := [to_number(group) | some group in array.slice(match, 1, count(match))] if {
	is_string(runtime)
	some match in regex.find_all_string_submatch_n(family.pattern, runtime, 1)
}

_at_least(version, minimum) if version == minimum

# Greater at the first place where they differ.
_at_least(version, minimum) if {
	count(version) == count(minimum)
	some i, n in version
	n > minimum[i]
	every j, earlier in array.slice(version, 0, i) {
		earlier == minimum[j]
	}
}

# A known family that is too old: name its oldest supported version.
_fix(runtime) := sprintf("use %s or later", [family.oldest]) if {
	some family in _families
	_version(family, runtime)
} else := sprintf("use a supported runtime: %s", [concat(", ", [sprintf("%s or later", [f.oldest]) | some f in _families])])

# At the runtime that sets the value (the function's, else the
# provider's, relating the function that inherits it).
_finding(fn, message) := result.fail(rego.metadata.chain(), fn.runtime.path, message) if {
	fn.runtime.path != null
	not fn.runtime.inherited
}

_finding(fn, message) := result.with_related(
	result.fail(rego.metadata.chain(), fn.runtime.path, message),
	fn.capacityProvider.path,
	sprintf("function %q inherits provider.runtime here", [fn.name]),
) if fn.runtime.inherited
