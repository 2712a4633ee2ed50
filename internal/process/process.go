// Package process post-processes lint results as one ordered chain of
// small steps, each a function of the result the steps before it left.
// The chain has two stages. A file's steps (file.go: Suppress, then
// NewOnly) see one file's result, which carries what they need (the
// directives read from its text, its diff base's result); the run applies
// them on the worker that linted the file, before the result cache keeps
// the result. The run's steps (Sort, RuleSettings, WriteBaseline,
// Baseline) see the whole result; they stop at the first that fails.
package process

import (
	"fmt"
	"io"
	"os"

	"github.com/mi-lint/mi-lint/internal/baseline"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/report"
)

// A Step changes a result in place.
type Step interface {
	Process(res *report.Result) error
}

// Run applies the steps to res in order.
func Run(res *report.Result, steps ...Step) error {
	for _, s := range steps {
		if err := s.Process(res); err != nil {
			return err
		}
	}
	return nil
}

// Sort puts everything in its one deterministic order. It comes before
// the filters: they keep the order, and the baseline needs it to pick
// which of several same-key findings is new.
type Sort struct{}

// Process sorts the result.
func (Sort) Process(res *report.Result) error {
	res.Sort()
	return nil
}

// RuleSetting turns a rule off, or sets its level.
type RuleSetting struct {
	Off   bool
	Level finding.Level
}

// RuleSettings turns rules off and changes their levels as the
// configuration says, in the findings and in the rule descriptors, by
// rule ID. (Not the configuration's own type: the lint run uses this
// package, and the configuration's tests lint.)
type RuleSettings map[string]RuleSetting

// Process applies the settings.
func (s RuleSettings) Process(res *report.Result) error {
	if len(s) == 0 {
		return nil
	}
	// keep tells whether a rule's items stay, and sets their level.
	keep := func(id string, level *finding.Level) bool {
		set, ok := s[id]
		if ok && !set.Off {
			*level = set.Level
		}
		return !ok || !set.Off
	}
	rules := res.Rules[:0:0]
	for _, r := range res.Rules {
		if keep(r.ID, &r.Level) {
			rules = append(rules, r)
		}
	}
	findings := res.Findings[:0:0]
	for _, f := range res.Findings {
		if keep(f.RuleID, &f.Level) {
			findings = append(findings, f)
		}
	}
	res.Rules, res.Findings = rules, findings
	return nil
}

// WriteBaseline records the findings in the baseline file Path, written
// whole or not at all by Write.
type WriteBaseline struct {
	Path  string
	Write func(path string, write func(io.Writer) error) error
}

// Process writes the baseline.
func (s WriteBaseline) Process(res *report.Result) error {
	write := func(w io.Writer) error { return baseline.Write(w, res.Findings) }
	if err := s.Write(s.Path, write); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	return nil
}

// Baseline keeps only the findings the baseline file Path does not
// record, and counts its entries that no longer match. The findings must
// be in their sorted order.
type Baseline struct{ Path string }

// Process filters the findings.
func (s Baseline) Process(res *report.Result) error {
	f, err := os.Open(s.Path)
	if err != nil {
		return fmt.Errorf("read baseline: %w", err)
	}
	defer f.Close()
	b, err := baseline.Read(f)
	if err != nil {
		return err
	}
	res.Findings, res.BaselineStale = b.Filter(res.Findings)
	res.BaselineUsed = true
	return nil
}
