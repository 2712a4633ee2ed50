package loader_test

import (
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// largestAccepted is about the costliest file the default limits let
// through: just under 1,000,000 values, under 10 MB.
var largestAccepted = struct {
	name string
	src  func() string
	want *loader.Error
}{"999,990 keys (just under the limits)", func() string {
	var b strings.Builder
	b.WriteString("a:\n")
	for i := range 999_990 {
		b.WriteString(" ")
		b.WriteString(strconv.FormatInt(int64(i), 36))
		b.WriteString(": 1\n")
	}
	return b.String()
}, nil}

// BenchmarkHostile measures each resource attack of hostileInputs, for
// time and allocations: each must stay in milliseconds to a few seconds.
// Run: go test ./internal/loader -run '^$' -bench Hostile -benchmem -benchtime 3x
func BenchmarkHostile(b *testing.B) {
	for _, h := range append(hostileInputs, largestAccepted) {
		src := []byte(h.src())
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				_, err := loader.Load(loader.Source{Path: "s.yml", Content: src}, loader.Options{}, loader.DefaultLimits)
				if (err == nil) != (h.want == nil) {
					b.Fatalf("Load: %v", err)
				}
			}
		})
	}
}

// BenchmarkHostileYAMLOnly measures yaml.v3 alone parsing each attack,
// as the loader did before the pre-scan and the size limit: what they save.
func BenchmarkHostileYAMLOnly(b *testing.B) {
	for _, h := range append(hostileInputs, largestAccepted) {
		src := []byte(h.src())
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			if len(src) > 20<<20 {
				b.Skip("takes minutes")
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				var n yaml.Node
				_ = yaml.Unmarshal(src, &n)
			}
		})
	}
}
