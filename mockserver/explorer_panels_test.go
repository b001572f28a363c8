package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/internal/explorer"
)

// TestExplorerShowsFaultsAndJournal checks the panels filled from the server's own fault rules and
// journal: the seed, each rule with what it matches, does and counted, and the newest requests
// first, at most explorer.RecentRequests of them, read through GET /_mock/ui.
func TestExplorerShowsFaultsAndJournal(t *testing.T) {
	t.Parallel()
	const recent = explorer.RecentRequests
	s, err := mockserver.New(mockserver.WithScenarioName("small"), mockserver.WithSeed(99))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.InjectFault(mockserver.Fault{ID: "throttle", Route: "listCallRecords", Status: 429, RetryAfter: time.Second, Times: 1, After: recent, Key: "client-request-id"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InjectFault(mockserver.Fault{ID: "slow", Method: "get", Path: "/communications/callRecords/*", Delay: &mockserver.Latency{Min: time.Millisecond, Max: 2 * time.Millisecond}}); err != nil {
		t.Fatal(err)
	}
	for i := range recent + 5 {
		target := "/v1.0/communications/callRecords"
		if i == recent+4 {
			target += "?$top=1"
		}
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("client-request-id", "one-client-retrying") // the rule fails the 21st once
		s.ServeHTTP(httptest.NewRecorder(), req)
	}
	page := explorerPage(t, s, "/_mock/ui", http.StatusOK)
	if strings.Contains(page, "in this build") {
		t.Error("the Server does not fill the explorer's fault and journal panels")
	}
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
	if n := strings.Count(page, "<td><code>GET "); n != recent {
		t.Errorf("journal panel shows %d requests, want %d", n, recent)
	}
	if strings.Index(page, "?$top=1") > strings.Index(page, `<td class="num failed">429</td>`) {
		t.Error("the newest request is not listed first")
	}
}
