package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/mi-lint/mi-lint/internal/baseline"
	"github.com/mi-lint/mi-lint/internal/report"
)

// applyBaseline writes the findings as a baseline (--write-baseline) and
// keeps only findings the baseline (--baseline) does not record. The
// findings must be in their sorted order.
func (c *Command) applyBaseline(res *report.Result, set settings, wd string) error {
	if set.writeBaseline != "" {
		var buf bytes.Buffer
		if err := baseline.Write(&buf, res.Findings); err != nil {
			return fmt.Errorf("write baseline: %w", err)
		}
		if err := writeFileAtomic(absFrom(wd, set.writeBaseline), buf.Bytes()); err != nil {
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
