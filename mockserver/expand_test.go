package mockserver_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// $expand and $select through paged, expanded collections, as the Graph SDK conformance suite
// (conformance/, a module of its own) exercises them. Each names the conformance test that found a bug.

// sdkScenario is one call record with three sessions (one segment each) and three participants,
// served two a page so that expanded collections carry a nextLink.
const sdkScenario = `{"name":"sdk","callRecords":[{"id":"r","version":1,"type":"groupCall","modalities":["audio"],
 "lastModifiedDateTime":"2026-11-20T10:01:00Z","startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T10:00:00Z",
 "participants_v2":[
  {"id":"p1","identity":{"user":{"id":"p1","displayName":"One"}}},
  {"id":"p2","identity":{"user":{"id":"p2","displayName":"Two"}}},
  {"id":"p3","identity":{"user":{"id":"p3","displayName":"Three"}}}],
 "sessions":[
  {"id":"s1","modalities":["audio"],"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:10:00Z",
   "segments":[{"id":"g1","startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:10:00Z"}]},
  {"id":"s2","modalities":["audio"],"startDateTime":"2026-11-20T09:10:00Z","endDateTime":"2026-11-20T09:20:00Z",
   "segments":[{"id":"g2","startDateTime":"2026-11-20T09:10:00Z","endDateTime":"2026-11-20T09:20:00Z"}]},
  {"id":"s3","modalities":["audio"],"startDateTime":"2026-11-20T09:20:00Z","endDateTime":"2026-11-20T09:30:00Z",
   "segments":[{"id":"g3","startDateTime":"2026-11-20T09:20:00Z","endDateTime":"2026-11-20T09:30:00Z"}]}]}]}`

// memberNames returns the sorted member names of a JSON object.
func memberNames(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("not an object: %v\n%s", err, raw)
	}
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// pathOf turns an absolute link on the test host into a request target.
func pathOf(t *testing.T, link string) string {
	t.Helper()
	target, ok := strings.CutPrefix(link, "http://example.com")
	if !ok {
		t.Fatalf("link %q is not on the request's host", link)
	}
	return target
}

// Found by TestExpandedSessionsNextLinkKeepsNestedOptions: sessions@odata.nextLink kept
// $expand=segments but dropped the segments' nested $select, so the sessions after the first page
// came back with whole segments.
func TestSDKRegressionSessionsNextLinkKeepsNestedSelect(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithScenarioBytes("sdk.json", []byte(sdkScenario)), mockserver.WithPageSize(2))
	r := get(t, s, "/v1.0/communications/callRecords/r?$expand=sessions($select=id;$expand=segments($select=id,startDateTime))", nil)
	var rec struct {
		Sessions []json.RawMessage `json:"sessions"`
		Next     string            `json:"sessions@odata.nextLink"`
	}
	if err := json.Unmarshal(r.body, &rec); err != nil {
		t.Fatalf("%v\n%s", err, r.body)
	}
	if len(rec.Sessions) != 2 || rec.Next == "" {
		t.Fatalf("inline sessions = %d, nextLink %q; want 2 and a link", len(rec.Sessions), rec.Next)
	}
	page := decodeCollection(t, get(t, s, pathOf(t, rec.Next), nil))
	if len(page.Value) != 1 {
		t.Fatalf("sessions behind %s = %d, want 1", rec.Next, len(page.Value))
	}
	for _, ses := range append(rec.Sessions, page.Value...) {
		if got := memberNames(t, ses); !slices.Equal(got, []string{"id", "segments"}) {
			t.Errorf("session members = %v, want [id segments] (link %s)", got, rec.Next)
		}
		var v struct{ Segments []json.RawMessage }
		_ = json.Unmarshal(ses, &v)
		for _, seg := range v.Segments {
			if got := memberNames(t, seg); !slices.Equal(got, []string{"id", "startDateTime"}) {
				t.Errorf("segment members = %v, want [id startDateTime] (link %s)", got, rec.Next)
			}
		}
	}
}

// Found by TestExpandParticipantsWithSelect: $expand=participants_v2($select=id) ignored the
// nested $select, both for the participants inline and behind participants_v2@odata.nextLink.
func TestSDKRegressionExpandParticipantsHonoursSelect(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithScenarioBytes("sdk.json", []byte(sdkScenario)), mockserver.WithPageSize(2))
	r := get(t, s, "/v1.0/communications/callRecords/r?$expand=participants_v2($select=id)", nil)
	var rec struct {
		Participants []json.RawMessage `json:"participants_v2"`
		Next         string            `json:"participants_v2@odata.nextLink"`
	}
	if err := json.Unmarshal(r.body, &rec); err != nil {
		t.Fatalf("%v\n%s", err, r.body)
	}
	if len(rec.Participants) != 2 || rec.Next == "" {
		t.Fatalf("inline participants = %d, nextLink %q; want 2 and a link", len(rec.Participants), rec.Next)
	}
	page := decodeCollection(t, get(t, s, pathOf(t, rec.Next), nil))
	if got := ids(t, page.Value); !slices.Equal(got, []string{"p3"}) {
		t.Fatalf("participants behind %s = %v, want [p3]", rec.Next, got)
	}
	for _, p := range append(rec.Participants, page.Value...) {
		if got := memberNames(t, p); !slices.Equal(got, []string{"id"}) {
			t.Errorf("participant members = %v, want [id] (link %s)", got, rec.Next)
		}
	}
}
