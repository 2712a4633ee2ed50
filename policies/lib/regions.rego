# METADATA
# description: |
#   AWS regions and partitions, from data.milint.facts.regions: which
#   partition a region is in (by region-name prefix; a region no prefix
#   claims is in the commercial partition, aws).
package milint.lib.regions

import data.milint.facts

# partition names the AWS partition of region; the longest listed prefix
# wins, so overriding data may nest prefixes.
partition(region) := best[1] if {
	r := lower(region)
	matches := {[count(prefix), name] |
		some name, prefixes in facts.regions.partitions
		some prefix in prefixes
		startswith(r, lower(prefix))
	}
	count(matches) > 0
	best := max(matches)
} else := "aws"

# region is the deploy region as a string, undefined when it is not known
# (a variable still unresolved, an intrinsic).
region := r if {
	r := input.region.value
	is_string(r)
	r != ""
}
