package main

# MI002 instance-types-conflict: allowedInstanceTypes and
# excludedInstanceTypes are mutually exclusive.
deny contains msg if {
	some name, cfg in capacity_providers
	req := object_or_empty(object.get(cfg, "instanceRequirements", {}))
	non_empty_list(object.get(req, "allowedInstanceTypes", null))
	non_empty_list(object.get(req, "excludedInstanceTypes", null))
	msg := sprintf("MI002 instance-types-conflict: capacity provider %q sets both allowedInstanceTypes and excludedInstanceTypes", [name])
}
