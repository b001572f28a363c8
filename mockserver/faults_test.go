package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// startFaulty serves the basic scenario over a real loopback connection.
func startFaulty(t *testing.T, opts ...mockserver.Option) *mockserver.TestServer {
	t.Helper()
	return mockserver.Start(t, append([]mockserver.Option{mockserver.WithScenarioFile("testdata/basic.yaml"), mockserver.WithSeed(42)}, opts...)...)
}

func inject(t *testing.T, s *mockserver.TestServer, f mockserver.Fault) mockserver.Fault {
	t.Helper()
	stored, err := s.InjectFault(f)
	if err != nil {
		t.Fatalf("InjectFault: %v", err)
	}
	return stored
}

// fetch GETs a path with a fresh connection per request (so a broken connection is not reused)
// and decodes the JSON body.
func fetch(ts *mockserver.TestServer, path string, header http.Header) (int, http.Header, error) {
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	client := ts.Client()
	client.Transport.(*http.Transport).DisableKeepAlives = true
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var v any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return resp.StatusCode, resp.Header, fmt.Errorf("decode: %w", err)
	}
	return resp.StatusCode, resp.Header, nil
}

func TestFaultActionsAsAClientSeesThem(t *testing.T) {
	t.Parallel()
	target := group + "/sessions"
	tests := []struct {
		name  string
		fault mockserver.Fault
		check func(t *testing.T, status int, h http.Header, err error, elapsed time.Duration)
	}{
		{"throttle", mockserver.Fault{Status: 429, RetryAfter: 1500 * time.Millisecond}, func(t *testing.T, status int, h http.Header, err error, _ time.Duration) {
			if err != nil || status != 429 || h.Get("Retry-After") != "2" {
				t.Fatalf("status %d Retry-After %q err %v", status, h.Get("Retry-After"), err)
			}
		}},
		{"service unavailable default retry-after", mockserver.Fault{Status: 503}, func(t *testing.T, status int, h http.Header, err error, _ time.Duration) {
			if status != 503 || h.Get("Retry-After") != "1" {
				t.Fatalf("status %d Retry-After %q", status, h.Get("Retry-After"))
			}
		}},
		{"reset", mockserver.Fault{Connection: mockserver.ConnectionReset}, func(t *testing.T, _ int, _ http.Header, err error, _ time.Duration) {
			if err == nil || !strings.Contains(err.Error(), "connection reset") {
				t.Fatalf("err = %v, want a connection reset", err)
			}
		}},
		{"close", mockserver.Fault{Connection: mockserver.ConnectionClose}, func(t *testing.T, _ int, _ http.Header, err error, _ time.Duration) {
			if err == nil || !strings.Contains(err.Error(), "EOF") {
				t.Fatalf("err = %v, want EOF", err)
			}
		}},
		{"truncate", mockserver.Fault{Connection: mockserver.ConnectionTruncate}, func(t *testing.T, status int, _ http.Header, err error, _ time.Duration) {
			if status != 200 || err == nil || !strings.HasPrefix(err.Error(), "decode") {
				t.Fatalf("status %d err %v, want 200 and a decode error", status, err)
			}
		}},
		{"garbage", mockserver.Fault{Connection: mockserver.ConnectionGarbage}, func(t *testing.T, status int, _ http.Header, err error, _ time.Duration) {
			if status != 200 || err == nil || !strings.HasPrefix(err.Error(), "decode") {
				t.Fatalf("status %d err %v, want 200 and a decode error", status, err)
			}
		}},
		{"hang", mockserver.Fault{Connection: mockserver.ConnectionHang, HangMax: 200 * time.Millisecond}, func(t *testing.T, _ int, _ http.Header, err error, elapsed time.Duration) {
			if err == nil || elapsed < 200*time.Millisecond {
				t.Fatalf("err %v after %s, want an error after at least 200ms", err, elapsed)
			}
		}},
		{"fixed delay", mockserver.Fault{Delay: &mockserver.Latency{Fixed: 150 * time.Millisecond}}, func(t *testing.T, status int, _ http.Header, err error, elapsed time.Duration) {
			if err != nil || status != 200 || elapsed < 150*time.Millisecond {
				t.Fatalf("status %d err %v after %s", status, err, elapsed)
			}
		}},
		{"dribble", mockserver.Fault{Dribble: &mockserver.Dribble{Chunks: 4, Over: 300 * time.Millisecond}}, func(t *testing.T, status int, _ http.Header, err error, elapsed time.Duration) {
			if err != nil || status != 200 || elapsed < 200*time.Millisecond {
				t.Fatalf("status %d err %v after %s, want an intact body after about 300ms", status, err, elapsed)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := startFaulty(t)
			f := tc.fault
			f.Routes = []mockserver.Route{"listSessions"}
			inject(t, ts, f)
			start := time.Now()
			status, h, err := fetch(ts, target, nil)
			tc.check(t, status, h, err, time.Since(start))
			// Other routes are untouched.
			if status, _, err := fetch(ts, group, nil); err != nil || status != 200 {
				t.Fatalf("unmatched route: %d %v", status, err)
			}
		})
	}
}

// retryingGet is a client that honours Retry-After, as the Graph SDKs' retry handler does.
func retryingGet(t *testing.T, ts *mockserver.TestServer, path string, maxTries int) (int, int, time.Duration) {
	t.Helper()
	start := time.Now()
	for try := 1; ; try++ {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("client-request-id", "8b7e0c44-4d3c-4f0e-9a57-1a2b3c4d5e6f")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 429 && resp.StatusCode != 503 || try == maxTries {
			return resp.StatusCode, try, time.Since(start)
		}
		secs, _ := time.ParseDuration(resp.Header.Get("Retry-After") + "s")
		time.Sleep(secs)
	}
}

func TestRetryingClientSucceedsAfterThrottle(t *testing.T) {
	t.Parallel()
	ts := startFaulty(t)
	inject(t, ts, mockserver.Fault{Route: "listSessions", Status: 429, RetryAfter: 200 * time.Millisecond, Times: 1, Key: "client-request-id"})
	status, tries, elapsed := retryingGet(t, ts, group+"/sessions", 5)
	if status != 200 || tries != 2 || elapsed < 200*time.Millisecond {
		t.Fatalf("status %d after %d tries in %s; want 200 on the 2nd try after Retry-After", status, tries, elapsed)
	}
	st := ts.Faults()
	if len(st) != 1 || st[0].Matched != 2 || st[0].Fired != 1 {
		t.Fatalf("counters = %+v", st)
	}
}

// outcomes sends n requests and records each status.
func outcomes(t *testing.T, h http.Handler, n int, header http.Header) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		r := get(t, h, group+"/sessions", header)
		fmt.Fprintf(&b, "%d ", r.status)
	}
	return strings.TrimSpace(b.String())
}

