package mockserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeFaults and fakeJournal stand in for fault injection and the journal behind the explorer's
// hook interfaces.
type fakeFaults struct{}

func (fakeFaults) explorerFaults() explorerFaultPanel {
	return explorerFaultPanel{Seed: "42", Rules: []explorerFault{
		{ID: "throttle-<1>", Source: "admin", Match: "listSessions GET", Action: "429 TooManyRequests, Retry-After 1s", Matched: 3, Fired: 1},
	}}
}

type fakeJournal struct{ limit *int }

func (j fakeJournal) explorerJournal(limit int) []explorerRequest {
	*j.limit = limit
	return []explorerRequest{{
		Time: time.Date(2026, 11, 28, 12, 0, 1, 500e6, time.UTC), Method: "GET", Path: "/v1.0/communications/callRecords?$top=<2>",
		Route: RouteListCallRecords, Status: 429, Duration: 1500 * time.Microsecond, Fault: "throttle-<1>", RequestID: "rid-1",
	}}
}

// homeFor renders the home page through ui.
func homeFor(t *testing.T, ui *explorer) string {
	t.Helper()
	rec := httptest.NewRecorder()
	ui.page(ui.home).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_mock/ui", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("home = %d\n%s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// TestExplorerFaultAndJournalHooks checks both states of the hook: a build whose Server has no
// fault or journal methods says so in each panel, and once a source is there its rules and the
// most recent requests are listed (escaped), with the journal asked for explorerRecentRequests.
func TestExplorerFaultAndJournalHooks(t *testing.T) {
	s, err := New(WithScenarioName("small"))
	if err != nil {
		t.Fatal(err)
	}
	ui := s.newExplorer()
	if ui.tmplErr != nil {
		t.Fatalf("templates: %v", ui.tmplErr)
	}
	ui.faults, ui.journal = nil, nil // a build without fault injection and journal
	page := homeFor(t, ui)
	if !strings.Contains(page, "No fault injection in this build.") {
		t.Error("without a fault source the faults panel does not say so")
	}
	if !strings.Contains(page, "No request journal in this build.") {
		t.Error("without a journal source the journal panel does not say so")
	}

	var limit int
	ui.faults, ui.journal = fakeFaults{}, fakeJournal{limit: &limit}
	page = homeFor(t, ui)
	for _, want := range []string{
		`Seed <code>42</code>`,
		`<td class="id">throttle-&lt;1&gt;</td><td>admin</td><td>listSessions GET</td><td>429 TooManyRequests, Retry-After 1s</td><td class="num">3</td><td class="num">1</td>`,
		`<td class="nowrap" title="rid-1">12:00:01.500</td><td><code>GET /v1.0/communications/callRecords?$top=&lt;2&gt;</code></td><td>listCallRecords</td><td class="num failed">429</td><td class="num">1.5ms</td><td>throttle-&lt;1&gt;</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if strings.Contains(page, "in this build") {
		t.Error("with both sources the page still says a feature is missing")
	}
	if limit != explorerRecentRequests {
		t.Errorf("journal asked for %d entries, want %d", limit, explorerRecentRequests)
	}
}

// TestExplorerFacts checks how the explorer names endpoints, organizers, failures and media
// from Graph JSON, including the shapes that lack a name.
func TestExplorerFacts(t *testing.T) {
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

// TestExplorerShowsFaultsAndJournal checks the panels filled from the server's own fault rules and
// journal: the seed, each rule with what it matches, does and counted, and the newest requests
// first, at most explorerRecentRequests of them.
func TestExplorerShowsFaultsAndJournal(t *testing.T) {
	s, err := New(WithScenarioName("small"), WithSeed(99))
	if err != nil {
		t.Fatal(err)
	}
	ui := s.newExplorer()
	if ui.faults == nil || ui.journal == nil {
		t.Fatal("the Server does not fill the explorer's fault and journal hooks")
	}
	if _, err := s.InjectFault(Fault{ID: "throttle", Route: RouteListCallRecords, Status: 429, RetryAfter: time.Second, Times: 1, After: explorerRecentRequests, Key: "client-request-id"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InjectFault(Fault{ID: "slow", Method: "get", Path: "/communications/callRecords/*", Delay: &Latency{Min: time.Millisecond, Max: 2 * time.Millisecond}}); err != nil {
		t.Fatal(err)
	}
	for i := range explorerRecentRequests + 5 {
		target := "/v1.0/communications/callRecords"
		if i == explorerRecentRequests+4 {
			target += "?$top=1"
		}
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("client-request-id", "one-client-retrying") // the rule fails the 21st once
		s.ServeHTTP(httptest.NewRecorder(), req)
	}
	page := homeFor(t, ui)
	for _, want := range []string{
		`Seed <code>99</code>`,
		`<td class="id">throttle</td><td>go</td><td>listCallRecords</td><td>429, Retry-After 1s; times 1, after 20, per client-request-id</td><td class="num">25</td><td class="num">1</td>`,
		`<td class="id">slow</td><td>go</td><td>GET /communications/callRecords/*</td><td>delay 1ms–2ms</td>`,
		`<code>GET /v1.0/communications/callRecords?$top=1</code></td><td>listCallRecords</td><td class="num">200</td>`,
		`<td class="num failed">429</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if n := strings.Count(page, "<td><code>GET "); n != explorerRecentRequests {
		t.Errorf("journal panel shows %d requests, want %d", n, explorerRecentRequests)
	}
	if strings.Index(page, "?$top=1") > strings.Index(page, `<td class="num failed">429</td>`) {
		t.Error("the newest request is not listed first")
	}
}
