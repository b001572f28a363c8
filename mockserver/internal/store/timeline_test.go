package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// watched is a store with a steerable clock that records the changes it reports.
type watched struct {
	*Store
	mu      sync.Mutex
	now     time.Time
	changes []Change
}

func watch(s *Store, now time.Time) *watched {
	w := &watched{Store: s, now: now}
	s.Watch(func() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }, func(c Change) {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.changes = append(w.changes, c)
	})
	return w
}

func (w *watched) set(t time.Time) { w.mu.Lock(); w.now = t; w.mu.Unlock() }

// took returns the changes reported since the last call, as "kind id vN".
func (w *watched) took() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]string, len(w.changes))
	for i, c := range w.changes {
		out[i] = fmt.Sprintf("%s %s v%d", c.Kind, c.RecordID, c.Version)
	}
	w.changes = nil
	return out
}

func same(a, b []string) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// timed is the fixture with r2 available only from t0+2h, watched at t0.
func timed(t *testing.T, retention time.Duration) *watched {
	t.Helper()
	rd := fixture(t, 2).Snapshot()
	rd[1].Timing = Timing{Available: "1h", From: t0.Add(2 * time.Hour)}
	built := Build(rd)
	built.SetRetention(retention)
	s := New()
	w := watch(s, t0)
	if err := s.Replace(built); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestAvailabilityHidesARecordUntilItsTime(t *testing.T) {
	t.Parallel()
	w := timed(t, 0)
	if next := w.Publish(); !next.Equal(t0.Add(2*time.Hour)) || !same(w.took(), []string{"created r1 v1"}) {
		t.Fatalf("first publish: next %v", next)
	}
	_, err := w.Record("r2", RecordExpand{}, 10)
	if !errors.Is(err, ErrNotFound) || w.Records(Position{Size: 10}, nil).Total != 1 {
		t.Fatalf("before its time r2 is read: %v", err)
	}
	if err := w.Store.CreateSegment("r2", "s1", entity(t, "x", t0, t0)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a write under a record not available yet: %v", err)
	}
	w.set(t0.Add(2 * time.Hour))
	if _, err := w.Record("r2", RecordExpand{}, 10); err != nil || w.Records(Position{Size: 10}, nil).Total != 2 {
		t.Fatalf("at its time r2 is not read: %v", err)
	}
	if next := w.Publish(); !next.IsZero() || !same(w.took(), []string{"created r2 v1"}) {
		t.Fatalf("second publish: next %v", next)
	}
	w.Publish()
	if got := w.took(); len(got) != 0 {
		t.Fatalf("announced twice: %v", got)
	}
	// Setting the clock back hides it again, and it is not announced again.
	w.set(t0)
	w.Publish()
	if _, err := w.Record("r2", RecordExpand{}, 10); !errors.Is(err, ErrNotFound) || len(w.took()) != 0 {
		t.Fatalf("after the clock went back: %v", err)
	}
}

func TestRetentionHidesOldRecords(t *testing.T) {
	t.Parallel()
	w := timed(t, 30*24*time.Hour)
	w.set(t0.Add(2 * time.Hour))
	if p := w.Records(Position{Size: 10}, nil); p.Total != 2 {
		t.Fatalf("within retention: %d records", p.Total)
	}
	w.set(t0.Add(30*24*time.Hour + time.Minute)) // r1 started at t0, r2 an hour later
	if _, err := w.Record("r1", RecordExpand{}, 10); !errors.Is(err, ErrNotFound) {
		t.Fatalf("r1 past retention: %v", err)
	}
	if p := w.Records(Position{Size: 10}, nil); p.Total != 1 || p.Items[0].ID != "r2" {
		t.Fatalf("past r1's retention: %+v", p)
	}
	w.Publish() // r1 is past retention: only r2 is announced
	if got := w.took(); !same(got, []string{"created r2 v1"}) {
		t.Fatalf("announced: %v", got)
	}
}

func TestEveryWriteTouchesItsRecord(t *testing.T) {
	t.Parallel()
	w := watch(New(), t0.Add(time.Minute))
	if err := w.Replace(fixture(t, 2)); err != nil {
		t.Fatal(err)
	}
	w.Publish()
	w.took()
	prev := w.mustSegment(t, "g0")
	writes := []func() error{
		func() error { return w.Store.CreateSegment("r1", "s1", entity(t, "g9", t0, t0)) },
		func() error { _, err := w.ReplaceSegment("r1", "s1", prev, entity(t, "g0", t0, t0)); return err },
		func() error {
			_, err := w.UpdateSegmentLocked("r1", "s1", "g1", func(jsondoc.Object) (Entry, error) { return entity(t, "g1", t0, t0), nil })
			return err
		},
		func() error { return w.DeleteSegment("r1", "s1", "g9") },
	}
	for i, write := range writes {
		if err := write(); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("updated r1 v%d", i+2)
		if got := w.took(); !same(got, []string{want}) {
			t.Fatalf("write %d: changes %v, want %s", i, got, want)
		}
	}
	v, _ := w.Record("r1", RecordExpand{}, 0)
	if lm, _ := v.Obj.GetString("lastModifiedDateTime"); lm != "2026-11-20T10:01:00Z" || string(v.Obj.Get("version")) != "5" {
		t.Fatalf("record after four writes: %s", v.Obj.Raw)
	}
	// A write that fails changes nothing and reports nothing.
	if err := w.DeleteSegment("r1", "s1", "nope"); err == nil || len(w.took()) != 0 {
		t.Fatalf("a failed write: %v", err)
	}
}

func TestPutRecordAddsAndReplaces(t *testing.T) {
	t.Parallel()
	w := watch(NewIn(NewBudget(1<<20)), t0)
	if err := w.Replace(fixture(t, 1)); err != nil {
		t.Fatal(err)
	}
	w.Publish()
	w.took()
	rd := fixture(t, 3).Snapshot()[0] // r1 with three segments
	rd.Obj = callRecord(t, "r1", t0, t0.Add(time.Hour)).Obj
	replaced, at, err := w.PutRecord(rd)
	if err != nil || !replaced || !at.IsZero() || !same(w.took(), []string{"updated r1 v2"}) {
		t.Fatalf("replace: %v %v %v", replaced, at, err)
	}
	if p, _ := w.Segments("r1", "s1", Position{Size: 10}); p.Total != 3 || w.Records(Position{Size: 10}, nil).Items[0].ID != "r1" {
		t.Fatal("the replacement is not what is read, in the same place")
	}
	later := RecordData{Entry: callRecord(t, "r3", t0, t0), Timing: Timing{Available: "25m", From: t0.Add(25 * time.Minute)}}
	if replaced, at, err = w.PutRecord(later); err != nil || replaced || !at.Equal(t0.Add(25*time.Minute)) {
		t.Fatalf("add later: %v %v %v", replaced, at, err)
	}
	if next := w.Publish(); !next.Equal(at) || len(w.took()) != 0 {
		t.Fatalf("a record not available yet is announced; next %v", next)
	}
	w.set(at)
	w.Publish()
	if got := w.took(); !same(got, []string{"created r3 v1"}) {
		t.Fatalf("at its time: %v", got)
	}
	if w.Bytes() != jsonSize(w.Store) || w.Records(Position{Size: 10}, nil).Total != 3 {
		t.Fatalf("bytes %d, counted %d", w.Bytes(), jsonSize(w.Store))
	}
	// Past the budget: refused, nothing changes.
	full := watch(NewIn(NewBudget(1)), t0)
	if _, _, err := full.PutRecord(later); !errors.Is(err, ErrFull) || full.Records(Position{Size: 10}, nil).Total != 0 {
		t.Fatalf("past the budget: %v", err)
	}
}

func TestPeopleOf(t *testing.T) {
	t.Parallel()
	obj, _ := jsondoc.Parse([]byte(`{"id":"r","organizer":{"user":{"id":"u-org"}},"participants":[{"user":{"id":"u1"}},{"phone":{"id":"+1"}},{"user":{"id":"u-org"}}]}`))
	p, _ := jsondoc.Parse([]byte(`{"id":"p1","identity":{"user":{"id":"u2"}}}`))
	rd := RecordData{Entry: Entry{ID: "r", Obj: obj}, Organizer: []byte(`{"id":"o","identity":{"user":{"id":"o"}}}`), Participants: []Entry{{ID: "p1", Obj: p}}}
	if got := New().newRecord(rd).people; !same(got, []string{"o", "p1", "u2", "u-org", "u1"}) {
		t.Fatalf("peopleOf = %v", got)
	}
	// Members of another shape are passed over, each on its own.
	for _, c := range []struct {
		organizer, participant string
		want                   []string
	}{
		{`{"id":7,"identity":{"user":{"id":"o"}}}`, `{"id":"p1","identity":null}`, []string{"o", "p1"}},
		{`{"id":"o","identity":{"user":{"id":7}}}`, `{"id":"p1","identity":{"user":"u2"}}`, []string{"o", "p1"}},
		{`{"id":"o","identity":[]}`, `{"id":"p1"}`, []string{"o", "p1"}},
		{`null`, `{"id":"p1","identity":{"user":null}}`, []string{"p1"}},
	} {
		p, _ := jsondoc.Parse([]byte(c.participant))
		rd := RecordData{Entry: Entry{ID: "r", Obj: jsondoc.Object{Raw: []byte(`{"id":"r"}`)}}, Organizer: []byte(c.organizer), Participants: []Entry{{ID: "p1", Obj: p}}}
		if got := New().newRecord(rd).people; !same(got, c.want) {
			t.Errorf("organizer %s, participant %s: peopleOf = %v", c.organizer, c.participant, got)
		}
	}
}