func TestTriggers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault mockserver.Fault
		want  string
	}{
		{"times", mockserver.Fault{Status: 503, Times: 2}, "503 503 200 200 200 200"},
		{"after", mockserver.Fault{Status: 503, After: 4}, "200 200 200 200 503 503"},
		{"after and times", mockserver.Fault{Status: 503, After: 1, Times: 2}, "200 503 503 200 200 200"},
		{"every", mockserver.Fault{Status: 500, Every: 3}, "200 200 500 200 200 500"},
		{"every with times", mockserver.Fault{Status: 500, Every: 2, Times: 1}, "200 500 200 200 200 200"},
		{"method mismatch", mockserver.Fault{Status: 500, Method: "POST"}, "200 200 200 200 200 200"},
		{"path", mockserver.Fault{Status: 504, Path: "/communications/callRecords/*/sessions", Times: 1}, "504 200 200 200 200 200"},
		{"other path", mockserver.Fault{Status: 504, Path: "/communications/callRecords/*"}, "200 200 200 200 200 200"},
		{"query", mockserver.Fault{Status: 500, Query: map[string]string{"$top": "*"}}, "200 200 200 200 200 200"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			if _, err := s.InjectFault(tc.fault); err != nil {
				t.Fatal(err)
			}
			if got := outcomes(t, s, 6, nil); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestPerKeyCountingLetsRetriesPass(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if _, err := s.InjectFault(mockserver.Fault{Status: 429, Times: 1, Key: "header:X-Job"}); err != nil {
		t.Fatal(err)
	}
	a := http.Header{"X-Job": {"a"}}
	b := http.Header{"X-Job": {"b"}}
	got := []int{get(t, s, group, a).status, get(t, s, group, a).status, get(t, s, group, b).status, get(t, s, group, b).status}
	if fmt.Sprint(got) != "[429 200 429 200]" {
		t.Fatalf("got %v: each key should fail once", got)
	}
}

func TestSeedReproducesTheSameFaults(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) string {
		s := newServer(t, mockserver.WithSeed(seed))
		if _, err := s.InjectFault(mockserver.Fault{Status: 503, Probability: 0.5}); err != nil {
			t.Fatal(err)
		}
		return outcomes(t, s, 40, nil)
	}
	first, again, other := run(7), run(7), run(8)
	if first != again {
		t.Fatalf("same seed, different faults:\n%s\n%s", first, again)
	}
	if first == other {
		t.Fatalf("different seeds gave the same 40 outcomes: %s", first)
	}
	if n := strings.Count(first, "503"); n < 8 || n > 32 {
		t.Fatalf("probability 0.5 fired %d of 40 times", n)
	}
	s := newServer(t, mockserver.WithSeed(7))
	if s.Seed() != 7 {
		t.Fatalf("Seed() = %d", s.Seed())
	}
}

func TestFaultHeader(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	h := http.Header{"X-Graphmock-Fault": {"status=429; retry-after=0.25; times=1; key=abc"}}
	r := get(t, s, group+"/sessions", h)
	if r.status != 429 || r.header.Get("Retry-After") != "1" {
		t.Fatalf("first: %d %q", r.status, r.header.Get("Retry-After"))
	}
	e := decodeError(t, r)
	if e.Error.Code != "TooManyRequests" || !strings.Contains(string(r.body), `"status":"429"`) {
		t.Fatalf("429 envelope: %s", r.body)
	}
	if r := get(t, s, group+"/sessions", h); r.status != 200 {
		t.Fatalf("retry with the same key: %d", r.status)
	}
	// Without a key each request counts on its own client-request-id.
	h2 := http.Header{"X-Graphmock-Fault": {"status=500; code=boom; message=kaput; times=1"}, "Client-Request-Id": {"c1"}}
	if r := get(t, s, group, h2); r.status != 500 || decodeError(t, r).Error.Code != "boom" || decodeError(t, r).Error.Message != "kaput" {
		t.Fatalf("custom code: %d %s", r.status, r.body)
	}
	if r := get(t, s, group, h2); r.status != 200 {
		t.Fatalf("same client-request-id again: %d", r.status)
	}
	for _, bad := range []string{"status=abc", "bogus=1", "delay=fast", "reset=1", "status=429; reset", "dribble=3", "probability=2", "delay=uniform(1s)", "status=200", "key="} {
		r := get(t, s, group, http.Header{"X-Graphmock-Fault": {bad}})
		if r.status != 400 || !strings.Contains(decodeError(t, r).Error.Message, "X-Graphmock-Fault") {
			t.Errorf("%q: %d %s", bad, r.status, r.body)
		}
	}
}

func TestFaultedWritesChangeNothingUnlessApplyThenFail(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if _, err := s.InjectFault(mockserver.Fault{Route: "createSegment", Status: 500, Times: 1}); err != nil {
		t.Fatal(err)
	}
	if r := send(t, s, http.MethodPost, segmentsURL, seg(`"id":"lost"`), nil); r.status != 500 {
		t.Fatalf("faulted POST: %d", r.status)
	}
	if r := get(t, s, segmentsURL+"/lost", nil); r.status != 404 {
		t.Fatal("a faulted write was applied")
	}
	if _, err := s.InjectFault(mockserver.Fault{Route: "createSegment", Status: 504, Times: 1, ApplyThenFail: true}); err != nil {
		t.Fatal(err)
	}
	if r := send(t, s, http.MethodPost, segmentsURL, seg(`"id":"applied"`), nil); r.status != 504 {
		t.Fatalf("apply-then-fail POST: %d", r.status)
	}
	if r := get(t, s, segmentsURL+"/applied", nil); r.status != 200 {
		t.Fatal("apply-then-fail did not apply the write")
	}
}

func TestRateLimitFollowsTheServerClock(t *testing.T) {
	t.Parallel()
	now := fixedTime
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s := newServer(t, mockserver.WithClock(clock))
	for _, f := range mockserver.GraphThrottling() {
		if _, err := s.InjectFault(f); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 40; i++ {
		if r := get(t, s, group+"/sessions", nil); r.status != 200 {
			t.Fatalf("request %d: %d", i, r.status)
		}
	}
	r := get(t, s, group+"/sessions", nil)
	if r.status != 429 || r.header.Get("Retry-After") != "1" {
		t.Fatalf("41st request: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	if r := get(t, s, p2p, nil); r.status != 200 {
		t.Fatalf("another call record has its own bucket: %d", r.status)
	}
	advance(200 * time.Millisecond)
	if r := get(t, s, group+"/sessions", nil); r.status != 429 {
		t.Fatalf("an early retry must be throttled again: %d", r.status)
	}
	advance(800 * time.Millisecond)
	if r := get(t, s, group+"/sessions", nil); r.status != 200 {
		t.Fatalf("after Retry-After: %d", r.status)
	}
}

func TestFourWaysToSetFaultsBehaveAlike(t *testing.T) {
	t.Parallel()
	const want = "200 503 503 200 200 200"
	rule := `{"route":"listSessions","status":503,"after":1,"times":2}`
	// Go API
	s := newServer(t)
	var f mockserver.Fault
	if err := json.Unmarshal([]byte(rule), &f); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InjectFault(f); err != nil {
		t.Fatal(err)
	}
	ways := map[string]string{"go": outcomes(t, s, 6, nil)}
	// Admin API
	s = newServer(t)
	if r := send(t, s, http.MethodPost, "/_mock/faults", rule, nil); r.status != 201 {
		t.Fatalf("POST /_mock/faults: %d %s", r.status, r.body)
	}
	ways["admin"] = outcomes(t, s, 6, nil)
	// Scenario file
	data, err := readFile("testdata/basic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err = mockserver.New(mockserver.WithScenarioBytes("faulty.yaml", append(data, []byte("faults:\n  - {route: listSessions, status: 503, after: 1, times: 2}\n")...)))
	if err != nil {
		t.Fatal(err)
	}
	ways["scenario"] = outcomes(t, s, 6, nil)
	fromScenario := s
	// Header (with a shared key, as a retrying client would send it)
	s = newServer(t)
	ways["header"] = outcomes(t, s, 6, http.Header{"X-Graphmock-Fault": {"status=503; after=1; times=2; key=job-1"}})
	for way, got := range ways {
		if got != want {
			t.Errorf("%s: %s, want %s", way, got, want)
		}
	}
	// Reset brings back the scenario's rules with fresh counters.
	fromScenario.Reset()
	if st := fromScenario.Faults(); len(st) != 1 || st[0].Source != "scenario" || st[0].Matched != 0 {
		t.Fatalf("after Reset: %+v", st)
	}
	if got := outcomes(t, fromScenario, 6, nil); got != want {
		t.Errorf("scenario rule after Reset: %s, want %s", got, want)
	}
}

func TestAdminFaultsAPI(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithSeed(99))
	r := send(t, s, http.MethodPost, "/_mock/faults", `[{"id":"slow","delay":"10ms"},{"preset":"graph-throttling"}]`, nil)
	if r.status != 201 {
		t.Fatalf("POST: %d %s", r.status, r.body)
	}
	var listed struct {
		Seed   string
		Faults []struct {
			ID      string
			Source  string
			Matched int
		}
	}
	if err := json.Unmarshal(get(t, s, "/_mock/faults", nil).body, &listed); err != nil {
		t.Fatal(err)
	}
	if listed.Seed != "99" || len(listed.Faults) != 3 || listed.Faults[0].ID != "slow" || listed.Faults[0].Source != "admin" {
		t.Fatalf("listed = %+v", listed)
	}
	for _, bad := range []string{`{"status":429,"connection":"reset"}`, `{"route":"nope","status":500}`, `{"statuz":500}`, `{}`, `[{"delay":"1s"},{"status":99}]`, `{"preset":"azure"}`, `not json`} {
		if r := send(t, s, http.MethodPost, "/_mock/faults", bad, nil); r.status != 400 {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
	if n := len(s.Faults()); n != 3 {
		t.Fatalf("a rejected POST added rules: %d", n)
	}
	if r := do(t, s, http.MethodDelete, "/_mock/faults/slow", nil, nil); r.status != 204 {
		t.Fatalf("DELETE one: %d", r.status)
	}
	if r := do(t, s, http.MethodDelete, "/_mock/faults/slow", nil, nil); r.status != 404 {
		t.Fatalf("DELETE again: %d", r.status)
	}
	// A rule that matches everything still never touches the admin API.
	if _, err := s.InjectFault(mockserver.Fault{Status: 500}); err != nil {
		t.Fatal(err)
	}
	if r := do(t, s, http.MethodDelete, "/_mock/faults", nil, nil); r.status != 204 || len(s.Faults()) != 0 {
		t.Fatalf("DELETE all: %d, %d left", r.status, len(s.Faults()))
	}
}

func TestInjectFaultRejectsNonsense(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, f := range []mockserver.Fault{
		{},
		{Status: 200},
		{Status: 429, Connection: mockserver.ConnectionReset},
		{Route: "nope", Status: 500},
		{Status: 500, Probability: 1.5},
		{Connection: "explode"},
		{Delay: &mockserver.Latency{Min: time.Second, Max: time.Millisecond}},
		{Dribble: &mockserver.Dribble{Chunks: 0, Over: time.Second}},
		{RateLimit: &mockserver.RateLimit{Limit: 0, Window: time.Second}},
		{Status: 500, Key: "cookie"},
	} {
		if _, err := s.InjectFault(f); err == nil || !strings.Contains(err.Error(), "fault rule") {
			t.Errorf("%+v: err = %v", f, err)
		}
	}
}
