// Package timechart lays out a call record on a time axis for the explorer's server-rendered SVG:
// one lane a session (who joined when, and for how long), its segments inside it, failures and
// poor segments marked, and point events (such as when the record became available, or when a
// notification went out) on the same axis. It computes coordinates only; the explorer draws them.
//
// A chart costs at most one rectangle a pixel column per lane, however many segments a session
// has: segments too narrow to tell apart are merged into one run.
package timechart

import (
	"time"
)

// Geometry of a chart, in SVG user units (pixels at 100%): wide enough for an hour to the
// minute on a 1280-pixel window, with room on the left for a person's name.
const (
	// Width is the whole chart.
	Width = 1200
	// LabelWidth is the column of lane labels on the left, right-aligned at its edge.
	LabelWidth = 240
	// PlotLeft and PlotRight bound the time axis.
	PlotLeft  = LabelWidth + 8
	PlotRight = Width - 16
	// LaneHeight is one session's row; BarHeight its bar within it.
	LaneHeight = 18
	BarHeight  = 12
	// Top leaves room for the tick labels, Bottom for the events' labels.
	Top    = 30
	Bottom = 26
	// minRun is the narrowest a bar is drawn, so that a one-second segment of a six-hour call
	// still shows.
	minRun = 2.0
)

// Bar is something that lasted: a session or a segment.
type Bar struct {
	Start, End time.Time
	// Title is the bar's tooltip: what it is and when.
	Title string
	// Failed and Poor mark a failure (failureInfo) and a poor stream (CQD's classification).
	Failed, Poor bool
}

// Lane is one session: its label (who), a link to its page, its own bar and its segments.
type Lane struct {
	Label, Detail string
	URL           string
	Session       Bar
	Segments      []Bar
}

// Event is a point on the axis: availableAfter, a notification sent.
type Event struct {
	At    time.Time
	Label string
	Kind  string // a CSS class suffix: "available", "notification"
}

// Chart is a laid-out timeline.
type Chart struct {
	Width, Height int
	PlotLeft      int
	PlotRight     int
	PlotBottom    int
	Ticks         []Tick
	Lanes         []DrawnLane
	Events        []DrawnEvent
	// Span is the axis's length, for the caption ("17m45s").
	Span time.Duration
}

// Tick is a gridline with its label.
type Tick struct {
	X     float64
	Label string
}

// DrawnLane is a lane's place: Y is the top of its row, TextY its label's baseline.
type DrawnLane struct {
	Lane
	Y, TextY, BarY float64
	SessionRect    *Rect // nil when the session has no valid times
	Runs           []Rect
}

// Rect is one drawn bar or run of merged segments.
type Rect struct {
	X, W          float64
	Title         string
	Failed, Poor  bool
	Count         int // segments merged into it (1 for a single segment)
	Start, Finish time.Time
}

// DrawnEvent is an event's place on the axis.
type DrawnEvent struct {
	Event
	X float64
}

// Layout places lanes and events on an axis from start to end (the call record's times). Bars
// and events outside the axis are clamped to it; a bar that ends before it starts is drawn as a
// point at its start; a session without times has no bar.
func Layout(start, end time.Time, lanes []Lane, events []Event) Chart {
	if !end.After(start) {
		end = start.Add(time.Second)
	}
	span := end.Sub(start)
	plot := float64(PlotRight - PlotLeft)
	x := func(t time.Time) float64 {
		f := float64(t.Sub(start)) / float64(span)
		return PlotLeft + plot*min(max(f, 0), 1)
	}
	c := Chart{Width: Width, PlotLeft: PlotLeft, PlotRight: PlotRight, Span: span}
	c.PlotBottom = Top + len(lanes)*LaneHeight
	c.Height = c.PlotBottom + Bottom
	c.Ticks = ticks(start, end, x)
	for i, l := range lanes {
		y := float64(Top + i*LaneHeight)
		d := DrawnLane{Lane: l, Y: y, TextY: y + LaneHeight - 5, BarY: y + (LaneHeight-BarHeight)/2}
		if !l.Session.Start.IsZero() {
			r := rect(x, l.Session)
			d.SessionRect = &r
		}
		d.Runs = runs(x, l.Segments)
		d.Lane.Segments = nil // drawn as runs
		c.Lanes = append(c.Lanes, d)
	}
	for _, e := range events {
		c.Events = append(c.Events, DrawnEvent{Event: e, X: x(e.At)})
	}
	return c
}

// rect places one bar, at least minRun wide.
func rect(x func(time.Time) float64, b Bar) Rect {
	end := b.End
	if end.Before(b.Start) {
		end = b.Start
	}
	x0, x1 := x(b.Start), x(end)
	w := max(x1-x0, minRun)
	if x0+w > PlotRight {
		x0 = PlotRight - w
	}
	return Rect{X: x0, W: w, Title: b.Title, Failed: b.Failed, Poor: b.Poor, Count: 1, Start: b.Start, Finish: end}
}

// runs places a lane's segments, merging each into the run before it when they touch within a
// pixel and are marked alike, so a lane has at most one rectangle a pixel column and mark.
func runs(x func(time.Time) float64, bars []Bar) []Rect {
	var out []Rect
	for _, b := range bars {
		if b.Start.IsZero() {
			continue
		}
		r := rect(x, b)
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.Failed == r.Failed && last.Poor == r.Poor && r.X <= last.X+last.W+1 && r.X >= last.X-1 {
				last.W = max(last.X+last.W, r.X+r.W) - last.X
				last.Count++
				if r.Finish.After(last.Finish) {
					last.Finish = r.Finish
				}
				continue
			}
		}
		out = append(out, r)
	}
	return out
}
