package main

# MI201 versioned-managed-instances: every deploy of a versioned
# managed-instance function publishes a version that pins its provider.
# versionFunctions defaults to true; a function's versionFunction wins.
deny contains msg if {
	some name, fn in managed_functions
	versioned(fn) == true
	msg := sprintf("MI201 versioned-managed-instances: function %q runs on managed instances with versionFunctions in effect; set provider.versionFunctions: false", [name])
}

versioned(fn) := fn.versionFunction if object.get(fn, "versionFunction", null) != null

versioned(fn) := v if {
	object.get(fn, "versionFunction", null) == null
	v := object.get(provider, "versionFunctions", true)
}
