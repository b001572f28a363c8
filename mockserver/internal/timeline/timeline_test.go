package timeline_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/clock"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"github.com/graphmock/graphmock/mockserver/internal/timeline"
)

var t0 = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func entry(t *testing.T, raw string) store.Entry {
	t.Helper()
	o, err := jsondoc.Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := o.GetString("id")
	return store.Entry{ID: id, Obj: o}
}

// record is a call record with one session s1 and the given availability (zero: at once).
func record(t *testing.T, id string, from time.Time) store.RecordData {
	t.Helper()
	return store.RecordData{
		Entry:        entry(t, `{"id":"`+id+`","version":1,"lastModifiedDateTime":"2026-11-28T11:00:00Z"}`),
		Participants: []store.Entry{entry(t, `{"id":"u-`+id+`"}`)},
		Sessions:     []store.SessionData{{Entry: entry(t, `{"id":"s1"}`)}},
		Timing:       store.Timing{From: from},
	}
}

// listener collects events as "kind id vN at+offset [people]".
type listener struct {
	mu  sync.Mutex
	got []string
}

func (l *listener) hear(e timeline.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, fmt.Sprintf("%s %s %s v%d +%s %v", e.Namespace, e.Kind, e.RecordID, e.Version, e.At.Sub(t0), e.Participants))
}

func (l *listener) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.got
	l.got = nil
	return out
}

func setup(t *testing.T, recs ...store.RecordData) (*timeline.Timeline, *store.Store, *clock.Clock, *listener) {
	t.Helper()
	g := clock.NewGroup()
	t.Cleanup(g.Close)
	c := clock.New(func() time.Time { return t0 }, g)
	s := store.New()
	tl := timeline.New("ns", s, c)
	l := &listener{}
	tl.Subscribe(l.hear)
	if err := s.Replace(store.Build(recs)); err != nil {
		t.Fatal(err)
	}
	tl.Start()
	return tl, s, c, l
}

func want(t *testing.T, got []string, want ...string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events\n got %q\nwant %q", got, want)
	}
}

func TestTheTimelineOfARecord(t *testing.T) {
	t.Parallel()
	_, s, c, l := setup(t, record(t, "now", time.Time{}), record(t, "later", t0.Add(25*time.Minute)))
	want(t, l.take(), "ns created now v1 +0s [u-now]")
	c.Advance(24 * time.Minute)
	want(t, l.take())
	c.Advance(time.Minute) // the clock reaches it: announced before Advance returns
	want(t, l.take(), "ns created later v1 +25m0s [u-later]")
	seg := entry(t, `{"id":"g1"}`)
	if err := s.CreateSegment("later", "s1", seg); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSegment("later", "s1", "g1"); err != nil {
		t.Fatal(err)
	}
	want(t, l.take(), "ns updated later v2 +25m0s [u-later]", "ns updated later v3 +25m0s [u-later]")
}

func TestPutFollowsTheAvailabilityRule(t *testing.T) {
	t.Parallel()
	tl, _, c, l := setup(t, record(t, "a", time.Time{}))
	l.take()
	rd := record(t, "a", time.Time{})
	if replaced, at, err := tl.Put(rd); err != nil || !replaced || !at.IsZero() {
		t.Fatalf("replace: %v %v %v", replaced, at, err)
	}
	want(t, l.take(), "ns updated a v2 +0s [u-a]")
	if _, at, err := tl.Put(record(t, "b", t0.Add(time.Hour))); err != nil || !at.Equal(t0.Add(time.Hour)) {
		t.Fatalf("add later: %v %v", at, err)
	}
	if _, _, err := tl.Put(record(t, "c", t0.Add(30*time.Minute))); err != nil { // earlier than b: re-armed
		t.Fatal(err)
	}
	if _, _, err := tl.Put(record(t, "d", time.Time{})); err != nil {
		t.Fatal(err)
	}
	want(t, l.take(), "ns created d v1 +0s [u-d]")
	c.Advance(2 * time.Hour)
	want(t, l.take(), "ns created c v1 +30m0s [u-c]", "ns created b v1 +1h0m0s [u-b]")
}

func TestResetCancelsWhatWasScheduled(t *testing.T) {
	t.Parallel()
	tl, s, c, l := setup(t, record(t, "later", t0.Add(time.Hour)))
	if c.Pending() != 1 {
		t.Fatalf("pending = %d", c.Pending())
	}
	if err := s.Replace(store.Build(nil)); err != nil {
		t.Fatal(err)
	}
	tl.Start()
	c.Advance(2 * time.Hour)
	if got := l.take(); len(got) != 0 || c.Pending() != 0 {
		t.Fatalf("after a reset: %v, pending %d", got, c.Pending())
	}
}
