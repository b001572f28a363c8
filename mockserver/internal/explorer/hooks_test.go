package explorer

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

func (fakeFaults) Faults() FaultPanel {
	return FaultPanel{Seed: "42", Rules: []Fault{
		{ID: "throttle-<1>", Source: "admin", Match: "listSessions GET", Action: "429 TooManyRequests, Retry-After 1s", Matched: 3, Fired: 1},
	}}
}

type fakeJournal struct{ limit *int }

func (j fakeJournal) Recent(limit int) []Request {
	*j.limit = limit
	return []Request{{
		Time: time.Date(2026, 11, 28, 12, 0, 1, 500e6, time.UTC), Method: "GET", Path: "/v1.0/communications/callRecords?$top=<2>",
		Route: "listCallRecords", Status: 429, Duration: 1500 * time.Microsecond, Fault: "throttle-<1>", RequestID: "rid-1",
	}}
}

// homeFor renders the home page through ui.
func homeFor(t *testing.T, ui *Explorer) string {
	t.Helper()
	rec := serve(ui.Home(), httptest.NewRequest(http.MethodGet, "/_mock/ui", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("home = %d\n%s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// TestExplorerFaultAndJournalHooks checks both states of the hooks: a Config without a fault or
// journal source says so in each panel, and once a source is there its rules and the
// most recent requests are listed (escaped), with the journal asked for RecentRequests.
func TestExplorerFaultAndJournalHooks(t *testing.T) {
	t.Parallel()
	src := newFakeSource(t, 1)
	ui := New(Config{Source: src}) // a build without fault injection and journal
	if ui.tmplErr != nil {
		t.Fatalf("templates: %v", ui.tmplErr)
	}
	page := homeFor(t, ui)
	if !strings.Contains(page, "No fault injection in this build.") {
		t.Error("without a fault source the faults panel does not say so")
	}
	if !strings.Contains(page, "No request journal in this build.") {
		t.Error("without a journal source the journal panel does not say so")
	}

	var limit int
	ui = New(Config{Source: src, Faults: fakeFaults{}, Journal: fakeJournal{limit: &limit}})
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
	if limit != RecentRequests {
		t.Errorf("journal asked for %d entries, want %d", limit, RecentRequests)
	}
}
