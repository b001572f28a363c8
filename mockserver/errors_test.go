package mockserver_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

func TestErrorPathsAnswerInGraphsEnvelope(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	seg := group + "/sessions/s1/segments"
	tests := []struct {
		name        string
		method      string
		target      string
		status      int
		code        string
		msgContains string
	}{
		{"unknown call record", "GET", "/v1.0/communications/callRecords/nope", 404, "NotFound", "Could not find the requested call record 'nope'"},
		{"unknown session", "GET", group + "/sessions/nope", 404, "NotFound", "session 'nope'"},
		{"unknown segment", "GET", seg + "/nope", 404, "NotFound", "segment 'nope'"},
		{"segments of unknown session", "GET", group + "/sessions/nope/segments", 404, "NotFound", "session 'nope'"},
		{"unknown participant", "GET", p2p + "/participants_v2/nope", 404, "NotFound", "participant 'nope'"},
		{"record without organizer", "GET", group + "/organizer_v2", 404, "NotFound", "no organizer_v2"},
		{"unknown path segment", "GET", "/v1.0/communications/callRecordz", 400, "BadRequest", "Resource not found for the segment 'callRecordz'."},
		{"unknown child segment", "GET", group + "/sessionz", 400, "BadRequest", "segment 'sessionz'"},
		{"too deep", "GET", seg + "/g1/extra", 400, "BadRequest", "segment 'extra'"},
		{"unknown version", "GET", "/v2.0/communications/callRecords", 400, "BadRequest", "Invalid version: v2.0"},
		{"unknown admin route", "GET", "/_mock/nope", 404, "NotFound", "There is no admin route /_mock/nope"},
		{"no version", "GET", "/communications/callRecords", 400, "BadRequest", "Invalid version: communications"},
		{"wrong method on list", "DELETE", "/v1.0/communications/callRecords", 405, "MethodNotAllowed", "'DELETE'"},
		{"wrong method on record", "PUT", group, 405, "MethodNotAllowed", "'PUT'"},
		{"unsupported option", "GET", "/v1.0/communications/callRecords?$orderby=startDateTime", 400, "BadRequest", "'$orderby' is not supported"},
		{"unknown option", "GET", "/v1.0/communications/callRecords?$foo=1", 400, "BadRequest", "'$foo' is not supported"},
		{"option twice", "GET", "/v1.0/communications/callRecords?$top=1&$TOP=2", 400, "BadRequest", "more than once"},
		{"top too big", "GET", group + "/sessions?$top=61", 400, "BadRequest", "Must be between 1 and 60"},
		{"top not a number", "GET", group + "/sessions?$top=ten", 400, "BadRequest", "non-negative integer"},
		{"count not a bool", "GET", group + "/sessions?$count=yes", 400, "BadRequest", "true or false"},
		{"select unknown property", "GET", group + "?$select=nope", 400, "BadRequest", "Could not find a property named 'nope' on type 'microsoft.graph.callRecords.callRecord'"},
		{"expand unknown", "GET", group + "?$expand=nope", 400, "BadRequest", "property named 'nope'"},
		{"expand structural", "GET", group + "?$expand=modalities", 400, "BadRequest", "not a navigation property"},
		{"expand nested unknown", "GET", group + "?$expand=sessions($expand=media)", 400, "BadRequest", "microsoft.graph.callRecords.session"},
		{"expand both", "GET", p2p + "?$expand=sessions,participants_v2", 400, "BadRequest", "Only one relationship"},
		{"expand on list", "GET", "/v1.0/communications/callRecords?$expand=sessions", 400, "BadRequest", "not supported when listing"},
		{"expand unbalanced", "GET", group + "?$expand=sessions($expand=segments", 400, "BadRequest", "parenthes"},
		{"expand on segment", "GET", seg + "/g1?$expand=media", 400, "BadRequest", "'$expand' is not supported"},
		{"filter on other property", "GET", "/v1.0/communications/callRecords?$filter=type%20eq%20'groupCall'", 400, "BadRequest", "filtering on 'type'"},
		{"filter eq on time", "GET", "/v1.0/communications/callRecords?$filter=startDateTime%20eq%202026-11-21T00:00:00Z", 400, "BadRequest", "operator 'eq'"},
		{"filter bad date", "GET", "/v1.0/communications/callRecords?$filter=startDateTime%20ge%20yesterday", 400, "BadRequest", "DateTimeOffset"},
		{"filter or", "GET", "/v1.0/communications/callRecords?$filter=startDateTime%20ge%202026-11-21T00:00:00Z%20or%20startDateTime%20lt%202026-11-20T00:00:00Z", 400, "BadRequest", "'or' is not supported"},
		{"filter on sessions", "GET", group + "/sessions?$filter=isTest%20eq%20true", 400, "BadRequest", "'$filter' is not supported"},
		{"bad percent encoding", "GET", "/v1.0/communications/callRecords?$select=%zz", 400, "BadRequest", "percent-encoded"},
		{"unprefixed option on v1.0 is ignored, not an error", "GET", "/v1.0/communications/callRecords?select=nope", 200, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, s, tc.method, tc.target, nil, nil)
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.code == "" {
				return
			}
			e := decodeError(t, r)
			if e.Error.Code != tc.code || !strings.Contains(e.Error.Message, tc.msgContains) {
				t.Fatalf("error = %s %q, want %s containing %q", e.Error.Code, e.Error.Message, tc.code, tc.msgContains)
			}
			if e.Error.InnerError.Date != "2026-11-28T12:00:00" {
				t.Errorf("innerError.date = %q, want Graph's format without fraction or Z", e.Error.InnerError.Date)
			}
		})
	}
}

