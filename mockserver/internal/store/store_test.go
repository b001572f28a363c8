package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// entity makes an Entry with the given id and times (zero times are left out of its JSON).
func entity(t testing.TB, id string, start, end time.Time) Entry {
	t.Helper()
	raw := fmt.Sprintf(`{"id":%q`, id)
	if !start.IsZero() {
		raw += fmt.Sprintf(`,"startDateTime":%q`, FormatTime(start))
	}
	if !end.IsZero() {
		raw += fmt.Sprintf(`,"endDateTime":%q`, FormatTime(end))
	}
	obj, err := jsondoc.Parse([]byte(raw + "}"))
	if err != nil {
		t.Fatal(err)
	}
	return Entry{ID: id, Obj: obj, Start: start, End: end}
}

// callRecord is entity with a version and a lastModifiedDateTime, as a call record has; a
// write's touch at t0 keeps its length.
func callRecord(t testing.TB, id string, start, end time.Time) Entry {
	t.Helper()
	e := entity(t, id, start, end)
	patch, err := jsondoc.Parse([]byte(`{"version":1,"lastModifiedDateTime":"` + FormatTime(t0) + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	e.Obj = e.Obj.With(patch)
	return e
}

// fixture is two call records: r1 (one session s1 with n segments, participants p1 and p2) and
// r2 (no children, starting an hour after r1).
func fixture(t testing.TB, n int) *Store {
	t.Helper()
	ses := SessionData{Entry: entity(t, "s1", t0, t0.Add(time.Hour))}
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Second)
		ses.Segments = append(ses.Segments, entity(t, fmt.Sprintf("g%d", i), at, at.Add(time.Second)))
	}
	return Build([]RecordData{
		{Entry: callRecord(t, "r1", t0, t0.Add(time.Hour)), Organizer: []byte(`{"id":"o1"}`), Sessions: []SessionData{ses},
			Participants: []Entry{entity(t, "p1", time.Time{}, time.Time{}), entity(t, "p2", time.Time{}, time.Time{})}},
		{Entry: callRecord(t, "r2", t0.Add(time.Hour), time.Time{})},
	})
}

func ids(t testing.TB, objs []jsondoc.Object) []string {
	t.Helper()
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i], _ = o.GetString("id")
	}
	return out
}

func TestNotFoundSaysWhatWasLookedUp(t *testing.T) {
	t.Parallel()
	s := fixture(t, 1)
	_, errRecord := s.Record("nope", RecordExpand{}, 10)
	_, errSession := s.Session("r1", "nope", false)
	_, errSegment := s.Segment("r1", "s1", "nope")
	_, errParticipant := s.Participant("r1", "nope")
	_, errOrganizer := s.Organizer("r2")
	for _, c := range []struct {
		err  error
		want string
	}{
		{errRecord, "Could not find the requested call record 'nope'. Records about calls or online meetings that started more than 30 days ago are not available."},
		{errSession, "Could not find session 'nope' in call record 'r1'."},
		{errSegment, "Could not find segment 'nope' in session 's1' of call record 'r1'."},
		{errParticipant, "Could not find participant 'nope' in call record 'r1'."},
		{errOrganizer, "Call record 'r2' has no organizer_v2."},
		{s.DeleteSegment("r1", "s1", "nope"), "Could not find segment 'nope' in session 's1' of call record 'r1'."},
	} {
		var nf *NotFoundError
		if !errors.As(c.err, &nf) || !errors.Is(c.err, ErrNotFound) || c.err.Error() != c.want {
			t.Errorf("err = %v (%T), want a *NotFoundError saying %q", c.err, c.err, c.want)
		}
	}
}

func TestPagesContinueAfterTheirLastItem(t *testing.T) {
	t.Parallel()
	s := fixture(t, 7)
	var got []string
	pos := Position{Size: 3}
	for pages := 0; ; pages++ {
		p, err := s.Segments("r1", "s1", pos)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 7 {
			t.Fatalf("Total = %d, want 7", p.Total)
		}
		got = append(got, ids(t, p.Items)...)
		if !p.More {
			break
		}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		pos = Position{After: p.LastSeq, Size: 3}
	}
	if fmt.Sprint(got) != "[g0 g1 g2 g3 g4 g5 g6]" {
		t.Fatalf("pages gave %v", got)
	}
	p, _ := s.Segments("r1", "s1", Position{Skip: 5, Size: 3})
	if fmt.Sprint(ids(t, p.Items)) != "[g5 g6]" || p.More {
		t.Fatalf("skip 5: %v more=%v", ids(t, p.Items), p.More)
	}
	// A page keeps its place when the item it continues after is deleted.
	first, _ := s.Segments("r1", "s1", Position{Size: 2})
	if err := s.DeleteSegment("r1", "s1", "g1"); err != nil {
		t.Fatal(err)
	}
	next, _ := s.Segments("r1", "s1", Position{After: first.LastSeq, Size: 2})
	if fmt.Sprint(ids(t, next.Items)) != "[g2 g3]" {
		t.Fatalf("after a delete: %v", ids(t, next.Items))
	}
}

