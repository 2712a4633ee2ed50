package cli

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// The garbage collector's settings for a run, unless GOGC or GOMEMLIMIT
// says otherwise. Evaluating policies allocates short-lived values at a
// high rate while little stays live (the findings), so collecting at 5x
// the live heap instead of 2x saves about a fifth of the CPU time
// (bench/run.sh), and a soft limit keeps the peak near 100 MiB while the
// live heap stays under half of that; above, the limit follows the live
// heap (see limitFor).
const (
	gcPercent   = 400
	memoryLimit = 100 << 20
)

// tuneGC applies the run's collector settings; a variable the user set
// wins. stop ends the limit's adjustment (see watchLiveHeap).
func tuneGC(getenv func(string) string) (stop func()) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetMemoryLimit(memoryLimit)
	return watchLiveHeap(liveHeap)
}

// limitFor is the soft memory limit for a live heap: the base limit, or
// twice the live heap once that is more. A collector held under a limit
// the live heap nearly fills would run all the time (one huge document, or
// a run with hundreds of thousands of findings); at twice the live heap it
// runs as often as with Go's defaults.
func limitFor(live uint64) int64 {
	return max(memoryLimit, 2*int64(min(live, 1<<61)))
}

// gcCycle is an object whose finalizer runs once per collection and
// re-arms itself until stopped. Nothing else may refer to it, or it is
// never collected.
type gcCycle struct {
	stopped *atomic.Bool
	live    func() (uint64, bool) // the live heap after the collection
	_       [16]byte
}

// watchLiveHeap sets the memory limit after each collection as limitFor
// says of the live heap live reads, until stop is called.
func watchLiveHeap(live func() (uint64, bool)) (stop func()) {
	stopped := new(atomic.Bool)
	runtime.SetFinalizer(&gcCycle{stopped: stopped, live: live}, onCollection)
	return func() { stopped.Store(true) }
}

func onCollection(c *gcCycle) {
	if c.stopped.Load() {
		return
	}
	if bytes, ok := c.live(); ok {
		debug.SetMemoryLimit(limitFor(bytes))
	}
	runtime.SetFinalizer(c, onCollection)
}

// liveHeap reads the live heap the last collection left, as the runtime
// measures it.
func liveHeap() (uint64, bool) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0, false
	}
	return sample[0].Value.Uint64(), true
}
