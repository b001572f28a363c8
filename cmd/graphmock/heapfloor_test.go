package main

import (
	"math"
	"os"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestGOGCForLeavesFloorBytesOfHeadroom(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name        string
		floor, live uint64
		base, want  int
	}{
		{"no collection yet", 64 * mib, 0, 100, 100},
		// Below 4 MiB live the runtime's minimum heap (4 MiB × GOGC/100) reaches live+floor first.
		{"a served scenario", 64 * mib, 2 * mib, 100, 1650},
		{"a grown store", 64 * mib, 32 * mib, 100, 200},
		{"a large live heap keeps Go's default", 64 * mib, 200 * mib, 100, 100},
		{"never below the process's GOGC", 64 * mib, 32 * mib, 300, 300},
		// debug.SetGCPercent takes an int32: an absurd -heap-floor must not wrap to a small or
		// negative GOGC (floor × 100 overflowed a uint64 from 1.8e17 bytes; the int32 from 90 TB).
		{"a floor of 1 PiB", 1 << 50, 2 * mib, 100, math.MaxInt32},
		{"a floor of 1e15 bytes", 1e15, 2 * mib, 100, math.MaxInt32},
		{"the largest -heap-floor", math.MaxInt64, 2 * mib, 100, math.MaxInt32},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := gogcFor(tc.floor, tc.live, tc.base); got != tc.want {
				t.Errorf("gogcFor(%d, %d, %d) = %d, want %d", tc.floor, tc.live, tc.base, got, tc.want)
			}
		})
	}
}

// gogc reads the GOGC in force from the runtime.
func gogc() int {
	s := []metrics.Sample{{Name: gogcMetric}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// TestHeapFloorRaisesGOGCAfterACollection starts the floor in this (small-heaped) test process:
// after a collection GOGC must be above the process's own, and stop must restore it.
func TestHeapFloorRaisesGOGCAfterACollection(t *testing.T) {
	base := gogc()
	stop := startHeapFloor(64<<20, func(string) string { return "" })
	deadline := time.Now().Add(10 * time.Second)
	for gogc() <= base && time.Now().Before(deadline) {
		runtime.GC() // the finalizer runs after the collection, on its own goroutine
		time.Sleep(10 * time.Millisecond)
	}
	raised := gogc()
	stop()
	if raised <= base {
		t.Fatalf("GOGC stayed %d after collections with a 64 MiB floor, want above %d", raised, base)
	}
	if got := gogc(); got != base {
		t.Errorf("GOGC after stop = %d, want the process's %d back", got, base)
	}
	runtime.GC() // a collection after stop must not raise it again
	time.Sleep(50 * time.Millisecond)
	if got := gogc(); got != base {
		t.Errorf("GOGC after stop and a collection = %d, want %d", got, base)
	}
}

func TestHeapFloorLeavesAnOperatorsGOGCAlone(t *testing.T) {
	base := gogc()
	for _, env := range []map[string]string{{"GOGC": "200"}, {}} {
		floor := uint64(64 << 20)
		if len(env) == 0 {
			floor = 0 // -heap-floor 0
		}
		stop := startHeapFloor(floor, func(k string) string { return env[k] })
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
		if got := gogc(); got != base {
			t.Errorf("env %v, floor %d: GOGC = %d, want %d untouched", env, floor, got, base)
		}
		stop()
	}
}

func TestTheFloorStaysWithinAQuarterOfAContainersMemory(t *testing.T) {
	files := func(v2, v1 string) func(string) ([]byte, error) {
		return func(name string) ([]byte, error) {
			switch {
			case name == cgroupV2MemoryMax && v2 != "":
				return []byte(v2), nil
			case name == cgroupV1MemoryMax && v1 != "":
				return []byte(v1), nil
			}
			return nil, os.ErrNotExist
		}
	}
	for _, tc := range []struct {
		name   string
		v2, v1 string
		limit  uint64
		floor  uint64
	}{
		{"no cgroup files", "", "", 0, 64 << 20},
		{"cgroup v2 without a limit", "max\n", "", 0, 64 << 20},
		{"cgroup v2, docker run --memory 128m", "134217728\n", "", 128 << 20, 32 << 20},
		{"cgroup v2, a limit the floor fits in", "4294967296\n", "", 4 << 30, 64 << 20},
		{"cgroup v1 without a limit", "", "9223372036854771712\n", 0, 64 << 20},
		{"cgroup v1, docker run --memory 64m", "", "67108864\n", 64 << 20, 16 << 20},
		{"an unreadable v2 value falls back to v1", "lots", "67108864", 64 << 20, 16 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			limit := containerMemoryLimit(files(tc.v2, tc.v1))
			if limit != tc.limit {
				t.Fatalf("containerMemoryLimit = %d, want %d", limit, tc.limit)
			}
			if got := floorWithin(64<<20, limit); got != tc.floor {
				t.Errorf("floorWithin(64 MiB, %d) = %d, want %d", limit, got, tc.floor)
			}
		})
	}
}

// TestHeapFloorFollowsTheLiveHeapEveryCycle checks the finalizer is re-armed: over several
// rounds, GOGC falls back to the process's own while 40 MiB is live (above an 8 MiB floor) and
// rises again once it is garbage, which only a check after every collection can see.
func TestHeapFloorFollowsTheLiveHeapEveryCycle(t *testing.T) {
	base := gogc()
	stop := startHeapFloor(8<<20, func(string) string { return "" })
	defer stop()
	until := func(what string, ok func(int) bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
			runtime.GC()
			time.Sleep(5 * time.Millisecond)
			if ok(gogc()) {
				return
			}
		}
		t.Fatalf("%s: GOGC stayed %d", what, gogc())
	}
	for round := range 3 {
		until("a small live heap", func(g int) bool { return g > base })
		live := make([][]byte, 40)
		for i := range live {
			live[i] = make([]byte, 1<<20)
		}
		until("40 MiB live", func(g int) bool { return g == base })
		runtime.KeepAlive(live)
		t.Logf("round %d: GOGC raised, back to %d with 40 MiB live", round, base)
	}
}
