package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"
)

// A listing by start window finds the same records, pages and counts whether the records are in
// start order (binary search) or not (a look at each), and as a plain filter over all of them.
func TestRecordsStartingMatchesAFilter(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 40 {
		n := r.IntN(40)
		var recs []RecordData
		for i := range n {
			var at time.Time
			if r.IntN(8) > 0 {
				at = t0.Add(time.Duration(r.IntN(20)) * time.Minute)
			}
			recs = append(recs, RecordData{Entry: entity(t, fmt.Sprintf("r%d", i), at, time.Time{})})
		}
		ordered := round%2 == 0
		if ordered {
			sort.SliceStable(recs, func(i, j int) bool { return recs[i].Start.Before(recs[j].Start) })
		}
		s := Build(recs)
		if s.startOrdered != (ordered || slices.IsSortedFunc(recs, func(a, b RecordData) int { return a.Start.Compare(b.Start) })) {
			t.Fatalf("round %d: startOrdered %v", round, s.startOrdered)
		}
		for range 20 {
			var w StartWindow
			if r.IntN(3) > 0 {
				w.Since = t0.Add(time.Duration(r.IntN(22)-1) * time.Minute)
			}
			if r.IntN(3) > 0 {
				w.Until = t0.Add(time.Duration(r.IntN(22)-1) * time.Minute)
			}
			var keep RecordFilter
			odd := r.IntN(2) == 0
			if odd {
				keep = func(start time.Time, _ func(string) bool) bool { return start.Minute()%2 == 1 }
			}
			var want []string
			for _, rd := range recs {
				if w.holds(rd.Start) && (!odd || rd.Start.Minute()%2 == 1) {
					want = append(want, rd.ID)
				}
			}
			size := 1 + r.IntN(5)
			var got []string
			pos := Position{Size: size}
			for {
				p := s.RecordsStarting(pos, w, keep)
				if p.Total != len(want) {
					t.Fatalf("round %d window %v: total %d, want %d", round, w, p.Total, len(want))
				}
				for _, v := range p.Items {
					got = append(got, v.ID)
				}
				if !p.More {
					break
				}
				pos = Position{After: p.LastSeq, Size: size}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("round %d window %+v (ordered %v): %v, want %v", round, w, s.startOrdered, got, want)
			}
		}
	}
}

// Replacing a record can break start order; the store notices.
func TestPutRecordKeepsTrackOfStartOrder(t *testing.T) {
	t.Parallel()
	s := Build([]RecordData{{Entry: entity(t, "a", t0, time.Time{})}, {Entry: entity(t, "b", t0.Add(time.Hour), time.Time{})}})
	if !s.startOrdered {
		t.Fatal("two records in order are not in order")
	}
	if _, _, err := s.PutRecord(RecordData{Entry: entity(t, "a", t0.Add(2*time.Hour), time.Time{})}); err != nil {
		t.Fatal(err)
	}
	if s.startOrdered {
		t.Fatal("a replaced record out of order went unnoticed")
	}
	if p := s.RecordsStarting(Position{Size: 10}, StartWindow{Since: t0.Add(90 * time.Minute)}, nil); p.Total != 1 || p.Items[0].ID != "a" {
		t.Fatalf("%+v", p)
	}
}