func TestBuildNumbersDepthFirst(t *testing.T) {
	t.Parallel()
	s := fixture(t, 2)
	// r1=1, s1=2, g0=3, g1=4, p1=5, p2=6, r2=7: the order a scenario file reads in, which
	// the skip tokens of earlier releases (and golden files) point at.
	recs := s.Records(Position{Size: 1}, nil)
	segs, _ := s.Segments("r1", "s1", Position{Size: 1})
	parts, _ := s.Participants("r1", Position{Size: 2})
	if recs.LastSeq != 1 || segs.LastSeq != 3 || parts.LastSeq != 6 {
		t.Fatalf("sequence numbers: record %d, segment %d, participant %d", recs.LastSeq, segs.LastSeq, parts.LastSeq)
	}
	if err := s.CreateSegment("r1", "s1", entity(t, "g9", t0, t0)); err != nil {
		t.Fatal(err)
	}
	last, _ := s.Segments("r1", "s1", Position{After: 4, Size: 5})
	if last.LastSeq != 8 {
		t.Fatalf("a created segment got sequence number %d, want 8", last.LastSeq)
	}
}

func TestRecordFilterSeesStartAndParticipants(t *testing.T) {
	t.Parallel()
	s := fixture(t, 0)
	after := func(start time.Time, _ func(string) bool) bool { return start.After(t0) }
	withP2 := func(_ time.Time, has func(string) bool) bool { return has("p2") }
	if p := s.Records(Position{Size: 10}, after); p.Total != 1 || p.Items[0].ID != "r2" {
		t.Fatalf("start filter: %+v", p)
	}
	if p := s.Records(Position{Size: 10}, withP2); p.Total != 1 || p.Items[0].ID != "r1" {
		t.Fatalf("participant filter: %+v", p)
	}
	if p := s.Records(Position{Size: 1}, nil); p.Total != 2 || !p.More {
		t.Fatalf("no filter: %+v", p)
	}
}

func TestRecordExpandsOneCollection(t *testing.T) {
	t.Parallel()
	s := fixture(t, 3)
	v, err := s.Record("r1", RecordExpand{Sessions: true, Segments: true}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != "r1" || string(v.Organizer) != `{"id":"o1"}` || v.Participants != nil || len(v.Sessions.Items) != 1 || len(v.Sessions.Items[0].Segments) != 3 {
		t.Fatalf("view: %+v", v)
	}
	v, _ = s.Record("r1", RecordExpand{Participants: true}, 1)
	if v.Sessions != nil || len(v.Participants.Items) != 1 || !v.Participants.More {
		t.Fatalf("participants view: %+v", v)
	}
	ses, _ := s.Session("r1", "s1", false)
	if ses.Segments != nil {
		t.Fatal("segments given when not asked for")
	}
}

func TestWritesCheckBeforeChanging(t *testing.T) {
	t.Parallel()
	s := fixture(t, 1)
	before := s.Snapshot()
	err := s.CreateSegment("r1", "s1", entity(t, "g0", t0, t0))
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) || err.Error() != "A segment with id 'g0' already exists in session 's1'." {
		t.Fatalf("taken id: %v", err)
	}
	early := entity(t, "gx", t0.Add(-time.Minute), t0)
	late := entity(t, "gy", t0, t0.Add(2*time.Hour))
	for _, c := range []struct {
		err     error
		pointer string
		message string
	}{
		{s.CreateSegment("r1", "s1", early), "/startDateTime", "startDateTime 2026-11-20T09:59:00Z is before the session's startDateTime 2026-11-20T10:00:00Z."},
		{s.CreateSegment("r1", "s1", late), "/endDateTime", "endDateTime 2026-11-20T12:00:00Z is after the session's endDateTime 2026-11-20T11:00:00Z."},
	} {
		var inv *model.InvalidError
		if !errors.As(c.err, &inv) || inv.Type != model.Segment() || len(inv.Violations) != 1 ||
			inv.Violations[0] != (model.Violation{Pointer: c.pointer, Code: "invalidValue", Message: c.message}) {
			t.Fatalf("outside the session: %#v", c.err)
		}
	}
	if _, err := s.UpdateSegmentLocked("r1", "s1", "g0", func(jsondoc.Object) (Entry, error) {
		return Entry{}, errors.New("merge refused")
	}); err == nil || err.Error() != "merge refused" {
		t.Fatalf("a refused merge: %v", err)
	}
	if err := s.CreateSegment("r1", "nope", entity(t, "gz", t0, t0)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing session: %v", err)
	}
	if fmt.Sprint(before) != fmt.Sprint(s.Snapshot()) {
		t.Fatal("a rejected write changed the store")
	}
}

