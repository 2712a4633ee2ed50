package custom.rules.service["service-prefix_test"]

import data.custom.rules.service["service-prefix"] as rule

test_reports_other_prefix if {
	count(rule.report) == 1 with input as {"service": "shop"}
}

# Wrong on purpose: "acme-shop" is not reported.
test_expects_a_finding_for_acme if {
	print("findings:", rule.report) with input as {"service": "acme-shop"}
	count(rule.report) == 1 with input as {"service": "acme-shop"}
}

# Errors on purpose: to_number fails on text.
test_errors if {
	to_number(input.service) == 1 with input as {"service": "shop"}
}
