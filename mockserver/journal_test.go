package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

func TestJournalRecordsWhatClientsDid(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	h := http.Header{"Authorization": {"Bearer secret-token"}, "Client-Request-Id": {"cid-1"}}
	get(t, s, group+"/sessions?$top=1", h)
	get(t, s, "/v1.0/communications/callRecordz", nil)
	gzHeader := http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}
	send(t, s, http.MethodPost, segmentsURL, gz(t, seg(`"id":"z1"`)), gzHeader)
	send(t, s, http.MethodPost, segmentsURL, seg(`"foo":1`), nil)
	if _, err := s.InjectFault(mockserver.Fault{Route: "getSession", Status: 503, Times: 1}); err != nil {
		t.Fatal(err)
	}
	get(t, s, group+"/sessions/s1", nil)
	get(t, s, "/_mock/faults", nil) // admin routes are not journaled

	all := s.Requests()
	if len(all) != 5 {
		t.Fatalf("journal has %d entries, want 5: %+v", len(all), all)
	}
	first := all[0]
	if first.Route != "listSessions" || first.Status != 200 || first.ClientRequestID != "cid-1" ||
		first.Header.Get("Authorization") != "Bearer [redacted]" || first.ResponseSize == 0 || !first.Time.Equal(fixedTime) ||
		first.URL != group+"/sessions?$top=1" {
		t.Errorf("first entry = %+v", first)
	}
	if all[1].Route != "unknown" || all[1].Status != 400 {
		t.Errorf("unmatched request: %+v", all[1])
	}
	if !strings.Contains(all[2].Body, `"id":"z1"`) || all[2].Status != 201 {
		t.Errorf("gzip body not journaled decompressed: %+v", all[2])
	}
	if all[3].Status != 400 || len(all[3].Problems) != 1 || all[3].Problems[0].Target != "/foo" {
		t.Errorf("validation verdict: %+v", all[3])
	}
	if all[4].Fault == "" || all[4].Status != 503 || all[4].RetryAfter != time.Second {
		t.Errorf("fault not journaled: %+v", all[4])
	}
	// Filters, in Go and over HTTP.
	if got := s.Requests(mockserver.RequestFilter{Method: "post"}); len(got) != 2 {
		t.Errorf("method filter: %d", len(got))
	}
	if got := s.Requests(mockserver.RequestFilter{Status: 503, Route: "getSession"}); len(got) != 1 {
		t.Errorf("status+route filter: %d", len(got))
	}
	var listed struct{ Value []mockserver.JournalEntry }
	if err := json.Unmarshal(get(t, s, "/_mock/requests?route=createSegment&status=201", nil).body, &listed); err != nil || len(listed.Value) != 1 {
		t.Errorf("GET /_mock/requests: %v %+v", err, listed)
	}
	// Durations in the admin API's JSON are strings, as in fault rules ("1s"), not nanoseconds.
	raw := string(get(t, s, "/_mock/requests?status=503", nil).body)
	if !strings.Contains(raw, `"retryAfter":"1s"`) || !regexp.MustCompile(`"duration":"[0-9.]+[µnm]?s"`).MatchString(raw) {
		t.Errorf("GET /_mock/requests durations are not duration strings: %s", raw)
	}
	if r := get(t, s, "/_mock/requests?since=yesterday", nil); r.status != 400 {
		t.Errorf("bad since: %d", r.status)
	}
	// Entries are copies.
	all[0].Header.Set("X-Changed", "1")
	if s.Requests()[0].Header.Get("X-Changed") != "" {
		t.Error("an entry handed out shares its header with the journal")
	}
	if r := do(t, s, http.MethodDelete, "/_mock/requests", nil, nil); r.status != 204 || len(s.Requests()) != 0 {
		t.Errorf("DELETE /_mock/requests: %d, %d left", r.status, len(s.Requests()))
	}
}

func TestJournalUnderConcurrentLoad(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 300}))
	var wg sync.WaitGroup
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				get(t, s, group, http.Header{"Client-Request-Id": {fmt.Sprintf("w%d-%d", w, i)}})
			}
		}()
	}
	wg.Wait()
	got := s.Requests()
	if len(got) != 300 {
		t.Fatalf("journal holds %d entries, want the bound 300", len(got))
	}
	seen := map[string]bool{}
	for _, e := range got {
		// A torn entry would mix one request's fields with another's.
		if e.Header.Get("Client-Request-Id") != e.ClientRequestID || e.Status != 200 || e.Route != "getCallRecord" || seen[e.RequestID] {
			t.Fatalf("bad entry %+v", e)
		}
		seen[e.RequestID] = true
	}
}

func TestRetryReports(t *testing.T) {
	t.Parallel()
	now := fixedTime
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	sleep := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s := newServer(t, mockserver.WithClock(clock))
	if _, err := s.InjectFault(mockserver.Fault{Route: "listSessions", Status: 429, RetryAfter: 2 * time.Second, Times: 2, Key: "client-request-id"}); err != nil {
		t.Fatal(err)
	}
	polite := http.Header{"Client-Request-Id": {"polite"}}
	get(t, s, group+"/sessions", polite)
	sleep(2 * time.Second)
	get(t, s, group+"/sessions", polite)
	sleep(3 * time.Second)
	get(t, s, group+"/sessions", polite)
	rude := http.Header{"Client-Request-Id": {"rude"}}
	for i := 0; i < 5; i++ {
		get(t, s, group+"/sessions", rude) // retries at once, storming
	}
	reports := s.RetryReports()
	if len(reports) != 4 {
		t.Fatalf("%d reports, want 2 per client: %+v", len(reports), reports)
	}
	p := reports[0]
	if p.ClientRequestID != "polite" || !p.Retried || !p.Honoured || p.Waited != 2*time.Second || p.Retries != 2 || p.RetryAfter != 2*time.Second {
		t.Errorf("polite client: %+v", p)
	}
	r := reports[2]
	if r.ClientRequestID != "rude" || !r.Retried || r.Honoured || r.Waited != 0 || r.Retries != 2 {
		t.Errorf("rude client: %+v", r)
	}
	var listed struct{ Value []mockserver.RetryReport }
	if err := json.Unmarshal(get(t, s, "/_mock/retries", nil).body, &listed); err != nil || len(listed.Value) != 4 {
		t.Errorf("GET /_mock/retries: %v %d", err, len(listed.Value))
	} else if listed.Value[0] != p {
		t.Errorf("GET /_mock/retries decodes to %+v, want %+v", listed.Value[0], p)
	}
	if raw := string(get(t, s, "/_mock/retries", nil).body); !strings.Contains(raw, `"retryAfter":"2s"`) || !strings.Contains(raw, `"waited":"2s"`) {
		t.Errorf("GET /_mock/retries durations are not duration strings: %s", raw)
	}
}

// The journal reads a body through a capture the server pools with its requests: once ServeHTTP
// returns, the request has its own body back, so a handler around the server never reads
// through a capture another request is using.
func TestServeHTTPGivesTheRequestItsBodyBack(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, target := range []string{segmentsURL, group} { // a write that reads its body, and a GET that does not
		body := io.NopCloser(strings.NewReader(seg("")))
		req := httptest.NewRequest(http.MethodPost, target, nil)
		req.Body, req.ContentLength = body, int64(len(seg("")))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if req.Body != body {
			t.Errorf("POST %s (%d): the request's body is %T after ServeHTTP", target, rec.Code, req.Body)
		}
	}
}
