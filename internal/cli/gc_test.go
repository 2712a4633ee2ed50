package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
)

// TestTuneGC checks the run's collector settings, and that GOGC and
// GOMEMLIMIT, when set, are left to the runtime.
func TestTuneGC(t *testing.T) {
	percent := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})

	stop := tuneGC(func(string) string { return "" })
	stop()
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GC percent = %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != memoryLimit {
		t.Errorf("memory limit = %d, want %d", got, memoryLimit)
	}

	tuneGC(func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[k] })()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, GC percent = %d, want it untouched (100)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, memory limit = %d, want it untouched", got)
	}
}

func TestLimitFor(t *testing.T) {
	for _, tt := range []struct {
		live uint64
		want int64
	}{
		{0, memoryLimit},
		{memoryLimit / 2, memoryLimit},
		{memoryLimit, 2 * memoryLimit},
		{1 << 40, 1 << 41},
		{math.MaxUint64, 1 << 62},
	} {
		if got := limitFor(tt.live); got != tt.want {
			t.Errorf("limitFor(%d) = %d, want %d", tt.live, got, tt.want)
		}
	}
}

// TestOnCollection checks that a collection sets the limit limitFor
// gives for the live heap, and nothing once stopped or when the live heap
// cannot be read.
func TestOnCollection(t *testing.T) {
	limit := debug.SetMemoryLimit(memoryLimit)
	t.Cleanup(func() { debug.SetMemoryLimit(limit) })
	const live = 2 * memoryLimit // more than the base limit allows for
	reads := func(bytes uint64, ok bool) func() (uint64, bool) {
		return func() (uint64, bool) { return bytes, ok }
	}
	collect := func(read func() (uint64, bool), stopped bool) {
		c := &gcCycle{stopped: new(atomic.Bool), live: read}
		c.stopped.Store(stopped)
		onCollection(c)
		// onCollection armed c's finalizer: stopped, it cannot touch the
		// limit during the later checks.
		c.stopped.Store(true)
	}

	collect(reads(live, true), false)
	if got := debug.SetMemoryLimit(memoryLimit); got != limitFor(live) {
		t.Errorf("memory limit = %d after a collection with %d bytes live, want %d", got, live, limitFor(live))
	}

	collect(reads(0, false), false)
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("memory limit = %d when the live heap cannot be read, want it untouched (%d)", got, memoryLimit)
	}

	collect(reads(live, true), true)
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("memory limit = %d after a collection once stopped, want it untouched (%d)", got, memoryLimit)
	}
}

// TestWatchLiveHeap checks that the live heap is read after each
// collection: the hook reports on a channel, so the test waits for the
// collector and not for a clock.
func TestWatchLiveHeap(t *testing.T) {
	limit := debug.SetMemoryLimit(memoryLimit)
	t.Cleanup(func() { debug.SetMemoryLimit(limit) })
	reads := make(chan struct{}, 1)
	stop := watchLiveHeap(func() (uint64, bool) {
		select {
		case reads <- struct{}{}:
		default: // the test has not taken the last one yet
		}
		return 0, false // leaves the limit alone
	})
	defer stop()
	for range 2 { // the first collection, and one after re-arming
		// The finalizer runs on its own goroutine once a collection has
		// found its object: collect until it has reported.
		for read := false; !read; {
			runtime.GC()
			select {
			case <-reads:
				read = true
			default:
			}
		}
	}
}

// TestLiveHeap checks that the runtime reports the live heap.
func TestLiveHeap(t *testing.T) {
	runtime.GC()
	if live, ok := liveHeap(); !ok || live == 0 {
		t.Errorf("liveHeap() = %d, %v; want a positive figure", live, ok)
	}
}
