# METADATA
# title: expired-suppression
# description: |
#   A directive may end on a date, as in
#   `# mi-lint:ignore MI003 until=2027-03-31 -- reason`. It applies up to and
#   including that day (the day of the machine that runs mi-lint). After it,
#   the directive no longer suppresses anything, the findings it covered are
#   reported again, and this rule points at the directive.
#
#   Why it matters: a dated suppression is a promise to fix something by
#   then. When the date passes, the findings are back, and the directive is
#   only noise that looks as if it still excused them.
#
#   Fix: fix what the directive suppressed and remove it or, if the exception
#   still holds, move the date.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI901.md
# custom:
#   id: MI901
#   level: warning
#   summary: An inline mi-lint:ignore directive's until= date has passed.
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
#             maxVCpuCount: 12 # mi-lint:ignore MI003 until=2025-01-31 -- raise after the load test
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
package milint.rules.directives["expired-suppression"]

# No Rego rule: the directives are judged in Go, by the suppress step of
# a lint (internal/suppress), which reports this rule's findings. This
# module only describes the rule, as every other rule is described.
