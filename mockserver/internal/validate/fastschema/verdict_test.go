package fastschema

import (
	"bytes"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// verdictAgrees checks an accepted entity's verdict against canon itself: Canonical means
// CanonicalClean leaves the bytes as they are, and every entity canon finds evolvable is
// evolvable in the verdict. Definitions that are not entity types have no canonical form of their
// own and are skipped.
func verdictAgrees(t *testing.T, def string, raw []byte, verdict canon.Verdict) {
	t.Helper()
	for _, et := range model.All() {
		if et.Name() != def {
			continue
		}
		out, err := canon.CanonicalClean(et, jsondoc.Object{Raw: raw})
		if err != nil {
			t.Fatalf("CanonicalClean(%s): %v", def, err)
		}
		if verdict.Canonical && !bytes.Equal(out.Raw, raw) {
			t.Fatalf("Accept(%s) says canonical, canon rewrites it:\n%s\nto\n%s", def, raw, out.Raw)
		}
		if out.Evolvable && !verdict.Evolvable {
			t.Fatalf("Accept(%s) says not evolvable, canon says evolvable:\n%s", def, raw)
		}
	}
}

// TestAcceptVerdict: each kind of value canon rewrites makes the verdict not canonical, an
// evolvable enum member makes it evolvable, and values already canonical leave it canonical.
func TestAcceptVerdict(t *testing.T) {
	t.Parallel()
	set := fast(t)
	const record = "microsoft.graph.callRecords.callRecord"
	const segment = "microsoft.graph.callRecords.segment"
	base := `{"id":"r","startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00.5Z","lastModifiedDateTime":"2026-11-24T16:40:00Z","type":"groupCall","version":1,"modalities":["audio","video"]}`
	seg := `{"id":"g","startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z",` +
		`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"windows","productFamily":"teams"}},` +
		`"media":[{"streams":[{"averagePacketLossRate":0.25,"packetUtilization":1200,"streamDirection":"callerToCallee"}]}]}`
	for _, tc := range []struct {
		name, def, old, new  string
		canonical, evolvable bool
	}{
		{"canonical record", record, "", "", true, false},
		{"canonical segment", segment, "", "", true, false},
		{"an offset date-time", record, `"2026-11-24T16:35:00Z"`, `"2026-11-24T17:35:00+01:00"`, false, false},
		{"a zero offset", segment, `"2026-11-24T16:35:00Z"`, `"2026-11-24T16:35:00+00:00"`, false, false},
		{"an integer with a point", record, `"version":1`, `"version":1.0`, false, false},
		{"an integer with an exponent", record, `"version":1`, `"version":1e0`, false, false},
		{"minus zero", record, `"version":1`, `"version":-0`, false, false},
		{"a long integer", segment, `1200`, `120000000000`, true, false},
		{"an escaped enum member", record, `"groupCall"`, `"group\u0043all"`, false, false},
		{"an escaped enum in an array", record, `"video"`, `"vide\u006f"`, false, false},
		{"a float with a trailing zero", segment, `0.25`, `0.250`, false, false},
		{"a float with an exponent", segment, `0.25`, `2.5e-1`, false, false},
		{"a float too precise for a Single", segment, `0.25`, `0.123456789`, false, false},
		{"a Single whose shortest form has 7 digits", segment, `0.25`, `142.7316`, true, false},
		{"an evolvable enum member", segment, `"teams"`, `"azureCommunicationServices"`, true, true},
		{"an escaped evolvable enum member", segment, `"teams"`, `"\u0061zureCommunicationServices"`, false, true},
	} {
		raw := base
		if tc.def == segment {
			raw = seg
		}
		if tc.old != "" {
			if !strings.Contains(raw, tc.old) {
				t.Fatalf("%s: %s not in the base", tc.name, tc.old)
			}
			raw = strings.Replace(raw, tc.old, tc.new, 1)
		}
		ok, verdict := set.Accept(tc.def, []byte(raw), 100, nil)
		if !ok {
			t.Errorf("%s: not accepted: %s", tc.name, raw)
			continue
		}
		if verdict != (canon.Verdict{Canonical: tc.canonical, Evolvable: tc.evolvable}) {
			t.Errorf("%s: verdict %+v, want canonical %v evolvable %v", tc.name, verdict, tc.canonical, tc.evolvable)
		}
		verdictAgrees(t, tc.def, []byte(raw), verdict)
	}
}

// TestAcceptFindsWantedMembers: an accepted object's wanted members come back as written, of
// every kind; an absent one is nil; nothing is found in an object that is not accepted.
func TestAcceptFindsWantedMembers(t *testing.T) {
	t.Parallel()
	set := fast(t)
	const def = "microsoft.graph.callRecords.callRecord"
	raw := `{"id":"r\u0031","startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z","lastModifiedDateTime":"2026-11-24T16:40:00Z","joinWebUrl":null,"type":"groupCall","version":12,"modalities":["audio"],"organizer":{"user":{"id":"u"}}}`
	want := []jsondoc.Field{{Name: "id"}, {Name: "version"}, {Name: "joinWebUrl"}, {Name: "modalities"}, {Name: "organizer"}, {Name: "participants"}, {Name: "endDateTime"}}
	ok, _ := set.Accept(def, []byte(raw), 100, want)
	if !ok {
		t.Fatalf("not accepted: %s", raw)
	}
	got := map[string]string{}
	for _, f := range want {
		if f.Value != nil {
			got[f.Name] = string(f.Value)
		}
	}
	wantValues := map[string]string{"id": `"r\u0031"`, "version": "12", "joinWebUrl": "null", "modalities": `["audio"]`, "organizer": `{"user":{"id":"u"}}`, "endDateTime": `"2026-11-24T16:36:00Z"`}
	for name, v := range wantValues {
		if got[name] != v {
			t.Errorf("%s = %q, want %q", name, got[name], v)
		}
	}
	if _, found := got["participants"]; found {
		t.Errorf("an absent member was found: %q", got["participants"])
	}
	want[0].Value = []byte("stale")
	if ok, _ := set.Accept(def, []byte(`{"id":1}`), 100, want); ok || string(want[0].Value) != "stale" {
		t.Errorf("a refused object: ok %v, id %q", ok, want[0].Value)
	}
}
