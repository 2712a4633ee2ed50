package suppress

import (
	"strings"

	"github.com/mi-lint/mi-lint/internal/report"
)

// code turns «x» into Markdown code, `x`: Go raw strings cannot hold a
// backquote.
func code(s string) string {
	return strings.NewReplacer("«", "`", "»", "`").Replace(s)
}

// Category is the category of the directive rules.
const Category = "directives"

// Rules returns the descriptors of MI900 and MI901, the rules about
// mi-lint's own directives, sorted by ID. They are written in Go, not
// Rego: only this package can judge a directive.
func Rules() []report.Rule {
	return []report.Rule{
		{
			ID:       UnusedID,
			Name:     "unused-suppression",
			Level:    report.LevelWarning,
			Category: Category,
			Summary:  "An inline mi-lint:ignore directive suppresses nothing.",
			Description: code(`A «# mi-lint:ignore» or «# mi-lint:ignore-file» directive names the rules
whose findings it suppresses. This rule reports a directive when a rule it
names has no finding on the lines it covers (for «ignore-file», anywhere in
the file), and when it names a rule that does not exist. A malformed
directive, and with «--require-reason» a directive that gives no reason
after «--», are reported here too.

«all» covers every rule except MI900 and MI901. A directive that is
expected to be unused in some runs, such as one that only matters with
«--stage prod», can name MI900 as well: a directive that names MI900 is not
reported as unused.

Why it matters: a suppression outlives the problem it excused. Once the
configuration is fixed, the directive silently hides the next real problem
on those lines; a misspelt rule ID never suppressed anything at all.

Fix: remove the directive, or the rules in it that the message names, or
correct a misspelt rule ID or name.`),
			HelpURI: "https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI900.md",
			File:    "internal/suppress/rules.go",
			Example: `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    pool:
      scaling:
        maxVCpuCount: 12 # mi-lint:ignore MI003 -- we asked for a lower limit
functions:
  api:
    handler: handler.api
    capacityProvider: pool
`,
			Fixed: `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    pool:
      scaling:
        maxVCpuCount: 12
functions:
  api:
    handler: handler.api
    capacityProvider: pool
`,
		},
		{
			ID:       ExpiredID,
			Name:     "expired-suppression",
			Level:    report.LevelWarning,
			Category: Category,
			Summary:  "An inline mi-lint:ignore directive's until= date has passed.",
			Description: code(`A directive may end on a date, as in
«# mi-lint:ignore MI003 until=2027-03-31 -- reason». It applies up to and
including that day (the day of the machine that runs mi-lint). After it,
the directive no longer suppresses anything, the findings it covered are
reported again, and this rule points at the directive.

Why it matters: a dated suppression is a promise to fix something by
then. When the date passes, the findings are back, and the directive is
only noise that looks as if it still excused them.

Fix: fix what the directive suppressed and remove it or, if the exception
still holds, move the date.`),
			HelpURI: "https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI901.md",
			File:    "internal/suppress/rules.go",
			Example: `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    pool:
      scaling:
        maxVCpuCount: 8 # mi-lint:ignore MI003 until=2025-01-31 -- raise after the load test
functions:
  api:
    handler: handler.api
    capacityProvider: pool
`,
			Fixed: `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    pool:
      scaling:
        maxVCpuCount: 12
functions:
  api:
    handler: handler.api
    capacityProvider: pool
`,
		},
	}
}
