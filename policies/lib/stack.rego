# METADATA
# description: |
#   The CloudFormation stack the framework deploys: the logical IDs it gives
#   capacity providers, and whether a base revision deploys the same stack
#   (for the rules that judge a change).
package milint.lib.stack

import data.milint.facts

# logical_id is the framework's CloudFormation logical ID of the capacity
# provider keyed name: "-" and "_" spelled out as Dash and Underscore, the
# first letter upper-cased, the facts' suffix appended.
logical_id(name) := concat("", [upper(substring(spelled, 0, 1)), substring(spelled, 1, -1), facts.capacity_provider_config.logicalIdSuffix]) if {
	spelled := replace(replace(name, "-", "Dash"), "_", "Underscore")
}

# same_stack holds when the base revision deploys the same stack: a
# changed service name or stage deploys a new one, which neither removes,
# replaces nor converts anything of the old.
same_stack if {
	is_object(input.base)
	input.base.service == input.service
	input.base.stage == input.stage
}
