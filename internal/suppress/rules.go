package suppress

import "github.com/mi-lint/mi-lint/internal/finding"

// Category is the category of the directive rules, MI900 and MI901. They
// are described, as every rule is, by METADATA in the policies
// (policies/directives/), but have no Rego: only this package can judge a
// directive, and it reports their findings.
const Category = "directives"

// ruleFor returns the descriptor of rule id among rules; a rule the
// caller did not describe is reported by its ID, as a warning.
func ruleFor(rules []finding.Rule, id string) finding.Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	return finding.Rule{ID: id, Level: finding.LevelWarning}
}
