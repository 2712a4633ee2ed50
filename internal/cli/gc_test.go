package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
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

// TestWatchLiveHeap checks that a live heap larger than the base limit
// raises the limit after a collection, so that the collector does not run
// all the time.
func TestWatchLiveHeap(t *testing.T) {
	limit := debug.SetMemoryLimit(memoryLimit)
	t.Cleanup(func() { debug.SetMemoryLimit(limit) })
	stop := watchLiveHeap()
	defer stop()

	live := make([]byte, 2*memoryLimit)
	for i := range live {
		live[i] = 1 // touched, so really allocated
	}
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < 2*int64(len(live)) {
		if time.Now().After(deadline) {
			t.Fatalf("memory limit %d after collections with %d bytes live, want at least twice that", debug.SetMemoryLimit(-1), len(live))
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)
}
