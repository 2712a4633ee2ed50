# METADATA
# title: unused-suppression
# description: |
#   A `# mi-lint:ignore` or `# mi-lint:ignore-file` directive names the rules
#   whose findings it suppresses. This rule reports a directive when a rule it
#   names has no finding on the lines it covers (for `ignore-file`, anywhere in
#   the file), and when it names a rule that does not exist. A malformed
#   directive, and with `--require-reason` a directive that gives no reason
#   after `--`, are reported here too.
#
#   `all` covers every rule except MI900 and MI901. A directive that is
#   expected to be unused in some runs, such as one that only matters with
#   `--stage prod`, can name MI900 as well: a directive that names MI900 is not
#   reported as unused.
#
#   Why it matters: a suppression outlives the problem it excused. Once the
#   configuration is fixed, the directive silently hides the next real problem
#   on those lines; a misspelt rule ID never suppressed anything at all.
#
#   Fix: remove the directive, or the rules in it that the message names, or
#   correct a misspelt rule ID or name.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI900.md
# custom:
#   id: MI900
#   level: warning
#   summary: An inline mi-lint:ignore directive suppresses nothing.
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
#           scaling:
#             maxVCpuCount: 12 # mi-lint:ignore MI003 -- we asked for a lower limit
#     functions:
#       api:
#         handler: handler.api
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
#           scaling:
#             maxVCpuCount: 12
#     functions:
#       api:
#         handler: handler.api
#         capacityProvider: pool
package milint.rules.directives["unused-suppression"]

# No Rego rule: the directives are judged in Go, by the suppress step of
# a lint (internal/suppress), which reports this rule's findings. This
# module only describes the rule, as every other rule is described.
