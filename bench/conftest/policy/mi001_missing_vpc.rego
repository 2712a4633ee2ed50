package main

# MI001 missing-vpc: a capacity provider's effective VPC needs non-empty
# subnetIds and securityGroupIds; one finding per provider.
deny contains msg if {
	some name, cfg in capacity_providers
	vpc := object_or_empty(effective_vpc(cfg))
	missing := [key |
		some key in ["subnetIds", "securityGroupIds"]
		not non_empty_list(object.get(vpc, key, null))
	]
	count(missing) > 0
	msg := sprintf("MI001 missing-vpc: capacity provider %q has no %s in its VPC (its own vpc, else provider.vpc)", [name, concat(" or ", missing)])
}
