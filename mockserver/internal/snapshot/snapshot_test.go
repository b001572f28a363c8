package snapshot

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// fixtures are scenarios with everything a snapshot holds: fault rules, an organizer given as
// null, a repeated participant and an integer past float64's precision here; times written with
// offsets and an evolvable enum member (canonical form), report rows, the clock, the retention
// and records' availability in the scenario package's fixtures, shared (sharedFixtures).
var fixtures = map[string]string{
	"two": `name: two
description: two records, one session
callRecords:
  - id: r1
    startDateTime: 2026-11-20T09:59:59.1234567Z
    endDateTime: 2026-11-20T11:00:00Z
    organizer_v2: {id: o1, identity: {user: {id: u1}}}
    participants_v2: [{id: p1, identity: {user: {id: u2}}}, {id: p1}]
    sessions:
      - id: s1
        startDateTime: 2026-11-20T10:00:00Z
        endDateTime: 2026-11-20T10:30:00Z
        segments:
          - {id: g1, startDateTime: 2026-11-20T10:00:00Z, endDateTime: 2026-11-20T10:10:00Z, media: [{x: 9007199254740993}]}
          - {id: "g 2", startDateTime: 2026-11-20T10:10:00Z}
  - id: r2
    organizer_v2: null
faults:
  - {id: f1, status: 429}
  - {preset: graph-throttling}
`,
}

// sharedFixtures are the scenario package's test scenarios this package round-trips too.
var sharedFixtures = []string{"canonical", "rows", "timeline"}

// allFixtures is fixtures and the shared ones, read from the scenario package's testdata.
func allFixtures(t *testing.T) map[string]string {
	t.Helper()
	all := maps.Clone(fixtures)
	for _, name := range sharedFixtures {
		data, err := os.ReadFile(filepath.Join("..", "scenario", "testdata", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		all[name] = string(data)
	}
	return all
}

// TestSnapshotRoundTrip loads each fixture, snapshots it and loads the snapshot: the same
// summary, clock, retention and fault rules; every entity with the same JSON, evolvable mark,
// id and times; the same people, timing and report rows; the same export; and a snapshot of the
// snapshot is the same bytes.
func TestSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	for name, yaml := range allFixtures(t) {
		l, err := scenario.Load(name+".yaml", []byte(yaml), nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		snap, err := Encode(l)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(snap)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, snap)
		}
		if back.Info != l.Info || !back.Clock.Equal(l.Clock) || back.Retention != l.Retention || fmt.Sprint(back.Faults) != fmt.Sprint(l.Faults) {
			t.Errorf("%s: info %+v clock %v retention %q faults %s, want %+v %v %q %s", name, back.Info, back.Clock, back.Retention, back.Faults, l.Info, l.Clock, l.Retention, l.Faults)
		}
		if got, want := describe(back), describe(l); got != want {
			t.Errorf("%s: the snapshot holds\n%s\nwant\n%s", name, got, want)
		}
		h := scenario.Header{Name: l.Info.Name, Description: l.Info.Description, Clock: l.Clock, Retention: l.Retention}
		want, err := scenario.Export(h, l.Store.Snapshot(), l.Reports, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := scenario.Export(h, back.Store.Snapshot(), back.Reports, nil)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: the snapshot exports\n%s\nwant\n%s (err %v)", name, got, want, err)
		}
		again, err := Encode(back)
		if err != nil || !bytes.Equal(again, snap) {
			t.Errorf("%s: a snapshot of the snapshot differs (err %v)", name, err)
		}
	}
}

// describe writes down what a loaded scenario's store and reports hold, entity by entity.
func describe(l *scenario.Loaded) string {
	var b strings.Builder
	entity := func(kind string, e store.Entry) {
		fmt.Fprintf(&b, "%s %q %v %v %v %s\n", kind, e.ID, e.Start, e.End, e.Obj.Evolvable, e.Obj.Raw)
	}
	for _, rd := range l.Store.Snapshot() {
		entity("R", rd.Entry)
		fmt.Fprintf(&b, "  organizer %s timing %+v people %q\n", rd.Organizer, rd.Timing, rd.People)
		for _, p := range rd.Participants {
			entity("  P", p)
		}
		for _, sd := range rd.Sessions {
			entity("  S", sd.Entry)
			for _, g := range sd.Segments {
				entity("    G", g)
			}
		}
	}
	for _, k := range reports.Kinds() {
		for _, r := range l.Reports.Rows(k) {
			fmt.Fprintf(&b, "%s %v %v %s\n", k.ScenarioKey(), r.Start, r.Obj.Evolvable, r.Obj.Raw)
		}
	}
	return b.String()
}

