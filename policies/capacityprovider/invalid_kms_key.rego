# METADATA
# title: invalid-kms-key
# description: |
#   `kmsKeyArn` names the KMS key that encrypts the capacity provider's
#   instance storage. It must be a KMS ARN, `arn:<partition>:kms:...`
#   (for example `arn:aws:kms:eu-west-1:123456789012:key/<key id>`), with
#   the partition `aws`, `aws-cn`, `aws-us-gov` and so on. A bare key ID, an
#   alias name, or an ARN of another service is not accepted.
#   CloudFormation intrinsics (`!GetAtt Key.Arn`, `!Sub ...`) and values
#   resolved only at deploy time are not judged.
#
#   Why it matters: the Serverless Framework's schema and CloudFormation's
#   pattern for AWS::Lambda::CapacityProvider both reject it, so the deploy
#   fails. An empty value is silently dropped, so the key you meant is not
#   used. Tagged security: the key decides who can read the instances'
#   storage.
#
#   Fix: give the key's full ARN, or `!GetAtt MyKey.Arn`, or remove
#   `kmsKeyArn` to use the AWS-managed key.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI013.md
# custom:
#   id: MI013
#   tags: [security]
#   level: error
#   summary: kmsKeyArn is not a KMS ARN.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           kmsKeyArn: alias/shop-instances
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["invalid-kms-key"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.values

# Any partition (aws, aws-cn, aws-us-gov, aws-iso-b, ...), the kms service,
# and something after it.
_kms_arn := facts.capacity_provider_config.kmsKeyArn.pattern

report contains finding if {
	some cp in input.capacityProviders
	key := cp.config.kmsKeyArn
	key != null
	not _valid(key)
	values.known(key)
	finding := result.fail(
		_chain,
		array.concat(cp.path, ["kmsKeyArn"]),
		sprintf("kmsKeyArn is %s%s; it must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id> (or !GetAtt of a key's Arn)", [values.describe(key), _hint(key)]),
	)
}

# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

_valid(key) if {
	is_string(key)
	regex.match(_kms_arn, key)
}

# A hint for the usual mistakes, the first that applies.
_hint(key) := sprintf(" (%s)", [values.type_text(key)]) if {
	not is_string(key)
} else := " (empty: the framework drops it)" if {
	key == ""
} else := " (an alias name, not an ARN)" if {
	startswith(key, "alias/")
} else := " (a key ID, not an ARN)" if {
	regex.match(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, key)
} else := " (not an ARN)" if {
	not startswith(key, "arn:")
} else := " (an ARN of another service than KMS)" if {
	parts := split(key, ":")
	count(parts) > 2
	parts[2] != "kms"
} else := ""
