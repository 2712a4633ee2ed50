// Package baseline records a run's findings so that a later run reports
// only new ones: how a large repository adopts mi-lint without fixing
// everything first. An entry is keyed by rule, file, YAML path and subject
// (finding.Finding.Subject), never by line, so edits elsewhere in a file do
// not resurrect old findings.
package baseline

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// Version is the version of the baseline file format.
const Version = 1

// Entry is one recorded finding key; Count is how many findings shared it
// (several functions may inherit one wrong provider setting).
type Entry struct {
	Rule     string `json:"rule"`
	File     string `json:"file"`
	YAMLPath string `json:"yamlPath"`
	Subject  string `json:"subject,omitempty"`
	Count    int    `json:"count"`
}

type file struct {
	Version int     `json:"version"`
	Entries []Entry `json:"findings"`
}

type key struct{ rule, file, path, subject string }

func keyOf(f finding.Finding) key { return key{f.RuleID, f.File, f.YAMLPath, f.Subject} }

// Baseline is a loaded baseline.
type Baseline struct {
	counts map[key]int
}

// Write records findings as a baseline, in a stable order.
func Write(w io.Writer, findings []finding.Finding) error {
	counts := map[key]int{}
	for _, f := range findings {
		counts[keyOf(f)]++
	}
	out := file{Version: Version, Entries: make([]Entry, 0, len(counts))}
	for k, n := range counts {
		out.Entries = append(out.Entries, Entry{Rule: k.rule, File: k.file, YAMLPath: k.path, Subject: k.subject, Count: n})
	}
	slices.SortFunc(out.Entries, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.YAMLPath, b.YAMLPath), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Subject, b.Subject))
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Read loads a baseline written by Write.
func Read(r io.Reader) (*Baseline, error) {
	var in file
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	if in.Version != Version {
		return nil, fmt.Errorf("read baseline: version %d is not supported (want %d)", in.Version, Version)
	}
	b := &Baseline{counts: make(map[key]int, len(in.Entries))}
	for _, e := range in.Entries {
		if e.Rule == "" || e.File == "" || e.Count < 1 {
			return nil, errors.New("read baseline: an entry needs rule, file and a count of at least 1")
		}
		b.counts[key{e.Rule, e.File, e.YAMLPath, e.Subject}] += e.Count
	}
	return b, nil
}

// FromFindings is a baseline that records findings, as Write and Read
// would: diff mode's --new-only uses the base revision's findings.
func FromFindings(findings []finding.Finding) *Baseline {
	b := &Baseline{counts: make(map[key]int, len(findings))}
	for _, f := range findings {
		b.counts[keyOf(f)]++
	}
	return b
}

// Filter returns the findings the baseline does not cover, and how many
// recorded findings no longer occur (so the baseline can be pruned).
// Findings must be in their deterministic order, so that which of several
// same-key findings is reported as new is stable.
func (b *Baseline) Filter(findings []finding.Finding) (fresh []finding.Finding, stale int) {
	left := make(map[key]int, len(b.counts))
	maps.Copy(left, b.counts)
	for _, f := range findings {
		k := keyOf(f)
		if left[k] > 0 {
			left[k]--
			continue
		}
		fresh = append(fresh, f)
	}
	for _, n := range left {
		stale += n
	}
	return fresh, stale
}
