package store

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// bounded is fixture(t, n) copied into a store charged to a budget of limit bytes.
func bounded(t *testing.T, n int, limit int64) (*Store, *Budget) {
	t.Helper()
	b := NewBudget(limit)
	s := NewIn(b)
	s.Watch(func() time.Time { return t0 }, nil) // writes stamp records at t0: their length stays
	if err := s.Replace(fixture(t, n)); err != nil {
		t.Fatal(err)
	}
	return s, b
}

// jsonSize is the bytes the fixture's entities hold, counted by hand.
func jsonSize(s *Store) int64 {
	var n int64
	for _, r := range s.Snapshot() {
		n += int64(len(r.Obj.Raw) + len(r.Organizer))
		for _, p := range r.Participants {
			n += int64(len(p.Obj.Raw))
		}
		for _, ses := range r.Sessions {
			n += int64(len(ses.Obj.Raw))
			for _, g := range ses.Segments {
				n += int64(len(g.Obj.Raw))
			}
		}
	}
	return n
}

func TestStoreCountsItsJSON(t *testing.T) {
	t.Parallel()
	s := fixture(t, 3)
	want := jsonSize(s)
	if s.Bytes() != want || s.Clone().Bytes() != want || Build(s.Snapshot()).Bytes() != want {
		t.Fatalf("Bytes = %d (clone %d), want %d", s.Bytes(), s.Clone().Bytes(), want)
	}
}

func TestBudgetAccountsEveryWrite(t *testing.T) {
	t.Parallel()
	seg := entity(t, "g9", t0, t0)
	longer := entity(t, "g0", t0, t0.Add(1500*time.Millisecond))
	shorter := entity(t, "g0", t0, time.Time{})
	for _, c := range []struct {
		name  string
		write func(t *testing.T, s *Store) error
		delta int64 // what the write adds to the stored bytes
	}{
		{"create", func(_ *testing.T, s *Store) error { return s.CreateSegment("r1", "s1", seg) }, size(seg.Obj)},
		{"replace with longer JSON", func(_ *testing.T, s *Store) error {
			prev, _ := s.Segment("r1", "s1", "g0")
			_, err := s.ReplaceSegment("r1", "s1", prev, longer)
			return err
		}, size(longer.Obj) - size(fixture(t, 1).mustSegment(t, "g0"))},
		{"locked update with shorter JSON", func(_ *testing.T, s *Store) error {
			_, err := s.UpdateSegmentLocked("r1", "s1", "g0", func(jsondoc.Object) (Entry, error) { return shorter, nil })
			return err
		}, size(shorter.Obj) - size(fixture(t, 1).mustSegment(t, "g0"))},
		{"delete", func(_ *testing.T, s *Store) error { return s.DeleteSegment("r1", "s1", "g0") }, -size(fixture(t, 1).mustSegment(t, "g0"))},
		{"load an empty store", func(_ *testing.T, s *Store) error { return s.Replace(New()) }, -jsonSize(fixture(t, 1))},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, b := bounded(t, 1, 1<<20)
			before := b.Usage().StoredBytes
			if err := c.write(t, s); err != nil {
				t.Fatal(err)
			}
			if got := b.Usage().StoredBytes - before; got != c.delta || s.Bytes() != b.Usage().StoredBytes || s.Bytes() != jsonSize(s) {
				t.Fatalf("stored bytes changed by %d (store %d, budget %d, counted %d), want %d", got, s.Bytes(), b.Usage().StoredBytes, jsonSize(s), c.delta)
			}
		})
	}
}

