package store

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkBuild builds a store of 20,000 segments the way a loaded scenario is built (Build:
// 1,000 records of 3 sessions of 6 segments and 2 participants, and a session of 2,000), from
// entities made beforehand: the store build's share of a load alone. Compare ns/op, B/op and
// allocs/op across changes in the same run; B/op is about what the built store keeps.
func BenchmarkBuild(b *testing.B) {
	var records []RecordData
	for r := range 1000 {
		start := t0.Add(time.Duration(r) * time.Minute)
		rd := RecordData{Entry: entity(b, fmt.Sprintf("r%d", r), start, start.Add(time.Minute)),
			Organizer: []byte(`{"id":"o","identity":{"user":{"id":"u-o"}}}`)}
		for s := range 3 {
			sd := SessionData{Entry: entity(b, fmt.Sprintf("s%d", s), start, start.Add(time.Minute))}
			n := 6
			if r == 500 && s == 0 {
				n = 2000
			}
			for g := range n {
				sd.Segments = append(sd.Segments, entity(b, fmt.Sprintf("g%d", g), start, start.Add(time.Second)))
			}
			rd.Sessions = append(rd.Sessions, sd)
		}
		for p := range 2 {
			rd.Participants = append(rd.Participants, entity(b, fmt.Sprintf("p%d", p), time.Time{}, time.Time{}))
		}
		records = append(records, rd)
	}
	b.ReportAllocs()
	for b.Loop() {
		if s := Build(records); len(s.recs.list) != len(records) {
			b.Fatal("records missing")
		}
	}
}
