# METADATA
# description: |
#   AWS regions and partitions, from data.milint.facts.regions: which
#   partition a region is in (by region-name prefix; a region no prefix
#   claims is in the commercial partition, aws).
package milint.lib.regions

import data.milint.facts

# partition names the AWS partition of region; the longest listed prefix
# wins, so overriding data may nest prefixes. The input gives the deploy
# region's as input.region.partition.
partition(region) := best[1] if {
	r := lower(region)
	matches := {[length, name] |
		some [prefix, length, name] in _prefixes
		startswith(r, prefix)
	}
	count(matches) > 0
	best := max(matches)
} else := "aws"

# The data's prefixes, each as [lower-case prefix, its length, partition]:
# facts only, worked out once.
_prefixes := [[lower(prefix), count(prefix), name] |
	some name, prefixes in facts.regions.partitions
	some prefix in prefixes
]
