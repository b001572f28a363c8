package explorer

import (
	"strconv"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/quality"
	"github.com/graphmock/graphmock/mockserver/internal/timechart"
)

// The record and session pages judge every segment under them (a session is poor when any of
// its streams is; a record counts its poor streams), and the record page draws the sessions of
// the page it shows on the record's time axis. Both read the collections in chunks of summaryChunk, so a 10,000-segment session
// is never one large copy.

// judgeLimit is how many segments one page judges: a page costs at most this many segments'
// media parses, whatever the size of the session or record. Past it, the page's counts cover
// the segments judged, and say so.
const judgeLimit = 1000

// judge counts down the segments a page may still judge.
type judge struct {
	left    int
	partial bool // a segment went unjudged
}

// take reports whether one more segment may be judged.
func (j *judge) take() bool {
	if j.left <= 0 {
		j.partial = true
		return false
	}
	j.left--
	return true
}

// recordScan is what the record page learns from reading all its sessions and segments.
type recordScan struct {
	Tally        quality.Tally
	PoorSessions int
	Lanes        []timechart.Lane
	Sessions     int // sessions read
	// PerSession is each session's quality, by id.
	PerSession map[string]qualityLine
	// Partial says some segments were not judged (judgeLimit).
	Partial bool
}

// sessionScan is a session's quality: its streams by class, and which segments are poor.
type sessionScan struct {
	Tally        quality.Tally
	PoorSegments int
	Partial      bool // some segments were not judged (judgeLimit)
	// bars are the session's segments for a timeline lane, when asked for.
	bars []timechart.Bar
}

// scanRecord reads every session of a record and their segments, and makes a timeline lane of
// each session drawn names (the sessions of the page shown).
func (ui *Explorer) scanRecord(rid string, drawn map[string]bool) recordScan {
	src := ui.cfg.Source
	out := recordScan{PerSession: map[string]qualityLine{}}
	j := &judge{left: judgeLimit}
	defer func() { out.Partial = j.partial }()
	for skip := 0; ; {
		p, err := src.Sessions(rid, skip, summaryChunk)
		if err != nil {
			break
		}
		for _, ses := range p.Items {
			sid, _ := ses.GetString("id")
			sc := ui.scanSession(rid, sid, drawn[sid], j)
			out.Sessions++
			if !sc.Partial {
				out.PerSession[sid] = sc.line()
			}
			out.Tally.Streams += sc.Tally.Streams
			out.Tally.Poor += sc.Tally.Poor
			out.Tally.Unclassified += sc.Tally.Unclassified
			if sc.Tally.Poor > 0 {
				out.PoorSessions++
			}
			if drawn[sid] {
				out.Lanes = append(out.Lanes, sessionLane(rid, ses, sc))
			}
		}
		skip += len(p.Items)
		if len(p.Items) < summaryChunk || skip >= p.Total {
			break
		}
	}
	return out
}

// scanSession judges the segments of a session while j allows, keeping every segment's bar when
// bars is set.
func (ui *Explorer) scanSession(rid, sid string, bars bool, j *judge) sessionScan {
	var out sessionScan
	for skip := 0; ; {
		p, err := ui.cfg.Source.Segments(rid, sid, skip, summaryChunk)
		if err != nil {
			return out
		}
		for _, obj := range p.Items {
			var t quality.Tally
			if !j.take() {
				out.Partial = true
				if bars {
					out.bars = append(out.bars, segmentBar(obj, t))
				}
				continue
			}
			media, _ := quality.ParseMedia(obj.Get("media"))
			t.Add(media)
			out.Tally.Streams += t.Streams
			out.Tally.Poor += t.Poor
			out.Tally.Unclassified += t.Unclassified
			if t.Poor > 0 {
				out.PoorSegments++
			}
			if bars {
				out.bars = append(out.bars, segmentBar(obj, t))
			}
		}
		skip += len(p.Items)
		if len(p.Items) < summaryChunk || skip >= p.Total {
			return out
		}
	}
}

// sessionLane is a session's lane: who (the caller, or the callee when the caller is a
// service), its bar and its segments'.
func sessionLane(rid string, ses jsondoc.Object, sc sessionScan) timechart.Lane {
	sid, _ := ses.GetString("id")
	row := commonFacts(ses)
	who, other := row.Caller, row.Callee
	if who.Name == "" || who.Name == "service" {
		who, other = other, who
	}
	label := who.Name
	if label == "" {
		label = sid
	}
	title := "Session " + sid + ": " + label
	if other.Name != "" {
		title += " with " + other.Name
	}
	title += ", " + row.Start.Short + " to " + row.Ends
	if row.Duration != "" {
		title += " (" + row.Duration + ")"
	}
	if row.Failure != "" {
		title += "; failed: " + row.Failure
	}
	if sc.PoorSegments > 0 {
		title += "; " + plural(sc.PoorSegments, "poor segment")
	}
	return timechart.Lane{
		Label: label, Detail: who.Detail, URL: uiSessionURL(rid, sid),
		Session:  timechart.Bar{Start: parseTime(row.Start.Exact), End: parseTime(row.End.Exact), Title: title, Failed: row.Failure != "", Poor: sc.PoorSegments > 0},
		Segments: sc.bars,
	}
}

// segmentBar is a segment on its session's lane.
func segmentBar(obj jsondoc.Object, t quality.Tally) timechart.Bar {
	gid, _ := obj.GetString("id")
	start, _ := obj.GetString("startDateTime")
	end, _ := obj.GetString("endDateTime")
	fail := ""
	if raw := obj.Get("failureInfo"); len(raw) > 0 && string(raw) != "null" {
		fail = failure(raw)
	}
	title := "Segment " + gid + ", " + newTimeCell(start).Short + " to " + newTimeCell(end).Short
	if fail != "" {
		title += "; failed: " + fail
	}
	if t.Poor > 0 {
		title += "; " + plural(t.Poor, "poor stream")
	}
	return timechart.Bar{Start: parseTime(start), End: parseTime(end), Title: title, Failed: fail != "", Poor: t.Poor > 0}
}

// parseTime reads a Graph date-time; the zero time when it is missing or malformed.
func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// plural is "1 poor stream" or "3 poor streams".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
