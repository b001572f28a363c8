package scenario

import (
	"testing"
)

// TestLoadStoresTheCanonicalForm checks that loading rewrites each entity as Graph serves it and
// marks the ones with evolvable members (the snapshot package checks that a snapshot keeps both).
func TestLoadStoresTheCanonicalForm(t *testing.T) {
	t.Parallel()
	l, err := Load("canon.yaml", readFixture(t, "canonical"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(from string, l *Loaded) {
		recs := l.Store.Snapshot()
		rec, ses := recs[0], recs[0].Sessions[0]
		for _, tc := range []struct {
			what, got, want   string
			evolvable, wantEv bool
		}{
			{"record", string(rec.Obj.Raw), `{"id":"r","version":1,"startDateTime":"2026-11-20T09:00:00.500Z","endDateTime":"2026-11-20T11:00:00Z"}`, rec.Obj.Evolvable, false},
			{"organizer", string(rec.Organizer), `{"id":"o"}`, false, false},
			{"session", string(ses.Obj.Raw), `{"id":"s","startDateTime":"2026-11-20T09:00:01Z","endDateTime":"2026-11-20T09:30:00Z","caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"web","productFamily":"azureCommunicationServices"}}}`, ses.Obj.Evolvable, true},
			{"segment", string(ses.Segments[0].Obj.Raw), `{"id":"g","startDateTime":"2026-11-20T09:00:02Z","endDateTime":"2026-11-20T09:10:00Z","media":[{"streams":[{"packetUtilization":100,"averagePacketLossRate":1}]}]}`, ses.Segments[0].Obj.Evolvable, false},
		} {
			if tc.got != tc.want || tc.evolvable != tc.wantEv {
				t.Errorf("%s: %s:\n got %s (evolvable %v)\nwant %s (evolvable %v)", from, tc.what, tc.got, tc.evolvable, tc.want, tc.wantEv)
			}
		}
		if got := rec.Start.String(); got != "2026-11-20 09:00:00.5 +0000 UTC" {
			t.Errorf("%s: record start %s", from, got)
		}
	}
	check("YAML", l)
}
