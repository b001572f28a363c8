package scenario

import (
	"bytes"
	"strings"
	"testing"
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

// TestSnapshotRefusesDamage names the line of whatever does not decode.
func TestSnapshotRefusesDamage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, data, want string }{
		{"no header", `I {}`, "first line"},
		{"other version", "graphmock-snapshot 3\n", "first line"},
		{"no kind", "graphmock-snapshot 4\n{}\n", "line 2 is not KIND JSON"},
		{"unknown kind", "graphmock-snapshot 4\nR {\"id\":\"r\"}\nX {}\n", `line 3: unknown kind 'X'`},
		{"orphan session", "graphmock-snapshot 4\nS {\"id\":\"s\"}\n", "line 2: a 'S' line before the first call record"},
		{"orphan segment", "graphmock-snapshot 4\nR {\"id\":\"r\"}\nG {\"id\":\"g\"}\n", "line 3: a segment before"},
		{"bad json", "graphmock-snapshot 4\nR {\"id\":}\n", "line 2"},
		{"bad time", "graphmock-snapshot 4\nR {\"id\":\"r\",\"startDateTime\":\"noon\"}\n", "line 2: r:"},
		{"segment without its key", "graphmock-snapshot 4\nR {\"id\":\"r\"}\nS {\"id\":\"s\"}\nG {\"id\":\"g\"}\n", "line 4: a segment without its key"},
		{"segment with a bad key", "graphmock-snapshot 4\nR {\"id\":\"r\"}\nS {\"id\":\"s\"}\nG {\"id\":\"g\",\"endDateTime\":\"later\"}\t{}\n", "line 4: g:"},
		{"bad info", "graphmock-snapshot 4\nI [1]\n", "line 2"},
	} {
		_, err := DecodeSnapshot([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want it to say %q", tc.name, err, tc.want)
		}
	}
}
