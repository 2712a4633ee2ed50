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
# evaluate when a custom rule fails or runs out of time on a file. A
# built-in rule that a configuration turns off is not compiled, so every
# rule here is one the run evaluates; enumerating the rule tree costs
# fewer expressions than looking each rule up from a list.
builtin contains finding if {
	some category, name
	some finding in data.milint.rules[category][name].report
}

# Custom rules are all compiled: only those the engine lists in
# data.milint.run are evaluated.
custom contains finding if {
	some rule in data.milint.run.custom
	some finding in data.custom.rules[rule.category][rule.name].report
}
