package store

import (
	"fmt"
	"testing"
	"time"
)

// Each clone announces the records it shares with the store it came from on its own, without
// copying them; a clone made after an announcement starts from the marks of its origin, and
// marks past 64 records are kept apart.
func TestClonesAnnounceApartWithoutCopying(t *testing.T) {
	t.Parallel()
	var rds []RecordData
	for i := range 70 {
		at := t0.Add(time.Duration(i) * time.Minute)
		rds = append(rds, RecordData{Entry: callRecord(t, fmt.Sprintf("r%d", i), at, at.Add(time.Minute))})
	}
	rds[65].Timing = Timing{Available: "1h", From: t0.Add(2 * time.Hour)}
	base := Build(rds)
	a, b := watch(base.Clone(), t0), watch(base.Clone(), t0)
	if next := a.Publish(); !next.Equal(t0.Add(2*time.Hour)) || len(a.took()) != 69 {
		t.Fatalf("first publish: next %v", next)
	}
	if a.Publish(); len(a.took()) != 0 {
		t.Fatal("announced twice")
	}
	for i, r := range a.recs.list {
		if r != base.recs.list[i] {
			t.Fatalf("record %d was copied to be announced", i)
		}
	}
	if b.Publish(); len(b.took()) != 69 {
		t.Fatal("the other clone did not announce its own")
	}
	c := watch(a.Clone(), t0.Add(3*time.Hour))
	if c.Publish(); !same(c.took(), []string{"created " + rds[65].ID + " v1"}) {
		t.Fatal("a clone of an announced store announces what its origin had not")
	}
	if a.Publish(); len(a.took()) != 0 {
		t.Fatal("the clone's announcement reached its origin")
	}
}
