package snapshot

import (
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/scenarios"
)

// FuzzDecodeSnapshot: whatever the bytes, Decode returns a scenario or an error and never
// panics, and a scenario it returns reads back whole (every deferred entity scanned, the reports'
// rows too) and exports.
func FuzzDecodeSnapshot(f *testing.F) {
	small, _ := scenarios.Snapshot("small")
	f.Add([]byte(small))
	h := header + "\n"
	for _, s := range []string{
		h + "R {\"id\":\"r\"}\nU u1 \"u 2\"\nP 2 \"\" - -\nS+ 12 \"s\\\"1\" - -\nG 3 g 2026-11-20T09:00:00Z -\nC 4\nD 2\nB\n{}\n{\"a\":[true]}\nxyz\n{\"\"}\n{}\n",
		h + "I {\"name\":\"x\",\"segments\":1}\nT {\"clock\":\"2026-11-28T11:00:00Z\",\"retention\":\"30d\"}\nF {}\nR {\"id\":\"r\"}\nA {\"available\":\"5m\",\"from\":\"2026-11-28T11:00:00Z\"}\nO null\nU\nB\n",
		h + "R {\"id\":\"r\"}\nS 2 \"s - -\nB\n{}\n",
		h + "C 99\nB\n{}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Decode(data)
		if err != nil {
			return
		}
		recs := l.Store.Snapshot()
		for _, k := range reports.Kinds() {
			_ = l.Reports.ByStart(k)
		}
		if _, err := scenario.Export(scenario.Header{Name: l.Info.Name}, recs, l.Reports, nil); err != nil {
			t.Logf("export: %v", err) // a damaged entity may not export; it must not panic
		}
	})
}
