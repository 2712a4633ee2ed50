package cli

import "runtime/debug"

// The garbage collector's settings for a run, unless GOGC or GOMEMLIMIT
// says otherwise. Evaluating policies allocates short-lived values at a
// high rate while little stays live (the findings), so collecting at 5x
// the live heap instead of 2x saves about a fifth of the CPU time
// (bench/run.sh), and the soft limit keeps the peak flat however many
// files a run holds findings for.
const (
	gcPercent   = 400
	memoryLimit = 100 << 20
)

// tuneGC applies the run's collector settings; a variable the user set
// wins.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
