# METADATA
# title: unsupported-region
# description: |
#   The service uses Lambda Managed Instances (it declares capacity
#   providers, or a function has a `capacityProvider`) and deploys to a
#   region where they are not offered: il-central-1, me-south-1,
#   me-central-1, ap-southeast-6, and the regions outside the commercial
#   partition (China `cn-*`, GovCloud `us-gov-*`, the isolated `us-iso*`
#   regions). The region is `--region`, else `provider.region`, else
#   us-east-1; nothing is reported while it is an unresolved variable. The
#   lists are data (facts `regions`), which a configuration may override as
#   AWS adds regions.
#
#   Why it matters: CloudFormation cannot create `AWS::Lambda::CapacityProvider`
#   where the feature does not exist, so the deploy fails.
#
#   Fix: deploy the service to a region that offers Lambda Managed
#   Instances, or run its functions without `capacityProvider` there.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI020.md
# custom:
#   id: MI020
#   level: warning
#   summary: Lambda Managed Instances are not offered in the deploy region.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       region: il-central-1
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool: {}
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       region: eu-central-1
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool: {}
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.service["unsupported-region"]

import data.milint.facts
import data.milint.lib.result

report contains finding if {
	_why
	_uses_managed_instances
	finding := _fail(sprintf("Lambda Managed Instances are not offered in %s%s, so the service's capacity providers cannot be created; deploy to a region that offers them, or run the functions without capacityProvider there", [input.region.value, _why]))
}

# rego.metadata.chain() in a report's body is evaluated before the body's
# first step; here it is evaluated only for a finding.
_fail(message) := result.fail(rego.metadata.chain(), _region_path, message)

_uses_managed_instances if count(input.capacityProviders) > 0

_uses_managed_instances if {
	some fn in input.functions
	fn.managed
}

# _why gives why the deploy region lacks the feature, as a message tail;
# undefined for a region that has it, the usual case, which each branch
# rejects in its second step. A region the data lists as supported wins
# over both the region list and the partition. input.region.partition is
# present exactly when the region is a known, non-empty string.
_why := "" if {
	input.region.partition
	lower(input.region.value) in _listed
} else := sprintf(" (a region of the %s partition)", [partition]) if {
	partition := input.region.partition
	not partition in _supported_partitions
	not lower(input.region.value) in _supported
}

# The data's lists, as sets of lower-case names.
_supported contains lower(r) if some r in _data.supported

_unsupported_regions contains lower(r) if some r in _data.unsupported

# The listed regions the data does not also list as supported.
_listed := _unsupported_regions - _supported

_supported_partitions := {p | some p in _data.supportedPartitions}

_data := object.union({"supported": [], "unsupported": [], "supportedPartitions": ["aws"]}, object.get(facts.regions, "managedInstances", {}))

# A region given by --region has no line of its own: point at provider.
_region_path := input.region.path if input.region.source == "file"

_region_path := ["provider"] if input.region.source != "file"
