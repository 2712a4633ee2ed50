package main

# MI003 max-vcpu-range: scaling.maxVCpuCount must be an integer from 12 to
# 15000.
deny contains msg if {
	some name, cfg in capacity_providers
	scaling := object_or_empty(object.get(cfg, "scaling", {}))
	"maxVCpuCount" in object.keys(scaling)
	value := scaling.maxVCpuCount
	not valid_max_vcpu(value)
	not variable(value)
	msg := sprintf("MI003 max-vcpu-range: capacity provider %q has maxVCpuCount %v; it must be an integer from 12 to 15000", [name, value])
}

valid_max_vcpu(x) if {
	is_number(x)
	x == round(x)
	x >= 12
	x <= 15000
}
