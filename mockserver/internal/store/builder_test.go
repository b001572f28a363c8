package store

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// shape lists a store's records as the sequence numbers, ids and people of everything in them:
// what two ways of building must agree on beyond Snapshot.
func shape(s *Store) string {
	out := fmt.Sprintf("bytes %d timed %d ordered %v next %d\n", s.bytes, s.timed, s.startOrdered, s.nextSeq)
	for _, r := range s.recs.list {
		out += fmt.Sprintf("r %s %d %q %v\n", r.ID, r.seq, r.organizer, r.people)
		for _, ses := range r.sessions.list {
			out += fmt.Sprintf(" s %s %d %v\n", ses.ID, ses.seq, ses.segments.byID != nil)
			for _, g := range ses.segments.list {
				out += fmt.Sprintf("  g %s %d\n", g.ID, g.seq)
			}
		}
		for _, p := range r.participants.list {
			out += fmt.Sprintf(" p %s %d\n", p.ID, p.seq)
		}
	}
	return out
}

// Building a record entity by entity makes the store Build makes of the same records: the same
// sequence numbers, bytes, people, indexes and contents; a session given less room than it
// gets still holds every segment.
func TestBuilderEntityByEntityIsBuild(t *testing.T) {
	t.Parallel()
	var records []RecordData
	for r := range 4 {
		start := t0.Add(time.Duration(r) * time.Hour)
		rd := RecordData{Entry: callRecord(t, fmt.Sprintf("r%d", r), start, start.Add(time.Hour))}
		if r%2 == 0 {
			rd.Organizer = []byte(`{"id":"o","identity":{"user":{"id":"u-o"}}}`)
			rd.Timing = Timing{Available: "1h", From: start.Add(2 * time.Hour)}
		}
		for s := range r {
			sd := SessionData{Entry: entity(t, fmt.Sprintf("s%d", s), start, start.Add(time.Hour))}
			for g := range 5 * s * s {
				sd.Segments = append(sd.Segments, entity(t, fmt.Sprintf("g%d", g), start, start.Add(time.Minute)))
			}
			rd.Sessions = append(rd.Sessions, sd)
		}
		for p := range r {
			rd.Participants = append(rd.Participants, entity(t, fmt.Sprintf("p%d", p%2), time.Time{}, time.Time{}))
		}
		records = append(records, rd)
	}
	want := Build(records)
	b := NewBuilder(0)
	for i, rd := range records {
		b.BeginRecord(rd.Entry, len(rd.Sessions), len(rd.Participants))
		for _, sd := range rd.Sessions {
			b.AddSession(sd.Entry, max(0, len(sd.Segments)-i%2)) // one short of room now and then
			for _, g := range sd.Segments {
				b.AddSegment(g)
			}
		}
		for _, p := range rd.Participants {
			b.AddParticipant(p)
		}
		b.EndRecord(rd.Organizer, rd.Timing)
	}
	got := b.Store()
	if g, w := shape(got), shape(want); g != w {
		t.Fatalf("entity by entity:\n%s\nBuild:\n%s", g, w)
	}
	if !reflect.DeepEqual(got.Snapshot(), want.Snapshot()) {
		t.Fatal("the snapshots differ")
	}
}

// A stored entity gives back the times it was given exactly: UTC times (kept as seconds and
// nanoseconds), none, and times in another zone or with a monotonic reading (kept whole).
func TestEntryKeepsItsTimes(t *testing.T) {
	t.Parallel()
	zone := time.FixedZone("X", 3600)
	for _, c := range []struct{ start, end time.Time }{
		{t0, t0.Add(1234567 * time.Nanosecond)},
		{time.Time{}, time.Time{}},
		{time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
		{t0.In(zone), t0},
		{t0, time.Now()},
	} {
		e := newEntry(Entry{ID: "g", Start: c.start, End: c.end}, 1)
		if got := e.resolved(); got.Start != c.start || got.End != c.end {
			t.Errorf("stored %v to %v, got back %v to %v", c.start, c.end, got.Start, got.End)
		}
		if plain := c.start.Location() == time.UTC && c.end.Location() == time.UTC && c.end.Round(0) == c.end; plain != (e.zoned == nil) {
			t.Errorf("%v to %v: kept whole %v", c.start, c.end, e.zoned != nil)
		}
	}
}
