package runstats

import (
	"runtime"
	"testing"
)

func TestReadReportsEveryCounterAndTheyGrow(t *testing.T) {
	before := Read()
	sink := make([][]byte, 0, 1000)
	for range 1000 {
		sink = append(sink, make([]byte, 1024))
	}
	runtime.KeepAlive(sink)
	after := Read()
	for _, name := range Names() {
		if _, ok := after[name]; !ok {
			t.Errorf("%s missing from %v", name, after)
		}
	}
	cases := []string{"/gc/heap/allocs:objects", "/gc/heap/allocs:bytes"}
	for _, name := range cases {
		if after[name].(uint64) <= before[name].(uint64) {
			t.Errorf("%s did not grow after 1000 allocations: %v -> %v", name, before[name], after[name])
		}
	}
	if n := after["/sched/gomaxprocs:threads"].(uint64); n < 1 {
		t.Errorf("gomaxprocs = %d", n)
	}
	if s := after["/cpu/classes/total:cpu-seconds"].(float64); s < 0 {
		t.Errorf("total CPU seconds = %v", s)
	}
}
