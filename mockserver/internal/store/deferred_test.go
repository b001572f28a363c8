package store

import (
	"testing"
	"time"
)

// TestDeferredSegments reads segments stored unscanned: they read, page, export and count like
// scanned ones, clones share the one scan, and a write replaces the deferred JSON.
func TestDeferredSegments(t *testing.T) {
	t.Parallel()
	good := []byte(`{"id":"g1","startDateTime":"2026-11-20T10:00:00Z","media":[]}`)
	bad := []byte(`{"id":"g2",`)
	rec := entity(t, "r1", t0, t0.Add(time.Hour))
	ses := SessionData{Entry: entity(t, "s1", t0, t0.Add(time.Hour)), Segments: []Entry{
		{ID: "g1", Start: t0, Deferred: Defer(good, true)},
		{ID: "g2", Deferred: Defer(bad, false)},
	}}
	s := Build([]RecordData{{Entry: rec, Sessions: []SessionData{ses}}})
	if want := int64(len(rec.Obj.Raw) + len(ses.Obj.Raw) + len(good) + len(bad)); s.bytes != want {
		t.Errorf("the store counts %d bytes, want %d: deferred JSON counts like scanned", s.bytes, want)
	}
	clone := s.Clone()

	g1, err := s.Segment("r1", "s1", "g1")
	if err != nil || string(g1.Raw) != string(good) || len(g1.Fields) != 3 || !g1.Evolvable {
		t.Fatalf("deferred segment reads %s with %d fields, evolvable %v (err %v)", g1.Raw, len(g1.Fields), g1.Evolvable, err)
	}
	if again, _ := clone.Segment("r1", "s1", "g1"); &again.Fields[0] != &g1.Fields[0] {
		t.Error("a clone scanned the deferred segment again")
	}
	if g2, err := s.Segment("r1", "s1", "g2"); err != nil || len(g2.Fields) != 0 || string(g2.Raw) != string(bad) {
		t.Errorf("JSON that does not scan reads as %q with %d fields (err %v), want its bytes and no members", g2.Raw, len(g2.Fields), err)
	}
	if page, _ := s.Segments("r1", "s1", Position{Size: 10}); len(page.Items) != 2 || len(page.Items[0].Fields) != 3 {
		t.Errorf("a page of deferred segments: %+v", page.Items)
	}
	exported := s.Snapshot()[0].Sessions[0].Segments[0]
	if exported.Deferred != nil || len(exported.Obj.Fields) != 3 {
		t.Errorf("Snapshot hands out a deferred entry: %+v", exported)
	}
	next := entity(t, "g1", t0, t0.Add(time.Second))
	if ok, err := s.ReplaceSegment("r1", "s1", g1, next); !ok || err != nil {
		t.Fatalf("replace a deferred segment: %v %v", ok, err)
	}
	if got, _ := s.Segment("r1", "s1", "g1"); string(got.Raw) != string(next.Obj.Raw) {
		t.Errorf("after the write the segment reads %s", got.Raw)
	}
	if got, _ := clone.Segment("r1", "s1", "g1"); string(got.Raw) != string(good) {
		t.Errorf("the write reached the clone: %s", got.Raw)
	}
}
