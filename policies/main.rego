# METADATA
# description: |
#   The single entrypoint the engine queries: every finding of every rule
#   under data.milint.rules, collected in one evaluation per document.
package milint.main

# METADATA
# entrypoint: true
report contains finding if {
	some category, rule
	some finding in data.milint.rules[category][rule].report
}
