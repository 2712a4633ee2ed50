# METADATA
# title: service-prefix
# description: |
#   Service names start with "acme-". A policy whose tests fail, for the
#   tests of `mi-lint test`.
# custom:
#   id: ACME900
#   level: warning
#   summary: The service name does not start with acme-.
package custom.rules.service["service-prefix"]

import data.milint.lib.result
import data.milint.lib.values

report contains finding if {
	values.known(input.service)
	not startswith(input.service, "acme-")
	finding := result.fail(rego.metadata.chain(), ["service"], sprintf("service %s does not start with acme-", [values.describe(input.service)]))
}
