package policy

import (
	"context"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/mi-lint/mi-lint/internal/benchcorpus"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/policies"
)

// BenchmarkRule evaluates each rule's report alone on a medium document
// (12 functions), to show which rules the per-document time goes to. The
// input is converted once, outside the loop, so this is Rego time only.
// exprs/op, the expressions OPA's profiler saw evaluated in one
// evaluation, is a count rather than a time; it still varies between runs
// (up to 2x for MI009), so compare several.
// Run: go test ./internal/policy -run '^$' -bench Rule/ -benchmem
func BenchmarkRule(b *testing.B) {
	modules, err := parseModules(policies.FS, false, nil)
	if err != nil {
		b.Fatal(err)
	}
	rules, err := readRules(modules)
	if err != nil {
		b.Fatal(err)
	}
	facts, err := DefaultFacts()
	if err != nil {
		b.Fatal(err)
	}
	content := benchcorpus.Service(1, 7, 12)
	doc, err := loader.Load(loader.Source{Path: "svc/serverless.yml", Content: content}, loader.Options{}, loader.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	input := buildInput(doc)
	newDerived(facts).addTo(input)
	ctx := context.Background()
	store := inmem.NewFromObjectWithOpts(map[string]any{"milint": map[string]any{"facts": facts}}, inmem.OptReturnASTValuesOnRead(true))
	for _, r := range rules {
		q := fmt.Sprintf("data.milint.rules.%s[%q].report", r.Category, r.Name)
		opts := []func(*rego.Rego){rego.Query(q), rego.Store(store), rego.StrictBuiltinErrors(true)}
		for _, m := range modules {
			opts = append(opts, rego.ParsedModule(m.Module))
		}
		prepared, err := rego.New(opts...).PrepareForEval(ctx)
		if err != nil {
			b.Fatal(err)
		}
		prof := profiler.New()
		if _, err := prepared.Eval(ctx, rego.EvalParsedInput(input), rego.EvalQueryTracer(prof)); err != nil {
			b.Fatal(err)
		}
		exprs := 0
		for _, f := range prof.ReportByFile().Files {
			for _, st := range f.Result {
				exprs += st.NumEval
			}
		}
		b.Run(r.ID+"-"+r.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := prepared.Eval(ctx, rego.EvalParsedInput(input)); err != nil {
					b.Fatal(err)
				}
			}
			// After the loop: b.Loop's first call resets the timer, which
			// drops the metrics reported before it.
			b.ReportMetric(float64(exprs), "exprs/op")
		})
	}
}

// BenchmarkBuildInput measures converting a loaded document into the Rego
// input value, by file size.
func BenchmarkBuildInput(b *testing.B) {
	for _, size := range benchcorpus.Sizes {
		content := benchcorpus.Service(1, 7, size.Functions)
		doc, err := loader.Load(loader.Source{Path: "svc/serverless.yml", Content: content}, loader.Options{}, loader.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s-%dfn", size.Name, size.Functions), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buildInput(doc)
			}
		})
	}
}
