package suppress_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/mi-lint/mi-lint/internal/benchcorpus"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

// BenchmarkParse measures reading the directives of one file, by file
// size: most files have none ("plain"); "directives" adds a few.
// Run: go test ./internal/suppress -run '^$' -bench Parse -benchmem
func BenchmarkParse(b *testing.B) {
	for _, size := range benchcorpus.Sizes {
		plain := benchcorpus.Service(1, 7, size.Functions)
		withDirectives := append([]byte("# mi-lint:ignore-file MI201 -- generated\n"),
			bytes.Replace(plain, []byte("\nprovider:\n"), []byte("\nprovider: # mi-lint:ignore MI003 until=2099-12-31 -- reason\n"), 1)...)
		for _, c := range []struct {
			name    string
			content []byte
		}{{"plain", plain}, {"directives", withDirectives}} {
			b.Run(fmt.Sprintf("%s-%dfn/%s", size.Name, size.Functions, c.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(c.content)))
				for b.Loop() {
					suppress.Parse("svc/serverless.yml", c.content)
				}
			})
		}
	}
}
