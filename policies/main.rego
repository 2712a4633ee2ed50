# METADATA
# description: |
#   The single entrypoint the engine queries: every finding of every rule,
#   the built-in ones under data.milint.rules and the user's custom ones
#   under data.custom.rules, collected in one evaluation per document.
package milint.main

# METADATA
# entrypoint: true
report contains finding if {
	some finding in builtin
}

report contains finding if {
	some finding in custom
}

# The findings of the built-in rules alone, which the engine can still
# evaluate when a custom rule fails or runs out of time on a file.
builtin contains finding if {
	some category, rule
	some finding in data.milint.rules[category][rule].report
}

custom contains finding if {
	some category, rule
	some finding in data.custom.rules[category][rule].report
}
