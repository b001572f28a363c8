package mockserver_test

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// aliasBomb is a scenario with a "billion laughs" in an open-type property (an identity's user,
// which takes undeclared members): levels lists of fan aliases of the list before, down to fan
// copies of leaf.
func aliasBomb(levels, fan int, leaf string) string {
	var b strings.Builder
	b.WriteString("name: laughs\ncallRecords:\n  - id: r1\n    version: 1\n    type: peerToPeer\n    modalities: [audio]\n" +
		"    lastModifiedDateTime: 2026-11-20T10:16:00Z\n    startDateTime: 2026-11-20T10:00:00Z\n    endDateTime: 2026-11-20T10:15:00Z\n" +
		"    organizer_v2:\n      id: o\n      identity:\n        user:\n          id: u\n          l0: &a0 [")
	b.WriteString(strings.TrimSuffix(strings.Repeat(leaf+",", fan), ","))
	b.WriteString("]\n")
	for l := 1; l <= levels; l++ {
		fmt.Fprintf(&b, "          l%d: &a%d [%s]\n", l, l, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d,", l-1), fan), ","))
	}
	return b.String()
}

// TestAliasBombIsRefusedWhileDecoding is the regression test for YAML alias bombs sent to
// PUT /_mock/scenario: 1.4 KB loaded a 430 MB scenario in 5 s at 2.3 GB resident, and a variant
// over the old 512 MiB cap was refused only after 1.7 GB. The expansion is now counted as it is
// made, against a budget that grows with the file, so a bomb is refused after allocating a small
// bounded amount, and the memory is free again once it is refused. Not parallel: it reads the
// process's memory statistics.
func TestAliasBombIsRefusedWhileDecoding(t *testing.T) {
	s := newServer(t)
	for _, tc := range []struct {
		name      string
		levels    int
		fan       int
		leaf      string
		wantBytes int // the least the bomb stands for, in JSON
	}{
		{"430 MB of lists", 8, 7, "lolololo", 430 << 20},
		{"2 GB of lists", 9, 8, "lolololo", 2 << 30},
		{"empty lists", 10, 6, "[]", 160 << 20},
	} {
		body := aliasBomb(tc.levels, tc.fan, tc.leaf)
		if len(body) > 1500 {
			t.Fatalf("%s: the bomb is %d bytes, want about 1.4 KB", tc.name, len(body))
		}
		var before, peak, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		r := do(t, s, http.MethodPut, "/_mock/scenario", nil, strings.NewReader(body))
		took := time.Since(start)
		runtime.ReadMemStats(&peak)
		runtime.GC()
		runtime.ReadMemStats(&after)
		allocated := int64(peak.TotalAlloc - before.TotalAlloc)
		retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		t.Logf("%s: %d bytes of YAML (standing for over %d MiB of JSON): %d in %s, %d MiB allocated, heap %+d KiB after GC",
			tc.name, len(body), tc.wantBytes>>20, r.status, took.Round(time.Millisecond), allocated>>20, retained>>10)
		if r.status != http.StatusBadRequest || !strings.Contains(decodeError(t, r).Error.Message, "expands to more than") {
			t.Fatalf("%s: %d %.300s, want the 400 that says the aliases expand too far", tc.name, r.status, r.body)
		}
		if allocated > 128<<20 {
			t.Errorf("%s: refusing it allocated %d MiB; the budget is 16 MiB of JSON", tc.name, allocated>>20)
		}
		if retained > 8<<20 {
			t.Errorf("%s: %d MiB still held after the refusal", tc.name, retained>>20)
		}
	}
	if got := s.ScenarioInfo().Name; got != "basic" {
		t.Fatalf("a refused scenario replaced the loaded one: %q", got)
	}
	// Aliases that repeat a little, as scenario files do (an anchored userAgent used by every
	// session), still load; so does a small file that expands a lot, within its budget.
	for _, ok := range []string{aliasBomb(2, 10, "lol"), aliasBomb(3, 10, strings.Repeat("x", 1000))} {
		if err := mockserver.ValidateScenario("aliases.yaml", []byte(ok)); err != nil {
			t.Errorf("a scenario within its budget: %v", err)
		}
	}
}
