package explorer

import (
	"strconv"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/mockserver/internal/timechart"
)

// timelineView is a call record's timeline as the record page draws it: the laid-out chart and
// the sentences around it.
type timelineView struct {
	timechart.Chart
	// Caption says what the chart shows; Note what it leaves out.
	Caption string
	Note    string
	// Legend says which marks the chart uses.
	Failed, Poor bool
	// Available: the availableAfter line is drawn; Notified: at least one notification mark.
	Available, Notified bool
}

// newTimeline lays out the lanes of the page's sessions on the record's own times (or, without
// them, the span of those sessions), widened to take in when the record became available and
// the notifications about it (notes, from recordNotifications).
func newTimeline(row factRow, rec Record, scan recordScan, pg pager, notes []timechart.Event) *timelineView {
	start, end := parseTime(row.Start.Exact), parseTime(row.End.Exact)
	var events []timechart.Event
	for _, n := range notes {
		if !start.IsZero() && n.At.Before(start) {
			start = n.At
		}
		if n.At.After(end) {
			end = n.At
		}
	}
	if at := rec.Available; !at.IsZero() {
		label := "available at " + clock(at)
		if rec.AvailableAfter != "" {
			label += " (availableAfter " + rec.AvailableAfter + ")"
		}
		events = append(events, timechart.Event{At: at, Label: label, Kind: "available"})
		if at.After(end) {
			end = at
		}
	}
	for _, l := range scan.Lanes {
		s := l.Session
		if s.Start.IsZero() {
			continue
		}
		if start.IsZero() || s.Start.Before(start) {
			start = s.Start
		}
		if s.End.After(end) {
			end = s.End
		}
	}
	if len(scan.Lanes) == 0 || start.IsZero() {
		return nil
	}
	v := &timelineView{Chart: timechart.Layout(start, end, scan.Lanes, append(events, notes...)), Available: len(events) > 0, Notified: len(notes) > 0}
	for i := range v.Lanes {
		l := &v.Lanes[i]
		l.Label = shorten(l.Label, 34)
		if r := l.SessionRect; r != nil {
			v.Failed = v.Failed || r.Failed
		}
		for j := range l.Runs {
			r := &l.Runs[j]
			v.Poor = v.Poor || r.Poor
			v.Failed = v.Failed || r.Failed
			if r.Count > 1 {
				r.Title = strconv.Itoa(r.Count) + " segments from " + clock(r.Start) + " to " + clock(r.Finish)
				if r.Poor {
					r.Title += ", each with a poor stream"
				}
			}
		}
	}
	v.Caption = plural(len(scan.Lanes), "session") + " from " + clock(start) + " to " + clock(end) + " UTC (" + v.Span.Round(time.Second).String() + ")"
	if pg.Pages > 1 {
		v.Caption = "Sessions " + strconv.Itoa(pg.First) + "–" + strconv.Itoa(pg.Last) + " of " + strconv.Itoa(pg.Total) +
			", on the call's time axis from " + clock(start) + " to " + clock(end) + " UTC (" + v.Span.Round(time.Second).String() + ")"
		v.Note = "Each page of the sessions table draws its own sessions on the same axis."
	}
	return v
}

// recordNotifications is a mark for each change notification delivery attempt about record rid
// in the delivery log (none without a NotificationSource), saying its changeType and outcome, so
// the timeline shows when a consumer was told about the record next to when it became available.
func (ui *Explorer) recordNotifications(rid string) []timechart.Event {
	src := ui.cfg.Notifications
	if src == nil {
		return nil
	}
	var out []timechart.Event
	for _, a := range src.Attempts(notify.Filter{Kind: notify.KindNotification}) {
		if a.Resource != "communications/callRecords/"+rid {
			continue
		}
		label := a.ChangeType + " notification " + string(a.Outcome) + " at " + clock(a.Time) + " (attempt " + strconv.Itoa(a.Attempt)
		if a.Status != 0 {
			label += ", HTTP " + strconv.Itoa(a.Status)
		}
		kind := "notification"
		if a.Outcome != notify.Delivered {
			kind += " failed"
		}
		out = append(out, timechart.Event{At: a.Time, Label: label + ")", Kind: kind})
	}
	return out
}

// clock is a time of day, to the second.
func clock(t time.Time) string { return t.UTC().Format("15:04:05") }

// shorten cuts s to n characters, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
