package snapshot

import (
	"testing"
	"unsafe"

	"github.com/graphmock/graphmock/scenarios"
)

// BenchmarkDecodeSnapshot decodes the embedded default snapshot: what every process pays, once,
// before its first request (its page faults aside: a benchmark's later iterations find the
// snapshot's pages mapped). Compare allocs/op and ns/op across changes in one run.
func BenchmarkDecodeSnapshot(b *testing.B) {
	data, ok := scenarios.Snapshot("default")
	if !ok {
		b.Fatal("no default snapshot")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(unsafe.Slice(unsafe.StringData(data), len(data))); err != nil {
			b.Fatal(err)
		}
	}
}
