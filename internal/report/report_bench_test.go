package report_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/report"
)

// benchResult is a result shaped like a real run over 150 services: about
// 1000 findings of ten rules, a quarter with a related location.
func benchResult() report.Result {
	ids := []struct {
		id, name string
		level    finding.Level
	}{
		{"MI001", "missing-vpc", finding.LevelError}, {"MI002", "instance-types-conflict", finding.LevelError},
		{"MI003", "max-vcpu-range", finding.LevelError}, {"MI009", "instance-type-architecture-mismatch", finding.LevelError},
		{"MI016", "few-subnets", finding.LevelNote}, {"MI018", "unused-capacity-provider", finding.LevelWarning},
		{"MI101", "scaling-min-zero", finding.LevelError}, {"MI106", "max-concurrency-range", finding.LevelWarning},
		{"MI201", "versioned-managed-instances", finding.LevelWarning}, {"MI205", "min-environments-exceed-max-vcpu", finding.LevelWarning},
	}
	var res report.Result
	for _, r := range ids {
		res.Rules = append(res.Rules, finding.Rule{
			ID: r.id, Name: r.name, Level: r.level, Category: "function",
			Summary:     "A one-line summary of " + r.name + ".",
			Description: "What the rule checks.\n\nWhy it matters: a paragraph of reasons.\n\nFix: a paragraph of advice.",
			HelpURI:     "https://github.com/mi-lint/mi-lint/blob/main/docs/rules/" + r.id + ".md",
			File:        "policies/function/" + r.name + ".rego",
		})
	}
	for i := range 1000 {
		r := ids[i%len(ids)]
		file := fmt.Sprintf("services/svc-%05d/serverless.yml", i/7)
		line := 20 + 7*(i%7)
		f := finding.Finding{
			RuleID: r.id, RuleName: r.name, Level: r.level,
			Message:  fmt.Sprintf("function fn%d uses capacity provider general with versionFunctions in effect (value %d)", i%12, i),
			Location: finding.Location{File: file, Region: finding.Region{StartLine: line, StartColumn: 5, EndLine: line, EndColumn: 28}},
			YAMLPath: fmt.Sprintf("functions.fn%d.capacityProvider", i%12),
		}
		if i%4 == 0 {
			f.Related = []finding.RelatedLocation{{
				Location: finding.Location{File: file, Region: finding.Region{StartLine: 12, StartColumn: 3, EndLine: 12, EndColumn: 25}},
				Message:  "versionFunctions is set here",
			}}
		}
		res.Findings = append(res.Findings, f)
	}
	res.Files = 150
	res.Sort()
	return res
}

// BenchmarkFormat measures writing a ~1000-finding result in each format.
// Run: go test ./internal/report -run '^$' -bench Format -benchmem
func BenchmarkFormat(b *testing.B) {
	res := benchResult()
	opts := report.Options{
		Tool:        report.Tool{Name: "mi-lint", Version: "0.0.0-bench", InformationURI: "https://github.com/mi-lint/mi-lint"},
		DisplayPath: func(s string) string { return s },
		SrcRootURI:  "file:///work/repo/",
	}
	for _, name := range report.FormatNames() {
		format, err := report.FormatterFor(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := format(io.Discard, res, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(res.Findings)), "ns/finding")
		})
	}
}
