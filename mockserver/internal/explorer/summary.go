package explorer

import "github.com/graphmock/graphmock/mockserver/internal/jsondoc"

// A row of the record or session table shows how many sessions, segments and participants sit
// under it. Source gives only the plain paged reads; the counts are worked out here from their
// totals, without copying any segment.

// recordSummary is a call record and the sizes of its collections.
type recordSummary struct {
	Record
	sessions     int
	segments     int
	participants int
}

// sessionSummary is a session's JSON and how many segments it has.
type sessionSummary struct {
	obj      jsondoc.Object
	segments int
}

// summaryChunk is how many sessions one read takes while counting a record's segments, so a
// record with thousands of sessions is counted without one large copy.
const summaryChunk = 500

// summarizeRecord counts a call record's sessions, participants and segments. The counts come
// from several reads, so a write in between can make them disagree by that write; a record
// deleted meanwhile counts zero.
func (ui *Explorer) summarizeRecord(rec Record) recordSummary {
	src := ui.cfg.Source
	sum := recordSummary{Record: rec}
	id, _ := rec.JSON.GetString("id")
	if p, err := src.Participants(id, 0, 0); err == nil {
		sum.participants = p.Total
	}
	for skip := 0; ; {
		p, err := src.Sessions(id, skip, summaryChunk)
		if err != nil {
			return sum
		}
		sum.sessions = p.Total
		for _, ses := range p.Items {
			sid, _ := ses.GetString("id")
			if g, err := src.Segments(id, sid, 0, 0); err == nil {
				sum.segments += g.Total
			}
		}
		skip += len(p.Items)
		if len(p.Items) < summaryChunk || skip >= p.Total {
			return sum
		}
	}
}

// summarizeSession counts a session's segments.
func (ui *Explorer) summarizeSession(recordID string, ses jsondoc.Object) sessionSummary {
	sum := sessionSummary{obj: ses}
	sid, _ := ses.GetString("id")
	if g, err := ui.cfg.Source.Segments(recordID, sid, 0, 0); err == nil {
		sum.segments = g.Total
	}
	return sum
}
