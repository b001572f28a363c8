package store

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// segmentIDs lists a session's segment ids, in order.
func segmentIDs(t *testing.T, s *Store, rid, sid string) []string {
	t.Helper()
	p, err := s.Segments(rid, sid, Position{Size: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return ids(t, p.Items)
}

// Clones share everything and copy a session on its first write: every write, on either side,
// stays on its side, whichever side writes first, and the shared original is never changed.
func TestClonesNeverSeeEachOthersWrites(t *testing.T) {
	t.Parallel()
	orig := fixture(t, 3)
	before := orig.Bytes()
	a, b := orig.Clone(), orig.Clone()
	mid := t0.Add(30 * time.Minute)
	if err := a.CreateSegment("r1", "s1", entity(t, "ga", mid, mid.Add(time.Second))); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteSegment("r1", "s1", "g1"); err != nil {
		t.Fatal(err)
	}
	prev, _ := a.Segment("r1", "s1", "g0")
	next := entity(t, "g0", t0, t0.Add(2*time.Second))
	if ok, err := a.ReplaceSegment("r1", "s1", prev, next); !ok || err != nil {
		t.Fatalf("replace: %v %v", ok, err)
	}
	c := a.Clone() // a clone of a clone that was written to, written to on both sides again
	if err := a.DeleteSegment("r1", "s1", "g2"); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateSegment("r1", "s1", entity(t, "gc", mid, mid.Add(time.Second))); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		name string
		s    *Store
		ids  []string
	}{
		{"original", orig, []string{"g0", "g1", "g2"}},
		{"a", a, []string{"g0", "g1", "ga"}},
		{"b", b, []string{"g0", "g2"}},
		{"c", c, []string{"g0", "g1", "g2", "ga", "gc"}},
	} {
		if got := segmentIDs(t, want.s, "r1", "s1"); !slices.Equal(got, want.ids) {
			t.Errorf("%s: segments %v, want %v", want.name, got, want.ids)
		}
	}
	if g, _ := orig.Segment("r1", "s1", "g0"); string(g.Raw) == string(next.Obj.Raw) {
		t.Error("the replace reached the original")
	}
	if g, _ := c.Segment("r1", "s1", "g0"); string(g.Raw) != string(next.Obj.Raw) {
		t.Error("the clone of a lost the replace made before it")
	}
	if orig.Bytes() != before || b.Bytes() >= before {
		t.Errorf("bytes: original %d (was %d), b %d after a delete: each counts its own", orig.Bytes(), before, b.Bytes())
	}
}

// A failed write on a clone changes nothing, not even through the copy it made.
func TestFailedWriteOnCloneChangesNothing(t *testing.T) {
	t.Parallel()
	orig := fixture(t, 2)
	a := orig.Clone()
	if err := a.CreateSegment("r1", "s1", entity(t, "g0", t0, t0.Add(time.Second))); err == nil {
		t.Fatal("a taken id was accepted")
	}
	if err := a.CreateSegment("r1", "s1", entity(t, "late", t0.Add(2*time.Hour), t0.Add(3*time.Hour))); err == nil {
		t.Fatal("a segment outside its session was accepted")
	}
	for _, s := range []*Store{orig, a} {
		if got := segmentIDs(t, s, "r1", "s1"); !slices.Equal(got, []string{"g0", "g1"}) {
			t.Errorf("segments %v", got)
		}
	}
}

// Clones are safe to write from many goroutines while others clone and read the original.
func TestConcurrentClonesAndWrites(t *testing.T) {
	t.Parallel()
	orig := fixture(t, 20)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := orig.Clone()
			for i := range 20 {
				at := t0.Add(time.Duration(i) * time.Minute)
				if err := c.CreateSegment("r1", "s1", entity(t, fmt.Sprintf("w%d-%d", w, i), at, at.Add(time.Second))); err != nil {
					t.Error(err)
					return
				}
				_, _ = orig.Segments("r1", "s1", Position{Size: 60})
			}
			if n := len(segmentIDs(t, c, "r1", "s1")); n != 40 {
				t.Errorf("clone %d holds %d segments, want 40", w, n)
			}
		}()
	}
	wg.Wait()
	if n := len(segmentIDs(t, orig, "r1", "s1")); n != 20 {
		t.Errorf("the original holds %d segments, want 20", n)
	}
}

// Collections past indexFrom children find them through an index, smaller ones by looking: both
// find the same child, the first of a repeated id, before and after removals.
func TestCollectionsFindTheSameWithAndWithoutIndex(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, indexFrom, indexFrom + 1, 3 * indexFrom} {
		c := newCollection[*entry](0)
		for i := range n {
			e := newEntry(Entry{ID: fmt.Sprint(i % (n/2 + 1)), Obj: jsondoc.Object{Raw: []byte(fmt.Sprint(i))}}, uint64(i+1))
			c.addKeepFirst(&e)
		}
		if (c.byID != nil) != (n > indexFrom) {
			t.Errorf("n=%d: index %v", n, c.byID != nil)
		}
		for id := range n/2 + 1 {
			if id >= n {
				break
			}
			got, ok := c.get(fmt.Sprint(id))
			if !ok || string(got.raw) != fmt.Sprint(id) {
				t.Errorf("n=%d: get(%d) = %v, %v; want the first child with that id", n, id, got, ok)
			}
		}
		if n > 1 {
			c.remove("0") // the first "0" goes; a later one takes the id over
			if got, ok := c.get("0"); n > n/2+1 && (!ok || string(got.raw) != fmt.Sprint(n/2+1)) {
				t.Errorf("n=%d: after removing the first 0, get(0) = %v, %v", n, got, ok)
			}
		}
	}
}
