package loader_test

import (
	"fmt"
	"testing"

	"github.com/mi-lint/mi-lint/internal/benchcorpus"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// BenchmarkLoad measures loading one file (parse, variables, input model)
// by file size. Run: go test ./internal/loader -run '^$' -bench Load
func BenchmarkLoad(b *testing.B) {
	for _, size := range benchcorpus.Sizes {
		content := benchcorpus.Service(1, 7, size.Functions)
		b.Run(fmt.Sprintf("%s-%dfn", size.Name, size.Functions), func(b *testing.B) {
			src := loader.Source{Path: "svc/serverless.yml", Content: content}
			b.ReportAllocs()
			b.SetBytes(int64(len(content)))
			for b.Loop() {
				if _, err := loader.Load(src, loader.Options{}, loader.DefaultLimits); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
