# METADATA
# description: |
#   Reading EC2 instance type names (family.size, as in c7gn.2xlarge) for the
#   rules on instanceRequirements: the shape the Lambda API accepts, `*`
#   wildcards, the family's class letters, generation and attributes, and
#   the architecture its name implies. The facts (sizes, families, limits)
#   are in data.milint.facts.instance_types.
package milint.lib.instancetypes

import data.milint.facts

# lists are the instanceRequirements keys that hold instance types.
lists := ["allowedInstanceTypes", "excludedInstanceTypes"]

# valid_name holds for a string the API accepts as a type name: family.size,
# letters, digits, "." and "-", at most the API's length.
valid_name(x) if {
	is_string(x)
	count(x) <= facts.instance_types.lists.maxNameLength
	regex.match(`^[A-Za-z0-9-]+\.[A-Za-z0-9-]+$`, x)
}

# wildcard holds for a pattern such as m7g.* or c7*: only the `*` keeps it
# from being a name the API's pattern accepts.
wildcard(x) if {
	is_string(x)
	contains(x, "*")
	count(x) <= facts.instance_types.lists.maxNameLength
	regex.match(`^[A-Za-z0-9.*-]+$`, x)
}

# concrete holds for an item that names one instance type, which the rules
# on architecture and families can judge.
concrete(x) if {
	valid_name(x)
	not contains(x, "*")
}

# family is the part before the dot, lower-cased: "c7gn" for "C7gn.large".
family(x) := lower(split(x, ".")[0])

# size is the part after the dot, lower-cased: "2xlarge" for "c7gn.2xlarge".
size(x) := lower(split(x, ".")[1])

# class is the family's leading letters: "c" for c7gn, "inf" for inf2, "u"
# for u-12tb1.
class(x) := regex.find_n(`^[a-z]+`, family(x), 1)[0]

# parts splits a family such as m7i-flex into class "m", generation 7,
# attributes "i" and variant "flex" (empty when absent); undefined for a
# family without a generation digit right after its class.
parts(x) := {"class": m[1], "generation": to_number(m[2]), "attributes": m[3], "variant": m[5]} if {
	some m in regex.find_all_string_submatch_n(`^([a-z]+)([0-9]+)([a-z]*)(-([a-z0-9]+))?$`, family(x), 1)
}

# architecture is arm64 for a Graviton type (a g right after the generation
# digit: r7g, c7gn, m6gd, im4gn; or a listed exception such as a1), else
# x86_64.
architecture(x) := "arm64" if {
	_graviton(family(x))
} else := "x86_64"

_graviton(f) if regex.match(`^[a-z]+[0-9]+g`, f)

_graviton(f) if f in facts.instance_types.graviton.arm64Families

# provider_architecture is a capacity provider's effective architecture
# setting {value, path, inherited}, as input.capacityProviders[_].architecture,
# except that a single architectures value written without a list counts as
# the list's one item: the framework's schema wraps it (`architectures:
# arm64` runs arm64 instances).
provider_architecture(cp) := {
	"value": archs,
	"path": array.concat(cp.path, ["instanceRequirements", "architectures"]),
	"inherited": false,
} if {
	cp.path != null
	archs := cp.config.instanceRequirements.architectures
	_single_value(archs)
}

provider_architecture(cp) := cp.architecture if not _written_as_single_value(cp)

_written_as_single_value(cp) if {
	cp.path != null
	_single_value(cp.config.instanceRequirements.architectures)
}

_single_value(x) if is_string(x)

_single_value(x) if is_number(x)

_single_value(x) if is_boolean(x)