func TestMethodNotAllowedListsAllow(t *testing.T) {
	t.Parallel()
	r := do(t, newServer(t), http.MethodPost, group, nil, nil)
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET" {
		t.Fatalf("status %d Allow %q", r.status, r.header.Get("Allow"))
	}
}

func TestEveryResponseCarriesGraphHeaders(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, target := range []string{group, group + "/nope", "/v1.0/communications/callRecords/nope", "/_mock/healthz"} {
		for _, sent := range []string{"", "4f5e7f4c-3c50-4c6b-9b3a-6f0a1d1f4e11"} {
			h := http.Header{}
			if sent != "" {
				h.Set("client-request-id", sent)
			}
			r := get(t, s, target, h)
			rid := r.header.Get("request-id")
			if len(rid) != 36 {
				t.Errorf("%s: request-id %q is not a GUID", target, rid)
			}
			want := sent
			if want == "" {
				want = rid
			}
			if got := r.header.Get("client-request-id"); got != want {
				t.Errorf("%s: client-request-id = %q, want %q", target, got, want)
			}
			if r.header.Get("Date") != "Sat, 28 Nov 2026 12:00:00 GMT" {
				t.Errorf("%s: Date = %q", target, r.header.Get("Date"))
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json;odata.metadata=minimal") {
				t.Errorf("%s: Content-Type = %q", target, r.header.Get("Content-Type"))
			}
			if r.status >= 400 && decodeError(t, r).Error.InnerError.ClientRequestID != want {
				t.Errorf("%s: innerError client-request-id not echoed", target)
			}
		}
	}
}

func TestQueryEncodingsAsRealClientsSendThem(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	base := "/v1.0/communications/callRecords/a0f1c9e2-1111-4c2b-9d6e-000000000002"
	want := get(t, s, base+"?$expand=sessions($expand=segments)", nil)
	if want.status != http.StatusOK {
		t.Fatalf("raw form (JS client): %d %s", want.status, want.body)
	}
	same := map[string]string{
		"go sdk (percent-encoded)": base + "?%24expand=sessions%28%24expand%3Dsegments%29",
		"case-insensitive name":    base + "?$EXPAND=sessions($expand=segments)",
		"spaces in value":          base + "?$expand=sessions(%20$expand=segments%20)",
		"beta without $":           "/beta/communications/callRecords/a0f1c9e2-1111-4c2b-9d6e-000000000002?expand=sessions(expand=segments)",
	}
	for name, target := range same {
		r := get(t, s, target, nil)
		body := bytes.ReplaceAll(r.body, []byte("/beta/"), []byte("/v1.0/"))
		if r.status != http.StatusOK || !bytes.Equal(body, want.body) {
			t.Errorf("%s: status %d, body differs from the raw form:\n%s", name, r.status, r.body)
		}
	}
}

func TestIDsArePercentDecoded(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r := get(t, s, "/v1.0/communications/callRecords/a0f1c9e2%2D1111-4c2b-9d6e-000000000002/sessions/s%31", nil)
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	r = get(t, s, "/v1.0/communications/callRecords/a%2Fb", nil)
	if r.status != http.StatusNotFound || !strings.Contains(decodeError(t, r).Error.Message, "'a/b'") {
		t.Fatalf("encoded slash: %d %s", r.status, r.body)
	}
}
