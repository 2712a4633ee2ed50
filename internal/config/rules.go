package config

import (
	"errors"
	"fmt"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// RuleSetting is what the file sets for one rule.
type RuleSetting struct {
	// Off is true for `off`; otherwise Level is the rule's new level.
	Off   bool
	Level finding.Level
	// Key is the rule ID or name as written, at KeyPos; Pos is the level's.
	Key    string
	KeyPos Pos
	Pos    Pos
}

// ResolveRules maps the entries of `rules:` to the rules they name, by ID
// or name (exactly, case included), and returns the settings keyed by rule
// ID. known are every rule that can run: the built-in ones, the custom
// ones, and any the caller reports itself (such as unused suppressions).
//
// A key that names no rule is an error with a did-you-mean; so is a rule
// named twice (by its ID and by its name). On problems ResolveRules returns
// nil and every problem, each an *Error, joined.
func (c *Config) ResolveRules(known []finding.Rule) (map[string]RuleSetting, error) {
	byKey := make(map[string]finding.Rule, 2*len(known))
	candidates := make([]string, 0, 2*len(known))
	for _, r := range known {
		byKey[r.ID], byKey[r.Name] = r, r
		candidates = append(candidates, r.ID)
	}
	for _, r := range known {
		candidates = append(candidates, r.Name)
	}
	var errs []error
	out := map[string]RuleSetting{}
	for _, e := range c.Rules {
		r, ok := byKey[e.Key]
		if !ok {
			errs = append(errs, c.ErrorAt(e.KeyPos, "unknown rule %q; %s", e.Key,
				didYouMean(e.Key, candidates, "run 'mi-lint rules' to list the rules")))
			continue
		}
		if prev, dup := out[r.ID]; dup {
			errs = append(errs, c.ErrorAt(e.KeyPos, "%s and %s (line %d) both name rule %s %s; keep only one of them",
				e.Key, prev.Key, prev.KeyPos.Line, r.ID, r.Name))
			continue
		}
		s := RuleSetting{Key: e.Key, KeyPos: e.KeyPos, Pos: e.Pos}
		if e.Level == "off" {
			s.Off = true
		} else {
			s.Level = finding.Level(e.Level)
		}
		out[r.ID] = s
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// String renders the setting as written in the file: off, error, warning
// or note.
func (s RuleSetting) String() string {
	if s.Off {
		return "off"
	}
	return fmt.Sprint(s.Level)
}