// TestSnapshotKeepsReportRowsUnscanned: a snapshot's rows are scanned on first use; one that does
// not scan is kept as its bytes, and one without a start starts at the zero time.
func TestSnapshotKeepsReportRowsUnscanned(t *testing.T) {
	t.Parallel()
	damaged, err := Decode([]byte(header + "\nC 10\nC 7\nD 49\nB\n{\"id\":\"x\"}\n{\"id\":}\n{\"id\":\"y\",\"startDateTime\":\"2019-11-01T00:00:00Z\"}\n"))
	if err != nil || damaged.Reports.Len(reports.PSTN) != 2 || damaged.Reports.Len(reports.DirectRouting) != 1 {
		t.Fatalf("rows in a snapshot: %v", err)
	}
	if rows := damaged.Reports.Rows(reports.PSTN); string(rows[1].Obj.Raw) != `{"id":}` || !rows[0].Start.IsZero() {
		t.Errorf("rows that do not scan or have no start: %+v", rows)
	}
	if got := damaged.Reports.ByStart(reports.DirectRouting); len(got) != 1 || got[0].Start.IsZero() {
		t.Errorf("a row that scans: %+v", got)
	}
}

// TestSnapshotRefusesDamage names the line of whatever does not decode, and refuses a body that
// does not hold what the head's lengths say.
func TestSnapshotRefusesDamage(t *testing.T) {
	t.Parallel()
	const h = header + "\n"
	for _, tc := range []struct{ name, data, want string }{
		{"no header", `I {}`, "first line"},
		{"other version", "graphmock-snapshot 4\nB\n", "first line"},
		{"no kind", h + "{}\nB\n", "line 2: not KIND JSON"},
		{"unknown kind", h + "R {\"id\":\"r\"}\nX {}\nB\n", `line 3: unknown kind 'X'`},
		{"orphan session", h + "S 2 s - -\nB\n{}\n", "line 2: a 'S' line before the first call record"},
		{"orphan participant", h + "P 2 p - -\nB\n{}\n", "line 2: a 'P' line before the first call record"},
		{"orphan people", h + "U a b\nB\n", "line 2: a 'U' line before the first call record"},
		{"orphan segment", h + "R {\"id\":\"r\"}\nG 2 g - -\nB\n{}\n", "line 3: a segment before"},
		{"bad json", h + "R {\"id\":}\nB\n", "line 2"},
		{"bad time", h + "R {\"id\":\"r\",\"startDateTime\":\"noon\"}\nB\n", "line 2: r:"},
		{"session without its length", h + "R {\"id\":\"r\"}\nS s - -\nB\n", "line 3: a 'S' line without the length"},
		{"segment without its key", h + "R {\"id\":\"r\"}\nS 2 s - -\nG 2\nB\n{}\n{}\n", "line 4: a 'G' line without its key"},
		{"segment with a short key", h + "R {\"id\":\"r\"}\nS 2 s - -\nG 2 g -\nB\n{}\n{}\n", "line 4: a key that is not ID START END"},
		{"segment with a long key", h + "R {\"id\":\"r\"}\nS 2 s - -\nG 2 g - - x\nB\n{}\n{}\n", "line 4: a key that is not ID START END"},
		{"segment with a bad time", h + "R {\"id\":\"r\"}\nS 2 s - -\nG 2 g - later\nB\n{}\n{}\n", `line 4: g: endDateTime "later"`},
		{"an id that does not end", h + "R {\"id\":\"r\"}\nS 2 \"s - -\nB\n{}\n", "line 3: a key that is not ID START END"},
		{"a quoted id run on", h + "R {\"id\":\"r\"}\nS 2 \"s\"x - -\nB\n{}\n", "line 3: a key that is not ID START END"},
		{"people that do not read", h + "R {\"id\":\"r\"}\nU \"a\nB\n", "line 3: a token that does not read"},
		{"row with a key", h + "C 2 x\nB\n{}\n", "line 2: a 'C' line with more than the length"},
		{"row with a bad length", h + "C 2x\nB\n{}\n", "line 2: a 'C' line without the length"},
		{"no B line", h + "R {\"id\":\"r\"}\n", "line 3: the snapshot ends before its B line"},
		{"short body", h + "C 2\nC 3\nB\n{}\n{}\n", "the body (6 bytes) is shorter"},
		{"long body", h + "C 2\nB\n{}\n{}\n", "the body holds 6 bytes, the head's lengths 3"},
		{"bad info", h + "I [1]\nB\n", "line 2"},
		{"bad count", h + "I {\"segments\":\"many\"}\nB\n", "line 2: segments is not a count"},
		{"bad clock", h + "T {\"clock\":\"noon\"}\nB\n", `line 2: clock "noon"`},
		{"bad availability", h + "R {\"id\":\"r\"}\nA {\"from\":\"noon\"}\nB\n", `line 3: from "noon"`},
	} {
		_, err := Decode([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want it to say %q", tc.name, err, tc.want)
		}
	}
}

// TestSnapshotDefersTheBody: a snapshot's participants, sessions, segments and report rows are
// sliced out of its body, not read: a body of bytes that are not JSON decodes, and each entity
// reads as an object without members, keeping its bytes. A body that is JSON reads as such. The
// keys and the people come from the head, quoted tokens unquoted.
func TestSnapshotDefersTheBody(t *testing.T) {
	t.Parallel()
	data := header + "\nR {\"id\":\"r\"}\nU u1 \"u 2\"\nP 2 \"\" - -\nS+ 12 \"s\\\"1\" - -\nG 3 g 2026-11-20T09:00:00Z 2026-11-20T09:05:00Z\nC 4\nB\n" +
		"{}\n{\"a\":[true]}\nxyz\n{\"\"}\n"
	l, err := Decode([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	recs := l.Store.Snapshot()
	if len(recs) != 1 || len(recs[0].Sessions) != 1 || len(recs[0].Sessions[0].Segments) != 1 || len(recs[0].Participants) != 1 {
		t.Fatalf("records %+v", recs)
	}
	if got := recs[0].People; len(got) != 2 || got[0] != "u1" || got[1] != "u 2" {
		t.Errorf("people %q", got)
	}
	if p := recs[0].Participants[0]; p.ID != "" || string(p.Obj.Raw) != "{}" {
		t.Errorf("participant %q %s", p.ID, p.Obj.Raw)
	}
	ses, seg := recs[0].Sessions[0], recs[0].Sessions[0].Segments[0]
	if ses.ID != `s"1` || string(ses.Obj.Raw) != `{"a":[true]}` || !ses.Obj.Evolvable || string(ses.Obj.Get("a")) != "[true]" || !ses.Start.IsZero() {
		t.Errorf("session %q %s evolvable %v", ses.ID, ses.Obj.Raw, ses.Obj.Evolvable)
	}
	if seg.ID != "g" || string(seg.Obj.Raw) != "xyz" || seg.Obj.Evolvable || seg.Start.Minute() != 0 || seg.End.Minute() != 5 {
		t.Errorf("segment %q %s %v %v", seg.ID, seg.Obj.Raw, seg.Start, seg.End)
	}
	if rows := l.Reports.Rows(reports.PSTN); len(rows) != 1 || string(rows[0].Obj.Raw) != `{""}` {
		t.Errorf("rows %+v", rows)
	}
}

// TestSnapshotTokens: ids and times that are not plain are quoted, and read back as they were.
func TestSnapshotTokens(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"a", "-", "", "a b", `a"b`, `a\b`, "é", "a\nb", "\x00", "--"} {
		b := appendToken(nil, s)
		if plainToken(s) != (string(b) == s) {
			t.Errorf("%q written as %s", s, b)
		}
		tok, rest, ok, err := nextToken(append(b, " next"...))
		if err != nil || !ok || string(tok) != s || string(rest) != "next" {
			t.Errorf("%q: read %q, rest %q, %v %v", s, tok, rest, ok, err)
		}
	}
}

// TestSnapshotInfoRoundTrip: every field of Info survives a snapshot (decodeInfo reads them by
// name, not through encoding/json), and so do the clock, the retention and a record's timing.
func TestSnapshotInfoRoundTrip(t *testing.T) {
	t.Parallel()
	info := scenario.Info{Name: "n \"x\"", Description: "d\nline", Source: "s.yaml", CallRecords: 1, Sessions: 2, Segments: 3,
		Participants: 4, PstnCalls: 5, DirectRoutingCalls: 6}
	v := reflect.ValueOf(info)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("set Info.%s in this test", v.Type().Field(i).Name)
		}
	}
	clock := time.Date(2026, 11, 28, 11, 0, 0, 123456789, time.UTC)
	l, err := scenario.Load("t.yaml", []byte("callRecords:\n  - id: r\n    endDateTime: \"2026-11-28T10:00:00Z\"\n    availableAfter: 25m\n"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Info, l.Clock, l.Retention = info, clock, "30d"
	snap, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(snap)
	if err != nil {
		t.Fatal(err)
	}
	if back.Info != info || !back.Clock.Equal(clock) || back.Retention != "30d" {
		t.Errorf("got %+v %v %q", back.Info, back.Clock, back.Retention)
	}
	if a, b := back.Store.Snapshot()[0].Timing, l.Store.Snapshot()[0].Timing; a.Available != b.Available || !a.From.Equal(b.From) || a.From.IsZero() {
		t.Errorf("timing %+v, want %+v", a, b)
	}
}
