package timechart

import (
	"testing"
	"time"
)

func TestLayout(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	end := start.Add(17*time.Minute + 44*time.Second)
	at := func(d time.Duration) time.Time { return start.Add(d) }
	lanes := []Lane{
		{Label: "Alice", Session: Bar{Start: start, End: end}, Segments: []Bar{{Start: start, End: at(5 * time.Minute)}, {Start: at(5 * time.Minute), End: end, Poor: true}}},
		{Label: "failed dial-out", Session: Bar{Start: at(time.Minute), End: at(time.Minute), Failed: true}},
		{Label: "no times"},
		{Label: "before and after", Session: Bar{Start: start.Add(-time.Hour), End: end.Add(time.Hour)}},
	}
	c := Layout(start, end, lanes, []Event{{At: end.Add(10 * time.Minute), Label: "available", Kind: "available"}})
	if c.Height != Top+4*LaneHeight+Bottom || c.Width != Width {
		t.Errorf("chart %d×%d", c.Width, c.Height)
	}
	alice := c.Lanes[0]
	if r := alice.SessionRect; r == nil || r.X != PlotLeft || r.X+r.W != PlotRight {
		t.Errorf("Alice's session %+v spans the plot", r)
	}
	if len(alice.Runs) != 2 || alice.Runs[0].Poor || !alice.Runs[1].Poor {
		t.Errorf("Alice's runs %+v", alice.Runs)
	}
	if r := c.Lanes[1].SessionRect; r == nil || r.W != minRun || !r.Failed {
		t.Errorf("a zero-length failed session %+v is a narrow failed bar", r)
	}
	if c.Lanes[2].SessionRect != nil {
		t.Errorf("a session without times has a bar")
	}
	if r := c.Lanes[3].SessionRect; r.X != PlotLeft || r.X+r.W != PlotRight {
		t.Errorf("a session past the axis is not clamped: %+v", r)
	}
	if e := c.Events[0]; e.X != PlotRight {
		t.Errorf("an event after the axis is at %v, want the right edge", e.X)
	}
	if n := len(c.Ticks); n < 3 || n > maxTicks {
		t.Errorf("%d ticks: %+v", n, c.Ticks)
	}
	if c.Ticks[0].Label != "09:16" {
		t.Errorf("first tick %q, want 09:16 (every two minutes on a 17-minute axis)", c.Ticks[0].Label)
	}
}

// TestRunsMergeNarrowSegments lays out 10,000 one-second segments of a six-hour session: they
// merge into runs, at most one a pixel column, and every segment is counted once.
func TestRunsMergeNarrowSegments(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var segs []Bar
	for i := range 10000 {
		s := start.Add(time.Duration(i) * 2 * time.Second)
		segs = append(segs, Bar{Start: s, End: s.Add(time.Second), Poor: i%1000 == 999})
	}
	end := start.Add(20000 * time.Second)
	c := Layout(start, end, []Lane{{Session: Bar{Start: start, End: end}, Segments: segs}}, nil)
	runs := c.Lanes[0].Runs
	if len(runs) > PlotRight-PlotLeft {
		t.Errorf("%d runs for %d pixel columns", len(runs), PlotRight-PlotLeft)
	}
	total, poor := 0, 0
	for _, r := range runs {
		total += r.Count
		if r.Poor {
			poor += r.Count
		}
	}
	if total != 10000 || poor != 10 {
		t.Errorf("runs count %d segments (%d poor), want 10000 (10)", total, poor)
	}
}

func TestTicks(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 20, 23, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		span  time.Duration
		first string
	}{
		{3 * time.Second, "23:00:00"},
		{45 * time.Second, "23:00:00"},
		{6 * time.Hour, "Nov 20 23:00"},
		{40 * 24 * time.Hour, "Nov 23"},
	} {
		x := func(time.Time) float64 { return 0 }
		got := ticks(start, start.Add(tt.span), x)
		if len(got) == 0 || len(got) > maxTicks+1 || got[0].Label != tt.first {
			t.Errorf("span %s: ticks %+v, want the first %q", tt.span, got, tt.first)
		}
	}
	// An empty axis still draws.
	c := Layout(start, start, nil, nil)
	if c.Span != time.Second || len(c.Ticks) == 0 {
		t.Errorf("empty axis: %+v", c)
	}
}
