package policy

import "testing"

// BenchmarkStartup is what a run pays before its first document: reading
// the rules (Load), then parsing and compiling the embedded policies
// (Evaluator). allocs/op and B/op are counts, steadier than ns/op on a
// shared machine; the memory a one-file run first touches is most of its
// system time (page faults).
// Run: go test ./internal/policy -run '^$' -bench Startup -benchmem
func BenchmarkStartup(b *testing.B) {
	b.Run("rules", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("compile", func(b *testing.B) {
		for b.Loop() {
			s, err := Load(Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.Evaluator(b.Context(), nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
