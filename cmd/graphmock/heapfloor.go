package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
)

// defaultHeapFloor is -heap-floor's default: while the live heap is small, the heap may grow by
// 64 MiB of garbage before a collection. A served scenario keeps a few megabytes live, so Go's
// default (collect when the heap doubles, and at 4 MiB at the least) collected every 970 GETs
// (gctrace, pinned, 64 connections); on the one core of a CI sidecar each cycle's marking and sweeping lands in requests'
// latency. Measured pinned (issue 12): 5% less CPU per GET and a 15% lower p99 at 64
// connections, for up to 64 MiB more resident memory under load.
const defaultHeapFloor = 64 << 20

// The runtime's figures heapFloor reads: the heap the last collection found live (the base of
// the next heap goal) and the GOGC in force.
const (
	heapLiveMetric = "/gc/heap/live:bytes"
	gogcMetric     = "/gc/gogc:percent"
)

// heapMinimum is the runtime's smallest heap goal at GOGC=100; it scales with GOGC.
const heapMinimum = 4 << 20

// heapFloor raises GOGC while the live heap is small, so the heap may grow by at least floor
// bytes between collections, and lowers it back to the process's own GOGC as the live heap grows
// (a scenario of a million segments, a long write load): there Go's default already collects
// rarely, and more headroom would only cost memory. It re-reads the live heap after every
// collection (a finalizer re-armed each cycle) and changes GOGC only when its target moves by
// more than an eighth, since SetGCPercent recomputes the pacer.
type heapFloor struct {
	floor   uint64
	base    int // the GOGC the process started with, restored by stop
	mu      sync.Mutex
	set     int  // the GOGC last set
	done    bool // stop was called: the next cycle's finalizer is not re-armed
	samples []metrics.Sample
}

// startHeapFloor starts keeping floor bytes of headroom in the heap and returns stop, which
// restores the GOGC the process had. A floor of 0, or GOGC set in the environment (the operator
// tuned the collector), leaves the collector alone.
func startHeapFloor(floor uint64, getenv func(string) string) (stop func()) {
	if floor == 0 || getenv("GOGC") != "" {
		return func() {}
	}
	h := &heapFloor{floor: floor, samples: []metrics.Sample{{Name: heapLiveMetric}, {Name: gogcMetric}}}
	metrics.Read(h.samples)
	h.base = int(h.samples[1].Value.Uint64())
	if h.base <= 0 {
		return func() {}
	}
	h.set = h.base
	// A cycle sentinel: unreachable from the start, so every collection finds it and queues its
	// finalizer, which re-arms it. It holds a pointer so the tiny allocator, whose objects may
	// never be finalized, does not take it.
	type sentinel struct{ _ *heapFloor }
	var onCycle func(*sentinel)
	onCycle = func(s *sentinel) {
		if h.adjust() {
			runtime.SetFinalizer(s, onCycle)
		}
	}
	runtime.SetFinalizer(&sentinel{}, onCycle)
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.done = true
		debug.SetGCPercent(h.base)
		h.set = h.base
	}
}

// adjust sets GOGC for the live heap the last collection found and reports whether the floor is
// still running.
func (h *heapFloor) adjust() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.done {
		return false
	}
	metrics.Read(h.samples)
	want := gogcFor(h.floor, h.samples[0].Value.Uint64(), h.base)
	if d := want - h.set; d != 0 && (want == h.base || d > h.set/8 || -d > h.set/8) {
		debug.SetGCPercent(want)
		h.set = want
	}
	return true
}

// gogcFor is the smallest GOGC at which a heap of live bytes may grow by floor before the next
// collection, never below base. The runtime's heap goal is the larger of live × (1 + GOGC/100)
// and heapMinimum × GOGC/100, so either term may reach live + floor first. Before the first
// collection (live 0) it is base: the runtime starts from heapMinimum.
func gogcFor(floor, live uint64, base int) int {
	if live == 0 {
		return base
	}
	floor = min(floor, maxFloor)
	byLive := floor * 100 / live
	byMinimum := (live + floor) * 100 / heapMinimum
	return min(max(int(min(byLive, byMinimum)), base), maxGOGC)
}

// Bounds on gogcFor's arithmetic: a floor above maxFloor (1 PiB) is "never collect" all the same,
// and keeps floor × 100 within a uint64; debug.SetGCPercent converts its argument to an int32, so
// a larger GOGC would wrap, to a small value or to a negative one (the collector off).
const (
	maxFloor = 1 << 50
	maxGOGC  = math.MaxInt32
)

// Where a container's memory limit is read: cgroup v2's file, then v1's.
const (
	cgroupV2MemoryMax = "/sys/fs/cgroup/memory.max"
	cgroupV1MemoryMax = "/sys/fs/cgroup/memory/memory.limit_in_bytes"
)

// containerMemoryLimit is the memory limit of the cgroup the process runs in (a container's
// --memory), or 0 when there is none or it cannot be read. cgroup v2 says "max" for none; v1
// gives a page-rounded MaxInt64.
func containerMemoryLimit(readFile func(string) ([]byte, error)) uint64 {
	for _, name := range []string{cgroupV2MemoryMax, cgroupV1MemoryMax} {
		b, err := readFile(name)
		if err != nil {
			continue
		}
		s := strings.TrimSpace(string(b))
		if s == "max" {
			return 0
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n == 0 {
			continue
		}
		if n >= 1<<60 {
			return 0
		}
		return n
	}
	return 0
}

// floorWithin caps a heap floor at a quarter of a container's memory limit (0: no limit), so
// the headroom it buys never takes a small sidecar (docker run --memory 128m) towards its
// out-of-memory kill.
func floorWithin(floor, limit uint64) uint64 {
	if limit == 0 {
		return floor
	}
	return min(floor, limit/4)
}
