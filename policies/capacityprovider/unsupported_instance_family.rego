# METADATA
# title: unsupported-instance-family
# description: |
#   Lambda Managed Instances run on current-generation compute optimized
#   (C, xlarge and up), general purpose (M, large and up) and memory
#   optimized (R, large and up) instances, x86_64 or Graviton. An allowed
#   type of another family (burstable `t`, GPU `g`/`p`, `inf`, `trn`,
#   storage `i`/`d`/`h`, memory `x`/`u`/`z`, ...), of a previous
#   generation, or of a smaller size is reported. The families, generations
#   and sizes are data (data.milint.facts.instance_types).
#
#   Why it matters: Lambda never launches such a type. A list made only of
#   them leaves the capacity provider without instances to run on, and each
#   one in a longer list does nothing.
#
#   Fix: allow current-generation C, M or R types of a supported size, such
#   as c7i.xlarge, m7g.large or r8g.large.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI011.md
# custom:
#   id: MI011
#   level: warning
#   summary: An allowed instance type is outside the C, M and R families Lambda Managed Instances run on.
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
#             allowedInstanceTypes: [t3.large, m7i.large]
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
#             allowedInstanceTypes: [m7i.large]
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["unsupported-instance-family"]

import data.milint.facts
import data.milint.lib.result

report contains finding if {
	not _all_supported
	some cp in input.capacityProviders

	# A single type written without a list is wrapped into one by the
	# framework's schema: judged as the list's one item, at the key.
	some item in cp.instanceTypes.allowedInstanceTypes
	not _supported(item)
	item.valid
	problem := _problem(item)
	finding := _fail(
		item.path,
		sprintf("instance type %q %s", [item.value, problem]),
	)
}

# Most documents allow only types of current supported families, of sizes
# the facts list at or above the family's smallest: settled in one match
# of all their names, whatever their number. A name this does not match
# is judged with the others, one by one.
_all_supported if {
	names := {v | v := input.capacityProviders[_].instanceTypes.allowedInstanceTypes[_].value}
	regex.match(_fine_names, lower(json.marshal(names)))
}

# A JSON list of names _supported accepts, lower-cased: a supported class,
# a generation from the family's minimum, attributes, a supported variant
# and a size the ordered list does not put before the family's smallest.
# Built from the facts alone; only a class of letters with a minimum
# generation of one digit, and sizes and variants of letters, digits and
# "-", are written here.
_fine_names := concat("", [`^\[("(`, concat("|", _fine_name_patterns), `)",?)*\]$`])

_fine_name_patterns contains sprintf(`%s([%d-9]|[1-9][0-9]+)[a-z]*%s\.(%s)`, [class, generation, _variant_pattern, concat("|", sizes)]) if {
	some class, family in _facts.supportedFamilies
	regex.match(`^[a-z]+$`, class)
	generation := family.minimumGeneration
	generation in numbers.range(1, 9)
	sizes := _listed_sizes - _families_judged[class].smaller
	count(sizes) > 0
}

_listed_sizes := {size | some size in _facts.sizes} if regex.match(`^[a-z0-9-]+(,[a-z0-9-]+)*$`, concat(",", _facts.sizes))

default _variant_pattern := ""

_variant_pattern := sprintf("(-(%s))?", [concat("|", variants)]) if {
	variants := {v | some v in _facts.supportedVariants; regex.match(`^[a-z0-9]+$`, v)}
	count(variants) > 0
}

# The usual item, settled in a few lookups: a supported family of a
# current generation, with no variant or a supported one, and a size that
# is not below the family's smallest. _problem finds none for it.
_supported(item) if {
	family := _families_judged[item.class]
	item.generation >= family.minimumGeneration
	_fine_variants[item.variant]
	not family.smaller[item.size]
}

_facts := facts.instance_types

_families := "Lambda Managed Instances run on current-generation C (xlarge and up), M and R (large and up) instances"

# The first problem found, from the family down to the size, with its fix.
# An item read by the input (input.capacityProviders[_].instanceTypes)
# has a class when its family starts with letters, and a generation,
# attributes and variant when the family reads as such.
_problem(item) := sprintf("is of the %s family; %s, such as %s", [_describe_class(class), _families, _example(item)]) if {
	class := item.class
	not _facts.supportedFamilies[class]
} else := _supported_family_problem(item, _facts.supportedFamilies[item.class])

# The first problem of an item of a supported family.
_supported_family_problem(item, family) := sprintf("is not a current-generation %s family; %s, such as %s", [family.name, _families, _example(item)]) if {
	not item.generation
} else := sprintf("is of a previous generation (%d): Lambda Managed Instances run on the %s family from generation %d; use a current type such as %s", [item.generation, family.name, family.minimumGeneration, _current(item, family)]) if {
	item.generation < family.minimumGeneration
} else := sprintf("is a %s variant, which Lambda Managed Instances do not run on; use %s%d%s.%s", [item.variant, item.class, item.generation, item.attributes, item.size]) if {
	item.variant != ""
	not item.variant in _facts.supportedVariants
} else := sprintf("is smaller than %s, the smallest %s size Lambda Managed Instances run on; use %s.%s or larger", [family.minimumSize, family.name, item.family, family.minimumSize]) if {
	_families_judged[item.class].smaller[item.size]
}

_describe_class(class) := _facts.otherFamilies[class]

_describe_class(class) := sprintf("%q", [class]) if not _facts.otherFamilies[class]

# The variants a supported family may have: none, or a supported one.
_fine_variants := {""} | {v | some v in _facts.supportedVariants}

# Each supported family's minimum generation, and the sizes the ordered
# list puts before its smallest. A size the facts do not list is not
# judged.
_families_judged[class] := {"minimumGeneration": family.minimumGeneration, "smaller": smaller} if {
	some class, family in _facts.supportedFamilies
	some smallest, listed in _facts.sizes
	listed == family.minimumSize
	smaller := {size | some size in array.slice(_facts.sizes, 0, smallest)}
}

# Offer types of the same architecture.
_example(item) := "c7g.xlarge, m7g.large or r8g.large" if item.architecture == "arm64"

_example(item) := "c7i.xlarge, m7i.large or r7i.large" if item.architecture == "x86_64"

# A current type of the same class and architecture, at the smallest
# supported size: m7i.large for m4.large, c7g.xlarge for an arm64 C type.
_current(item, family) := sprintf("%s7%s.%s", [item.class, _attribute[item.architecture], family.minimumSize])

_attribute := {"arm64": "g", "x86_64": "i"}

# A finding of this rule. The rule's METADATA is read here, where a finding
# is made, rather than in every report body whether it finds one or not.
_fail(path, message) := result.fail(rego.metadata.chain(), path, message)
