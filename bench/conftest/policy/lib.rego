# Helpers shared by the five rules: the capacity providers a service ends
# up with and the functions that run on them, computed from the raw YAML
# that conftest parses (conftest resolves no ${...} variables and drops
# CloudFormation tags such as !GetAtt, keeping only the tagged value).
package main

provider := object.get(input, "provider", {})

declared_providers := object.get(provider, "capacityProviders", {})

functions := object.get(input, "functions", {})

# A function runs on managed instances when it has a capacityProvider.
managed_functions[name] := fn if {
	some name, fn in functions
	is_object(fn)
	fn.capacityProvider != null
}

# The provider a function references: the string form or the object's name.
provider_ref(fn) := fn.capacityProvider if is_string(fn.capacityProvider)

provider_ref(fn) := fn.capacityProvider.name if is_object(fn.capacityProvider)

# Referencing "default" creates a provider of that name when none is declared.
default_provider_used if {
	some fn in managed_functions
	provider_ref(fn) == "default"
	not declared_providers["default"]
}

# Every provider's own block; the auto-created default has none.
capacity_providers[name] := cfg if {
	some name, value in declared_providers
	cfg := object_or_empty(value)
}

capacity_providers["default"] := {} if default_provider_used

object_or_empty(x) := x if is_object(x)

object_or_empty(x) := {} if not is_object(x)

# A provider's own vpc replaces provider.vpc whole; without one it inherits.
effective_vpc(cfg) := cfg.vpc if "vpc" in object.keys(cfg)

effective_vpc(cfg) := object.get(provider, "vpc", null) if not "vpc" in object.keys(cfg)

# A list is present when it has items, or is a string (a ${...} variable or
# a tag conftest flattened) that stands for a list we cannot see.
non_empty_list(x) if {
	is_array(x)
	count(x) > 0
}

non_empty_list(x) if {
	is_string(x)
	x != ""
}

# A value written as a Serverless variable is not known statically.
variable(x) if {
	is_string(x)
	contains(x, "${")
}
