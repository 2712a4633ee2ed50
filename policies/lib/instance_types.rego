# METADATA
# description: |
#   The architecture a capacity provider's instances run, as the rules on
#   instanceRequirements judge it. The instance type names are read in
#   the input: input.capacityProviders[_].instanceTypes (docs/input.md).
package milint.lib.instancetypes

# provider_architecture is a capacity provider's effective architecture
# setting {value, path, inherited}, as input.capacityProviders[_].architecture,
# except that a single architectures value written without a list counts as
# the list's one item: the framework's schema wraps it (`architectures:
# arm64` runs arm64 instances).
provider_architecture(cp) := cp.architecture if {
	# The usual list, settled in one step.
	is_array(cp.config.instanceRequirements.architectures)
} else := {
	"value": archs,
	"path": array.concat(cp.path, ["instanceRequirements", "architectures"]),
	"inherited": false,
} if {
	archs := cp.config.instanceRequirements.architectures
	_single_value(archs)
	cp.path != null
} else := cp.architecture

_single_value(x) if type_name(x) in {"string", "number", "boolean"}
