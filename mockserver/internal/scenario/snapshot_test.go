package scenario

import (
	"bytes"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/reports"
)

// TestSnapshotRoundTrip loads a scenario, snapshots it and loads the snapshot: the store exports
// the same scenario, with the same summary and fault rules.
func TestSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	l, err := Load("two.yaml", []byte(twoRecords), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := EncodeSnapshot(l)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeSnapshot(snap)
	if err != nil {
		t.Fatalf("%v\n%s", err, snap)
	}
	if back.Info != l.Info || len(back.Faults) != len(l.Faults) {
		t.Fatalf("info %+v faults %d, want %+v %d", back.Info, len(back.Faults), l.Info, len(l.Faults))
	}
	want, err := Export(Header{Name: l.Info.Name, Description: l.Info.Description}, l.Store.Snapshot(), l.Reports, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Export(Header{Name: back.Info.Name, Description: back.Info.Description}, back.Store.Snapshot(), back.Reports, nil)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the snapshot exports\n%s\nwant\n%s (err %v)", got, want, err)
	}
	again, err := EncodeSnapshot(back)
	if err != nil || !bytes.Equal(again, snap) {
		t.Fatalf("a snapshot of the snapshot differs (err %v)", err)
	}
}

// TestSnapshotRefusesDamage names the line of whatever does not decode, and refuses a body that
// does not hold what the head's lengths say.
func TestSnapshotRefusesDamage(t *testing.T) {
	t.Parallel()
	const h = snapshotHeader + "\n"
	for _, tc := range []struct{ name, data, want string }{
		{"no header", `I {}`, "first line"},
		{"other version", "graphmock-snapshot 4\nB\n", "first line"},
		{"no kind", h + "{}\nB\n", "line 2: not KIND JSON"},
		{"unknown kind", h + "R {\"id\":\"r\"}\nX {}\nB\n", `line 3: unknown kind 'X'`},
		{"orphan session", h + "S 2 {\"id\":\"s\"}\nB\n{}\n", "line 2: a 'S' line before the first call record"},
		{"orphan participant", h + "P {\"id\":\"p\"}\nB\n", "line 2: a 'P' line before the first call record"},
		{"orphan segment", h + "R {\"id\":\"r\"}\nG 2 {\"id\":\"g\"}\nB\n{}\n", "line 3: a segment before"},
		{"bad json", h + "R {\"id\":}\nB\n", "line 2"},
		{"bad time", h + "R {\"id\":\"r\",\"startDateTime\":\"noon\"}\nB\n", "line 2: r:"},
		{"session without its length", h + "R {\"id\":\"r\"}\nS {\"id\":\"s\"}\nB\n", "line 3: a 'S' line without the length"},
		{"segment without its key", h + "R {\"id\":\"r\"}\nS 2 {\"id\":\"s\"}\nG 2\nB\n{}\n{}\n", "line 4: a 'G' line without its key"},
		{"segment with a bad key", h + "R {\"id\":\"r\"}\nS 2 {\"id\":\"s\"}\nG 2 {\"id\":\"g\",\"endDateTime\":\"later\"}\nB\n{}\n{}\n", "line 4: g:"},
		{"row with a key", h + "C 2x\nB\n{}\n", "line 2: a 'C' line without the length"},
		{"no B line", h + "R {\"id\":\"r\"}\n", "line 3: the snapshot ends before its B line"},
		{"short body", h + "C 2\nC 3\nB\n{}\n{}\n", "the body (6 bytes) is shorter"},
		{"long body", h + "C 2\nB\n{}\n{}\n", "the body holds 6 bytes, the head's lengths 3"},
		{"bad info", h + "I [1]\nB\n", "line 2"},
	} {
		_, err := DecodeSnapshot([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want it to say %q", tc.name, err, tc.want)
		}
	}
}

// TestSnapshotDefersTheBody: a snapshot's sessions, segments and report rows are sliced out of
// its body, not read: a body of bytes that are not JSON decodes, and each entity reads as an
// object without members, keeping its bytes. A body that is JSON reads as such.
func TestSnapshotDefersTheBody(t *testing.T) {
	t.Parallel()
	key := `{"id":"g","startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:05:00Z"}`
	data := snapshotHeader + "\nR {\"id\":\"r\"}\nS+ 12 {\"id\":\"s\"}\nG 3 " + key + "\nC 4\nB\n{\"a\":[true]}\nxyz\n{\"\"}\n"
	l, err := DecodeSnapshot([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	recs := l.Store.Snapshot()
	if len(recs) != 1 || len(recs[0].Sessions) != 1 || len(recs[0].Sessions[0].Segments) != 1 {
		t.Fatalf("records %+v", recs)
	}
	ses, seg := recs[0].Sessions[0], recs[0].Sessions[0].Segments[0]
	if ses.ID != "s" || string(ses.Obj.Raw) != `{"a":[true]}` || !ses.Obj.Evolvable || string(ses.Obj.Get("a")) != "[true]" {
		t.Errorf("session %q %s evolvable %v", ses.ID, ses.Obj.Raw, ses.Obj.Evolvable)
	}
	if seg.ID != "g" || string(seg.Obj.Raw) != "xyz" || seg.Obj.Evolvable || seg.Start.Minute() != 0 || seg.End.Minute() != 5 {
		t.Errorf("segment %q %s %v %v", seg.ID, seg.Obj.Raw, seg.Start, seg.End)
	}
	if rows := l.Reports.Rows(reports.PSTN); len(rows) != 1 || string(rows[0].Obj.Raw) != `{""}` {
		t.Errorf("rows %+v", rows)
	}
}
