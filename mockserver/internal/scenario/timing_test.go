package scenario

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/store"
)

func TestTimelineKeysLoad(t *testing.T) {
	t.Parallel()
	l, err := Load("t.yaml", readFixture(t, "timeline"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Clock.Equal(time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC)) || l.Retention != "30d" {
		t.Fatalf("clock %v, retention %q", l.Clock, l.Retention)
	}
	want := []store.Timing{
		{Available: "25m", From: time.Date(2026, 11, 28, 10, 55, 0, 0, time.UTC)},
		{Available: "2026-11-28T12:30:00Z", From: time.Date(2026, 11, 28, 12, 30, 0, 0, time.UTC)},
		{},
	}
	for i, rd := range l.Store.Snapshot() {
		if rd.Timing != want[i] || strings.Contains(string(rd.Obj.Raw), "availableAfter") {
			t.Errorf("record %d: timing %+v, JSON %s", i, rd.Timing, rd.Obj.Raw)
		}
	}
	// An export keeps them (and a snapshot: see the snapshot package).
	out, err := Export(Header{Name: "timeline", Clock: l.Clock, Retention: l.Retention}, l.Store.Snapshot(), l.Reports, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`clock: "2026-11-28T11:00:00Z"`, "retention: 30d", "availableAfter: 25m", `availableAfter: "2026-11-28T12:30:00Z"`} {
		if !strings.Contains(string(out), w) {
			t.Errorf("export lacks %q:\n%s", w, out)
		}
	}
	again, err := Load("export.yaml", out, nil, nil)
	if err != nil || fmt.Sprint(again.Store.Snapshot()) != fmt.Sprint(l.Store.Snapshot()) || !again.Clock.Equal(l.Clock) || again.Retention != l.Retention {
		t.Fatalf("export round trip: %v\n%s", err, out)
	}
}

func TestTimelineKeyProblems(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ yaml, want string }{
		{"clock: soon\ncallRecords: []", `s.yaml:1: /clock: clock "soon" is not a date-time`},
		{"clock: [1]\ncallRecords: []", "s.yaml:1: /clock: must be a date-time or a length of time, found a list"},
		{"retention: 0s\ncallRecords: []", `s.yaml:1: /retention: retention: "0s" keeps nothing`},
		{"retention: -1h\ncallRecords: []", `s.yaml:1: /retention: retention: "-1h" is not a length of time`},
		{"retention: 3x\ncallRecords: []", `s.yaml:1: /retention: retention: "3x" is not a length of time`},
		{"callRecords:\n  - id: r\n    availableAfter: 25m", `s.yaml:3: /callRecords/0/availableAfter: availableAfter "25m" counts from the record's endDateTime`},
		{"callRecords:\n  - id: r\n    availableAfter: later", `s.yaml:3: /callRecords/0/availableAfter: availableAfter "later" is neither`},
		{"callRecords:\n  - id: r\n    availableAfter: null", `s.yaml:3: /callRecords/0/availableAfter: must be a date-time or a length of time, found null`},
	} {
		got := problems(t, c.yaml, nil, nil)
		if len(got) == 0 || !strings.Contains(got[0], c.want) {
			t.Errorf("%q: problems %q, want %q", c.yaml, got, c.want)
		}
	}
}

func TestParseSpan(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"25m": 25 * time.Minute, "30d": 30 * 24 * time.Hour, "1d12h": 36 * time.Hour, "90s": 90 * time.Second, "0s": 0} {
		if got, err := ParseSpan(in); err != nil || got != want {
			t.Errorf("ParseSpan(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "d", "1d-1h", "-5m", "x", "1.5d", "999999999d"} {
		if _, err := ParseSpan(in); err == nil {
			t.Errorf("ParseSpan(%q) accepted", in)
		}
	}
}