func TestReplaceSegmentOnlyOverTheVersionRead(t *testing.T) {
	t.Parallel()
	s := fixture(t, 1)
	prev, _ := s.Segment("r1", "s1", "g0")
	next := entity(t, "g0", t0.Add(time.Minute), t0.Add(2*time.Minute))
	if ok, err := s.ReplaceSegment("r1", "s1", prev, next); !ok || err != nil {
		t.Fatalf("first replace: %v %v", ok, err)
	}
	if ok, err := s.ReplaceSegment("r1", "s1", prev, entity(t, "g0", t0, t0)); ok || err != nil {
		t.Fatalf("replace over a stale version: %v %v, want false", ok, err)
	}
	got, _ := s.Segment("r1", "s1", "g0")
	if string(got.Raw) != string(next.Obj.Raw) {
		t.Fatalf("stored %s", got.Raw)
	}
	stored, err := s.UpdateSegmentLocked("r1", "s1", "g0", func(cur jsondoc.Object) (Entry, error) {
		if string(cur.Raw) != string(next.Obj.Raw) {
			t.Errorf("merge saw %s", cur.Raw)
		}
		return entity(t, "g0", t0, t0), nil
	})
	if err != nil || stored.ID != "g0" {
		t.Fatalf("locked update: %+v %v", stored, err)
	}
}

func TestCloneAndSnapshotShareNoStructure(t *testing.T) {
	t.Parallel()
	s := fixture(t, 2)
	c := s.Clone()
	if err := c.DeleteSegment("r1", "s1", "g0"); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateSegment("r1", "s1", entity(t, "g5", t0, t0)); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Segments("r1", "s1", Position{Size: 10}); fmt.Sprint(ids(t, p.Items)) != "[g0 g1]" {
		t.Fatalf("a write to the clone reached the original: %v", ids(t, p.Items))
	}
	snap := s.Snapshot()
	snap[0].Sessions[0].Segments[0].ID = "changed"
	snap[0].Sessions = nil
	v, _ := s.Session("r1", "s1", true)
	v.Segments[0] = jsondoc.Object{}
	if p, _ := s.Segments("r1", "s1", Position{Size: 10}); fmt.Sprint(ids(t, p.Items)) != "[g0 g1]" {
		t.Fatalf("changing what a read returned reached the store: %v", ids(t, p.Items))
	}
	if fmt.Sprint(Build(s.Snapshot()).Snapshot()) != fmt.Sprint(s.Snapshot()) {
		t.Fatal("Build(Snapshot()) is not the same store")
	}
	r := New()
	r.Replace(c)
	if p, _ := r.Segments("r1", "s1", Position{Size: 10}); fmt.Sprint(ids(t, p.Items)) != "[g1 g5]" {
		t.Fatalf("after Replace: %v", ids(t, p.Items))
	}
}

func TestTimeMember(t *testing.T) {
	t.Parallel()
	obj, _ := jsondoc.Parse([]byte(`{"a":"2020-02-25T18:52:21.2169889Z","b":null,"c":5,"d":"yesterday"}`))
	if at, err := TimeMember(obj, "a"); err != nil || at.Nanosecond() != 216988900 {
		t.Fatalf("a: %v %v", at, err)
	}
	for _, name := range []string{"b", "missing"} {
		if at, err := TimeMember(obj, name); err != nil || !at.IsZero() {
			t.Fatalf("%s: %v %v", name, at, err)
		}
	}
	if _, err := TimeMember(obj, "c"); err == nil || err.Error() != "c must be a date-time string" {
		t.Fatalf("c: %v", err)
	}
	if _, err := TimeMember(obj, "d"); err == nil || err.Error() != `d "yesterday" is not an ISO 8601 date-time such as 2026-11-20T10:15:42.4170000Z` {
		t.Fatalf("d: %v", err)
	}
}
