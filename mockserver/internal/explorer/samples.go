package explorer

import (
	"github.com/graphmock/graphmock/mockserver/internal/console"
)

// sampleScan bounds the search for the samples' ids: the first records and, of each, the first
// sessions, so the console page costs the same for a scenario of any size.
const (
	sampleRecords  = 20
	sampleSessions = 100
)

// sampleLinks lists the console's samples for the loaded scenario, as signed links.
func (ui *Explorer) sampleLinks() []sampleGroup {
	var groups []sampleGroup
	for _, s := range console.Samples(ui.sampleIDs()) {
		if len(groups) == 0 || groups[len(groups)-1].Name != s.Group {
			groups = append(groups, sampleGroup{Name: s.Group})
		}
		g := &groups[len(groups)-1]
		link := sampleLink{Title: s.Title, Note: s.Note, Method: s.Request.Method, Target: s.Request.Target, Want: s.Want}
		if safe(s.Request.Method) {
			link.URL = consoleURL + "?" + ui.signer.Link(s.Request).Encode()
		} else {
			r := s.Request
			link.Post = &r
		}
		g.Items = append(g.Items, link)
	}
	return groups
}

// sampleIDs picks the samples' ids from the first records: the first record, session and
// segment; the record with the most participants; the first record with more sessions than a
// page; and the session with the most segments.
func (ui *Explorer) sampleIDs() console.IDs {
	src := ui.cfg.Source
	var ids console.IDs
	mostPeople, mostSegments := 0, 0
	for _, rec := range src.Records(0, sampleRecords).Items {
		rid, _ := rec.JSON.GetString("id")
		sessions, err := src.Sessions(rid, 0, sampleSessions)
		if err != nil {
			continue
		}
		if ids.Record == "" && len(sessions.Items) > 0 {
			sid, _ := sessions.Items[0].GetString("id")
			if segs, err := src.Segments(rid, sid, 0, 1); err == nil && len(segs.Items) > 0 {
				ids.Record, ids.Session = rid, sid
				ids.Segment, _ = segs.Items[0].GetString("id")
				row := commonFacts(sessions.Items[0])
				ids.Start, ids.End = parseTime(row.Start.Exact), parseTime(row.End.Exact)
			}
		}
		if ids.Paged == "" && sessions.Total > 60 {
			ids.Paged = rid
		}
		if people, err := src.Participants(rid, 0, 1); err == nil && people.Total > mostPeople && len(people.Items) > 0 {
			mostPeople, ids.Group = people.Total, rid
			ids.Participant, _ = people.Items[0].GetString("id")
		}
		for _, ses := range sessions.Items {
			sid, _ := ses.GetString("id")
			if segs, err := src.Segments(rid, sid, 0, 0); err == nil && segs.Total > mostSegments {
				mostSegments, ids.Long, ids.LongSession = segs.Total, rid, sid
			}
		}
	}
	if ids.Start.IsZero() {
		ids.Session = "" // a created segment needs the session's times
	}
	return ids
}
