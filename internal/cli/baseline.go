package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/mi-lint/mi-lint/internal/baseline"
	"github.com/mi-lint/mi-lint/internal/report"
)

// applyBaseline writes the findings as a baseline (--write-baseline) and
// keeps only findings the baseline (--baseline) does not record. The
// findings must be in their sorted order.
func (c *Command) applyBaseline(res *report.Result, set settings, wd string) error {
	if set.writeBaseline != "" {
		write := func(w io.Writer) error { return baseline.Write(w, res.Findings) }
		if err := writeFileAtomic(absFrom(wd, set.writeBaseline), write); err != nil {
			return fmt.Errorf("write baseline: %w", err)
		}
	}
	if set.baseline == "" {
		return nil
	}
	f, err := os.Open(absFrom(wd, set.baseline))
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
