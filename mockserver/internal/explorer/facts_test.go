package explorer

import "testing"

// TestExplorerFacts checks how the explorer names endpoints, organizers, failures and media
// from Graph JSON, including the shapes that lack a name.
func TestExplorerFacts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw  string
		want endpointCell
	}{
		{`{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","name":"PC-1","associatedIdentity":{"displayName":"Alice"},"userAgent":{"platform":"windows","productFamily":"teams"}}`, endpointCell{"Alice", "windows · teams"}},
		{`{"identity":{"phone":{"id":"+1425"}},"userAgent":{"platform":"web"}}`, endpointCell{"phone +1425", "web"}},
		{`{"name":"PC-2"}`, endpointCell{"PC-2", ""}},
		{`{"@odata.type":"#microsoft.graph.callRecords.serviceEndpoint","userAgent":{"role":"gateway"}}`, endpointCell{"service", "gateway"}},
		{`null`, endpointCell{}},
		{``, endpointCell{}},
	} {
		if got := endpoint([]byte(tc.raw)); got != tc.want {
			t.Errorf("endpoint(%s) = %+v, want %+v", tc.raw, got, tc.want)
		}
	}
	if got := organizerName([]byte(`{"id":"o1","identity":{"@odata.type":"#x","guest":{"displayName":"Guest"}}}`)); got != "guest Guest" {
		t.Errorf("organizerName(guest) = %q", got)
	}
	if got := organizerName([]byte(`{"id":"o1","identity":{}}`)); got != "o1" {
		t.Errorf("organizerName(no identity) = %q, want the id", got)
	}
	for raw, want := range map[string]string{
		`{"stage":"midcall","reason":"Network dropped"}`: "midcall: Network dropped",
		`{"stage":"callSetup","reason":null}`:            "callSetup",
		`null`:                                           "",
	} {
		if got := failure([]byte(raw)); got != want {
			t.Errorf("failure(%s) = %q, want %q", raw, got, want)
		}
	}
	if got := mediaSummary([]byte(`[{"label":"main-audio","streams":[{},{}]},{"label":null,"streams":[{}]},{"label":"v"}]`)); got != "main-audio (2 streams), media (1 stream), v" {
		t.Errorf("mediaSummary = %q", got)
	}
	if got := newTimeCell("2026-11-20T09:14:03.2169889Z"); got.Short != "2026-11-20 09:14:03Z" || got.Exact != "2026-11-20T09:14:03.2169889Z" {
		t.Errorf("newTimeCell = %+v", got)
	}
	if got := duration("2026-11-20T09:00:00Z", "2026-11-20T09:00:00.25Z"); got != "250ms" {
		t.Errorf("duration of a quarter second = %q", got)
	}
	if got := duration("x", "2026-11-20T09:00:00Z"); got != "" {
		t.Errorf("duration of a malformed time = %q, want empty", got)
	}
}