// mustSegment is a segment's stored JSON.
func (s *Store) mustSegment(t *testing.T, id string) jsondoc.Object {
	t.Helper()
	o, err := s.Segment("r1", "s1", id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestFullBudgetRefusesGrowthOnly(t *testing.T) {
	t.Parallel()
	held := jsonSize(fixture(t, 2))
	s, b := bounded(t, 2, held+1) // room for one more byte
	before := fmt.Sprint(s.Snapshot())
	seg := entity(t, "g9", t0, t0)
	err := s.CreateSegment("r1", "s1", seg)
	var fe *FullError
	if !errors.As(err, &fe) || !errors.Is(err, ErrFull) || *fe != (FullError{Limit: held + 1, Stored: held, Need: size(seg.Obj)}) {
		t.Fatalf("create past the cap: %#v", err)
	}
	for _, want := range []string{fmt.Sprintf("holds %d bytes", held), fmt.Sprintf("needs %d more", size(seg.Obj)), "-max-stored-bytes",
		"GRAPHMOCK_MAX_STORED_BYTES", "Sidecar.MaxStoredBytes", "POST /_mock/reset", "DELETE /_mock/namespaces/NAME"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	prev := s.mustSegment(t, "g0")
	if _, err := s.ReplaceSegment("r1", "s1", prev, entity(t, "g0", t0, t0.Add(1500*time.Millisecond))); !errors.Is(err, ErrFull) {
		t.Fatalf("a growing replace: %v", err)
	}
	if u := b.Usage(); !u.Full || u.StoredBytes != held || fmt.Sprint(s.Snapshot()) != before {
		t.Fatalf("after refusals: %+v; changed: %v", u, fmt.Sprint(s.Snapshot()) != before)
	}
	// Writes that do not grow, and deletes, always go through, and freed room clears Full.
	if _, err := s.ReplaceSegment("r1", "s1", prev, entity(t, "g0", t0, time.Time{})); err != nil {
		t.Fatalf("a shrinking replace: %v", err)
	}
	if err := s.DeleteSegment("r1", "s1", "g1"); err != nil || b.Usage().Full {
		t.Fatalf("delete: %v, usage %+v", err, b.Usage())
	}
	if err := s.CreateSegment("r1", "s1", seg); err != nil {
		t.Fatalf("create after a delete: %v", err)
	}
	// A load that does not fit changes nothing; a reset (Restore) always goes through.
	if err := s.Replace(fixture(t, 20)); !errors.Is(err, ErrFull) || s.Bytes() != b.Usage().StoredBytes {
		t.Fatalf("a load past the cap: %v", err)
	}
	big := fixture(t, 20)
	s.Restore(big)
	if u := b.Usage(); u.StoredBytes != jsonSize(big) || u.StoredBytes <= u.MaxStoredBytes {
		t.Fatalf("restore: %+v, want %d stored", u, jsonSize(big))
	}
	s.Release()
	if u := b.Usage(); u.StoredBytes != 0 {
		t.Fatalf("after Release: %+v", u)
	}
	if err := s.CreateSegment("r1", "s1", entity(t, "gz", t0, t0)); err != nil || b.Usage().StoredBytes != 0 {
		t.Fatalf("a released store charges nothing: %v %+v", err, b.Usage())
	}
}

func TestRacingWritersNeverPassTheCap(t *testing.T) {
	t.Parallel()
	b := NewBudget(jsonSize(fixture(t, 1))*3 + 1000) // room for about ten more segments
	stores := []*Store{NewIn(b), NewIn(b), NewIn(b)}
	for _, s := range stores {
		if err := s.Replace(fixture(t, 1)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	peak, refused := int64(0), 0
	for w := range 8 {
		wg.Go(func() {
			s := stores[w%len(stores)]
			for i := range 200 {
				err := s.CreateSegment("r1", "s1", entity(t, fmt.Sprintf("w%d-%d", w, i), t0, t0))
				if i%3 == 0 {
					_ = s.DeleteSegment("r1", "s1", fmt.Sprintf("w%d-%d", w, i-3))
				}
				mu.Lock()
				peak = max(peak, b.Usage().StoredBytes)
				if errors.Is(err, ErrFull) {
					refused++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	var sum int64
	for _, s := range stores {
		sum += jsonSize(s)
	}
	if u := b.Usage(); peak > u.MaxStoredBytes || u.StoredBytes != sum || refused == 0 {
		t.Fatalf("peak %d, cap %d; budget says %d, stores hold %d; %d creates refused", peak, u.MaxStoredBytes, u.StoredBytes, sum, refused)
	}
}

// size is what an object counts against the budget: its JSON's length.
func size(o jsondoc.Object) int64 { return int64(len(o.Raw)) }
