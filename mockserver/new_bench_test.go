package mockserver_test

import (
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// BenchmarkNew measures what a test pays for a server of its own. The schemas and the embedded
// scenarios are built once per process and shared, so every New after the first clones state.
// The first New of a process (schema compile + scenario parse) is what
//
//	go test ./mockserver -run '^$' -bench '^BenchmarkNew$/default' -benchtime 1x
//
// reports, since that process builds nothing before it.
func BenchmarkNew(b *testing.B) {
	for _, name := range []string{"default", "small", "empty"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				s, err := mockserver.New(mockserver.WithScenarioName(name))
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}
