package linter_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mi-lint/mi-lint/internal/benchcorpus"
	"github.com/mi-lint/mi-lint/internal/cache"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// Run: go test ./internal/linter -run '^$' -bench . -benchmem

func benchEngine(b *testing.B) *linter.Engine {
	b.Helper()
	eng, err := linter.New(context.Background(), linter.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return eng
}

// BenchmarkNew measures compiling the embedded bundle and preparing the
// query: the start-up cost every run pays once.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchEngine(b)
	}
}

// BenchmarkEvaluate measures evaluating every rule on one loaded document
// (input conversion, Rego, finding mapping), by file size.
func BenchmarkEvaluate(b *testing.B) {
	eng := benchEngine(b)
	ctx := context.Background()
	for _, size := range benchcorpus.Sizes {
		content := benchcorpus.Service(1, 7, size.Functions)
		doc, err := loader.Load(loader.Source{Path: "svc/serverless.yml", Content: content}, loader.Options{}, loader.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s-%dfn", size.Name, size.Functions), func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				fs, err := eng.Evaluate(ctx, doc)
				if err != nil {
					b.Fatal(err)
				}
				n = len(fs)
			}
			b.ReportMetric(float64(n), "findings/op")
		})
	}
}

// BenchmarkLintFile measures one file end to end (load and evaluate) on
// one goroutine, by file size.
func BenchmarkLintFile(b *testing.B) {
	eng := benchEngine(b)
	ctx := context.Background()
	for _, size := range benchcorpus.Sizes {
		content := benchcorpus.Service(1, 7, size.Functions)
		f := linter.File{Name: "svc/serverless.yml", Read: func() ([]byte, error) { return content, nil }}
		b.Run(fmt.Sprintf("%s-%dfn", size.Name, size.Functions), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(content)))
			for b.Loop() {
				if _, ferr := eng.LintFile(ctx, f); ferr != nil {
					b.Fatal(ferr.Message)
				}
			}
		})
	}
}

// BenchmarkLint measures linting a corpus of medium files on all cores
// (GOMAXPROCS workers), as the command does; ns/file is the throughput.
func BenchmarkLint(b *testing.B) {
	eng := benchEngine(b)
	ctx := context.Background()
	for _, n := range []int{100} {
		files := make([]linter.File, n)
		for i := range files {
			content := benchcorpus.Service(1, i, 12)
			files[i] = linter.File{Name: fmt.Sprintf("svc-%05d/serverless.yml", i), Read: func() ([]byte, error) { return content, nil }}
		}
		b.Run(fmt.Sprintf("files-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var findings int
			for b.Loop() {
				res := eng.Lint(ctx, files)
				if len(res.Errors) > 0 {
					b.Fatalf("%s: %s", res.Errors[0].File, res.Errors[0].Message)
				}
				findings = len(res.Findings)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
			b.ReportMetric(float64(findings), "findings/op")
		})
	}
}

// BenchmarkLintCached measures a run over unchanged files with the result
// cache warm: per file, reading it, hashing it and reading its entry.
func BenchmarkLintCached(b *testing.B) {
	c, err := cache.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	eng, err := linter.New(ctx, linter.Options{Cache: c, CacheSalt: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	const n = 100
	files := make([]linter.File, n)
	for i := range files {
		content := benchcorpus.Service(1, i, 12)
		files[i] = linter.File{Name: fmt.Sprintf("svc-%05d/serverless.yml", i), Read: func() ([]byte, error) { return content, nil }}
	}
	eng.Lint(ctx, files) // fills the cache
	b.ReportAllocs()
	for b.Loop() {
		if res := eng.Lint(ctx, files); len(res.Errors) > 0 {
			b.Fatalf("%s: %s", res.Errors[0].File, res.Errors[0].Message)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
}
