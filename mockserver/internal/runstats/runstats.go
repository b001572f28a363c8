// Package runstats reads the process's cumulative allocation, garbage-collection and CPU
// counters from runtime/metrics, for the admin API's GET /_mock/metrics: a load test reads them
// before and after a run and divides the differences by the requests the server answered, to
// see allocations and bytes allocated per request and the share of CPU the collector took,
// without a profiler and without stopping the server.
package runstats

import "runtime/metrics"

// Names are the runtime/metrics counters Read reports, all cumulative since the process started
// (or, for gomaxprocs and the live heap, current):
//
//   - /gc/heap/allocs:objects and /gc/heap/allocs:bytes: heap allocations; the tiny ones
//     (under 16 bytes, without pointers) are counted by the block they share, and
//     /gc/heap/tiny/allocs:objects counts them one by one (go test -benchmem adds the two);
//   - /gc/cycles/total:gc-cycles: completed collections;
//   - /cpu/classes/gc/total:cpu-seconds, /cpu/classes/idle:cpu-seconds and
//     /cpu/classes/total:cpu-seconds: the runtime's estimates of CPU time spent collecting,
//     left idle, and available (GOMAXPROCS times the time the process has run), updated when a
//     collection ends; the collector's share of the CPU the process used is
//     gc / (total - idle);
//   - /gc/heap/live:bytes and /sched/gomaxprocs:threads.
func Names() []string {
	return []string{
		"/gc/heap/allocs:objects",
		"/gc/heap/allocs:bytes",
		"/gc/heap/tiny/allocs:objects",
		"/gc/cycles/total:gc-cycles",
		"/cpu/classes/gc/total:cpu-seconds",
		"/cpu/classes/idle:cpu-seconds",
		"/cpu/classes/total:cpu-seconds",
		"/gc/heap/live:bytes",
		"/sched/gomaxprocs:threads",
	}
}

// Report is what GET /_mock/metrics answers: the Graph requests the server has answered and the
// process's counters (Read), so a reader can divide the differences between two reports.
type Report struct {
	GraphRequests uint64         `json:"graphRequests"`
	Runtime       map[string]any `json:"runtime"`
}

// NewReport reads the counters now, beside the server's count of Graph requests.
func NewReport(graphRequests uint64) Report {
	return Report{GraphRequests: graphRequests, Runtime: Read()}
}

// Read returns the counters of Names now, by name: uint64 counts and float64 seconds. A name
// the running Go does not know is left out.
func Read() map[string]any {
	names := Names()
	samples := make([]metrics.Sample, len(names))
	for i, n := range names {
		samples[i].Name = n
	}
	metrics.Read(samples)
	out := make(map[string]any, len(samples))
	for _, s := range samples {
		switch s.Value.Kind() {
		case metrics.KindUint64:
			out[s.Name] = s.Value.Uint64()
		case metrics.KindFloat64:
			out[s.Name] = s.Value.Float64()
		}
	}
	return out
}
