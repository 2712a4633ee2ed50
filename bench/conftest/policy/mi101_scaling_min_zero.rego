package main

# MI101 scaling-min-zero: scaling.min 0 needs scaling.max 0 too (a missing
# max is not 0).
deny contains msg if {
	some name, fn in managed_functions
	is_object(fn.capacityProvider)
	scaling := object_or_empty(object.get(fn.capacityProvider, "scaling", {}))
	scaling.min == 0
	object.get(scaling, "max", null) != 0
	msg := sprintf("MI101 scaling-min-zero: function %q has capacityProvider.scaling.min 0 while max is not 0", [name])
}
