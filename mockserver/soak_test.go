package mockserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// soakClients is how many clients the soak runs at once.
const soakClients = 64

// soakRecord is the call record of the soak scenario.
const soakRecord = "/v1.0/communications/callRecords/soak"

// soakScenario is one call record with a session per client, each holding a few segments; the
// session and record span two days, so any segment a client writes fits.
func soakScenario() mockserver.Scenario {
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	ts := func(d time.Duration) string { return start.Add(d).Format(time.RFC3339) }
	sessions := make([]map[string]any, soakClients)
	for i := range sessions {
		segs := make([]map[string]any, 5)
		for j := range segs {
			segs[j] = map[string]any{"id": fmt.Sprintf("seed-%02d-%d", i, j), "startDateTime": ts(time.Duration(j) * time.Minute),
				"endDateTime": ts(time.Duration(j+1) * time.Minute)}
		}
		sessions[i] = map[string]any{"id": fmt.Sprintf("ses-%02d", i), "modalities": []string{"audio"},
			"startDateTime": ts(0), "endDateTime": ts(48 * time.Hour), "segments": segs}
	}
	rec, _ := json.Marshal(completeRecord(map[string]any{"id": "soak", "version": 1, "type": "groupCall", "modalities": []string{"audio"},
		"startDateTime": ts(0), "endDateTime": ts(48 * time.Hour), "sessions": sessions}))
	return mockserver.Scenario{Name: "soak", CallRecords: []json.RawMessage{rec}}
}

// soakStats counts what the clients saw.
type soakStats struct {
	requests, unavailable, throttled, ambiguous atomic.Int64
}

// soakClient is one client of the soak: it owns one session, writes only there, and keeps the
// model of what that session must hold: every acknowledged create (with the reason of its last
// acknowledged PATCH), minus the acknowledged deletes; uncertain holds creates whose outcome it
// never learnt (every attempt failed), which may or may not exist.
type soakClient struct {
	t         *testing.T
	n         int
	base      string
	http      *http.Client
	rng       *rand.Rand
	stats     *soakStats
	live      map[string]string // id → failureInfo.reason of the last acknowledged PATCH
	order     []string          // ids in live, for picking one
	uncertain map[string]bool
	deleted   []string
	created   int
}

// soakRetries bounds the attempts of one request; soakMaxWait caps the Retry-After honoured.
const (
	soakRetries = 8
	soakMaxWait = 50 * time.Millisecond
)

// call sends a request, retrying on 429 and 503 with the same client-request-id (as the Graph
// SDKs' retry handler does), honouring Retry-After up to soakMaxWait. It returns the final status
// and body, and whether any attempt failed with a 503 (a write may then have been applied).
func (c *soakClient) call(method, path, body string) (int, []byte, bool) {
	crid := fmt.Sprintf("soak-%02d-%d", c.n, c.rng.Uint64())
	got503 := false
	for attempt := 1; ; attempt++ {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequest(method, c.base+path, rd)
		if err != nil {
			c.t.Errorf("client %d: %v", c.n, err)
			return 0, nil, got503
		}
		req.Header.Set("client-request-id", crid)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		c.stats.requests.Add(1)
		resp, err := c.http.Do(req)
		if err != nil {
			c.t.Errorf("client %d: %s %s: %v", c.n, method, path, err)
			return 0, nil, got503
		}
		out, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			c.t.Errorf("client %d: reading %s %s: %v", c.n, method, path, err)
			return 0, nil, got503
		}
		switch resp.StatusCode {
		case http.StatusServiceUnavailable:
			c.stats.unavailable.Add(1)
			got503 = true
		case http.StatusTooManyRequests:
			c.stats.throttled.Add(1)
		default:
			if resp.StatusCode >= 500 {
				c.t.Errorf("client %d: %s %s: unexpected %d %s", c.n, method, path, resp.StatusCode, out)
			}
			return resp.StatusCode, out, got503
		}
		var e struct{ Error struct{ Code string } }
		if json.Unmarshal(out, &e) != nil || e.Error.Code == "" {
			c.t.Errorf("client %d: %d without Graph's envelope: %s", c.n, resp.StatusCode, out)
		}
		if attempt == soakRetries {
			return resp.StatusCode, out, got503
		}
		wait, _ := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64)
		time.Sleep(min(time.Duration(wait*float64(time.Second)), soakMaxWait))
	}
}

// walk follows @odata.nextLink from path and returns the ids of every item, failing on a page
// that is not a 200.
func (c *soakClient) walk(path string) []string {
	var all []string
	for next := path; next != ""; {
		status, body, _ := c.call(http.MethodGet, next, "")
		if status != http.StatusOK {
			c.t.Errorf("client %d: GET %s: %d %s", c.n, next, status, body)
			return all
		}
		var page struct {
			Value    []struct{ ID string }
			NextLink string `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			c.t.Errorf("client %d: page of %s: %v", c.n, path, err)
			return all
		}
		for _, v := range page.Value {
			all = append(all, v.ID)
		}
		next = strings.TrimPrefix(page.NextLink, c.base)
	}
	return all
}

// session is the path of the client's own session.
func (c *soakClient) session() string { return fmt.Sprintf("%s/sessions/ses-%02d", soakRecord, c.n) }

// pick returns one of the client's live segments, or "".
func (c *soakClient) pick() string {
	if len(c.order) == 0 {
		return ""
	}
	return c.order[c.rng.IntN(len(c.order))]
}

// forget drops a segment from the model.
func (c *soakClient) forget(id string) {
	delete(c.live, id)
	for i, v := range c.order {
		if v == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			return
		}
	}
}

// step does one random operation: reads, paging walks, or a write in the client's session.
func (c *soakClient) step() {
	segs := c.session() + "/segments"
	switch p := c.rng.IntN(100); {
	case p < 25:
		if got := c.walk(segs); len(got) < len(c.live) {
			c.t.Errorf("client %d: its session lists %d segments, it holds %d", c.n, len(got), len(c.live))
		}
	case p < 35:
		if got := c.walk(soakRecord + "/sessions"); len(got) != soakClients {
			c.t.Errorf("client %d: the sessions walk saw %d sessions, want %d", c.n, len(got), soakClients)
		}
	case p < 38:
		if status, body, _ := c.call(http.MethodGet, soakRecord+"?$expand=sessions($expand=segments)", ""); status != http.StatusOK {
			c.t.Errorf("client %d: expand: %d %s", c.n, status, body)
		}
	case p < 50:
		if status, body, _ := c.call(http.MethodGet, c.session()+"?$expand=segments", ""); status != http.StatusOK {
			c.t.Errorf("client %d: session: %d %s", c.n, status, body)
		}
	case p < 60:
		if id := c.pick(); id != "" {
			if status, body, _ := c.call(http.MethodGet, segs+"/"+id, ""); status != http.StatusOK {
				c.t.Errorf("client %d: GET its segment %s: %d %s", c.n, id, status, body)
			}
		}
	case p < 80:
		c.created++
		id := fmt.Sprintf("c%02d-%06d", c.n, c.created)
		at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(c.rng.IntN(47*60)) * time.Minute)
		body := fmt.Sprintf(`{"id":%q,"startDateTime":%q,"endDateTime":%q}`, id, at.Format(time.RFC3339), at.Add(time.Minute).Format(time.RFC3339))
		status, out, got503 := c.call(http.MethodPost, segs, body)
		switch {
		case status == http.StatusCreated:
		case status == http.StatusConflict && got503:
			// An ambiguous failure (applyThenFail) stored it; the retry found it there.
			c.stats.ambiguous.Add(1)
		case status == http.StatusServiceUnavailable:
			c.uncertain[id] = true
			return
		default:
			c.t.Errorf("client %d: POST %s: %d %s", c.n, id, status, out)
			return
		}
		c.live[id] = ""
		c.order = append(c.order, id)
	case p < 90:
		if id := c.pick(); id != "" {
			reason := fmt.Sprintf("r%d", c.rng.Uint32())
			status, out, _ := c.call(http.MethodPatch, segs+"/"+id, `{"failureInfo":{"stage":"midcall","reason":"`+reason+`"}}`)
			if status != http.StatusOK {
				c.t.Errorf("client %d: PATCH %s: %d %s", c.n, id, status, out)
				return
			}
			c.live[id] = reason
		}
	default:
		if id := c.pick(); id != "" {
			if status, out, _ := c.call(http.MethodDelete, segs+"/"+id, ""); status != http.StatusNoContent {
				c.t.Errorf("client %d: DELETE %s: %d %s", c.n, id, status, out)
				return
			}
			c.forget(id)
			c.deleted = append(c.deleted, id)
		}
	}
}

// verify checks the session against the model: every live segment listed exactly once with its
// last acknowledged reason, nothing else but the uncertain creates, and the deleted ones gone.
func (c *soakClient) verify() {
	listed := map[string]int{}
	for _, id := range c.walk(c.session() + "/segments") {
		listed[id]++
	}
	for id, n := range listed {
		_, live := c.live[id]
		switch {
		case n != 1:
			c.t.Errorf("client %d: segment %s is listed %d times", c.n, id, n)
		case !live && !c.uncertain[id]:
			c.t.Errorf("client %d: segment %s is listed but was deleted or never acknowledged", c.n, id)
		}
	}
	for id, reason := range c.live {
		if listed[id] != 1 {
			c.t.Errorf("client %d: acknowledged segment %s is listed %d times", c.n, id, listed[id])
			continue
		}
		status, body, _ := c.call(http.MethodGet, c.session()+"/segments/"+id, "")
		var g struct{ FailureInfo *struct{ Reason string } }
		if status != http.StatusOK || json.Unmarshal(body, &g) != nil {
			c.t.Errorf("client %d: GET %s: %d %s", c.n, id, status, body)
			continue
		}
		got := ""
		if g.FailureInfo != nil {
			got = g.FailureInfo.Reason
		}
		if got != reason {
			c.t.Errorf("client %d: segment %s lost its last PATCH: %s, want reason %q", c.n, id, body, reason)
		}
	}
	for _, id := range c.deleted {
		if status, body, _ := c.call(http.MethodGet, c.session()+"/segments/"+id, ""); status != http.StatusNotFound {
			c.t.Errorf("client %d: deleted segment %s: %d %s", c.n, id, status, body)
		}
	}
}

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestSoak runs 64 clients against one server for GRAPHMOCK_SOAK (a Go duration such as 10s;
// unset, or with -short, it is skipped): reads, full paging walks, and segment writes in each
// client's own session, under injected faults (a 503 on 5% of reads, a 429 on 30% of writes that
// the retry passes, an ambiguous 503 that applies 5% of creates, delays on session reads). It
// asserts no 5xx but the injected ones (the clients' count equals the rules' fired counters), no
// lost or duplicated writes, goroutines back to the baseline once the server is closed, and heap
// growth under 32 MiB once the state is reset.
func TestSoak(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("soak: skipped with -short")
	}
	env := os.Getenv("GRAPHMOCK_SOAK")
	if env == "" {
		t.Skip("soak: set GRAPHMOCK_SOAK to a duration, such as GRAPHMOCK_SOAK=10s")
	}
	d, err := time.ParseDuration(env)
	if err != nil || d <= 0 {
		t.Fatalf("GRAPHMOCK_SOAK=%q is not a positive duration", env)
	}
	goroutinesBefore, heapBefore := runtime.NumGoroutine(), heapInUse()

	ts := mockserver.Start(t, mockserver.WithScenario(soakScenario()), mockserver.WithPageSize(7),
		mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 256}), mockserver.WithSeed(1))
	reads := []mockserver.Route{"getSegment", "listSegments", "getSession",
		"listSessions", "getCallRecord"}
	writes := []mockserver.Route{"createSegment", "updateSegment", "deleteSegment"}
	for _, f := range []mockserver.Fault{
		{ID: "flaky-reads", Routes: reads, Status: 503, RetryAfter: 20 * time.Millisecond, Probability: 0.05},
		{ID: "throttled-writes", Routes: writes, Status: 429, RetryAfter: 10 * time.Millisecond, Times: 1, Key: "client-request-id", Probability: 0.3},
		{ID: "ambiguous-creates", Routes: []mockserver.Route{"createSegment"}, Status: 503, RetryAfter: 10 * time.Millisecond,
			ApplyThenFail: true, Probability: 0.05},
		{ID: "slow-sessions", Routes: []mockserver.Route{"getSession"}, Delay: &mockserver.Latency{Max: 5 * time.Millisecond}, Probability: 0.2},
	} {
		if _, err := ts.InjectFault(f); err != nil {
			t.Fatal(err)
		}
	}
	client := ts.Client()
	transport := client.Transport.(*http.Transport)
	transport.MaxIdleConnsPerHost = soakClients

	var stats soakStats
	clients := make([]*soakClient, soakClients)
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := range clients {
		c := &soakClient{t: t, n: i, base: ts.URL, http: client, rng: rand.New(rand.NewPCG(uint64(i), 42)), stats: &stats,
			live: map[string]string{}, uncertain: map[string]bool{}}
		for j := 0; j < 5; j++ {
			id := fmt.Sprintf("seed-%02d-%d", i, j)
			c.live[id], c.order = "", append(c.order, id)
		}
		clients[i] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && !t.Failed() {
				c.step()
			}
		}()
	}
	wg.Wait()

	// Every 503 and 429 the clients saw was injected: the rules fired exactly as often.
	fired := map[string]int{}
	for _, st := range ts.Faults() {
		fired[st.ID] = st.Fired
	}
	if got, want := stats.unavailable.Load(), int64(fired["flaky-reads"]+fired["ambiguous-creates"]); got != want {
		t.Errorf("clients saw %d 503s, the rules fired %d", got, want)
	}
	if got, want := stats.throttled.Load(), int64(fired["throttled-writes"]); got != want {
		t.Errorf("clients saw %d 429s, the rule fired %d", got, want)
	}
	for _, e := range ts.Requests() {
		if e.Status >= 500 && e.Fault == "" {
			t.Errorf("journal: %s %s answered %d with no fault rule", e.Method, e.URL, e.Status)
		}
	}
	ts.ClearFaults()
	for _, c := range clients {
		c.verify()
	}
	live := 0
	for _, c := range clients {
		live += len(c.live)
	}

	heapLoaded := heapInUse() // with every segment written and the journal full

	ts.Reset()
	ts.Close()
	transport.CloseIdleConnections()
	goroutinesAfter := runtime.NumGoroutine()
	for settle := time.Now().Add(5 * time.Second); goroutinesAfter > goroutinesBefore && time.Now().Before(settle); {
		time.Sleep(50 * time.Millisecond)
		goroutinesAfter = runtime.NumGoroutine()
	}
	heapAfter := heapInUse()
	t.Logf("soak %s, %d clients: %d requests (%.0f/s), %d injected 503s (%d ambiguous creates found on retry), %d injected 429s, "+
		"%d live segments verified; goroutines %d before, %d after; heap %.1f MiB before, %.1f MiB with the written state, %.1f MiB after a reset",
		d, soakClients, stats.requests.Load(), float64(stats.requests.Load())/d.Seconds(), stats.unavailable.Load(),
		stats.ambiguous.Load(), stats.throttled.Load(), live, goroutinesBefore, goroutinesAfter,
		float64(heapBefore)/(1<<20), float64(heapLoaded)/(1<<20), float64(heapAfter)/(1<<20))
	if goroutinesAfter > goroutinesBefore {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines: %d after, %d before\n%s", goroutinesAfter, goroutinesBefore, buf[:runtime.Stack(buf, true)])
	}
	// Once the state is reset, what is left is the compiled schemas, the scenario, the journal
	// ring (256 entries, small bodies here) and the fault rules' per-key counters (at most
	// 10,000 keys a rule): a few MiB. 32 MiB leaves room for the GC's and net/http's buffers
	// while catching any per-request leak, which 64 clients for seconds would multiply.
	if heapAfter > heapBefore && heapAfter-heapBefore > 32<<20 {
		t.Errorf("heap grew by %.1f MiB", float64(heapAfter-heapBefore)/(1<<20))
	}
}

// TestMaxHeldRequests checks the bound on faulted requests held at once: past it, a faulted
// request is answered at once with a Graph 503 that names the bound and is journaled under its
// rule; when held requests end, their slots are free again; and the default bound is 256.
func TestMaxHeldRequests(t *testing.T) {
	t.Parallel()
	if _, err := mockserver.New(mockserver.WithSidecar(mockserver.Sidecar{MaxHeldRequests: -1})); err == nil {
		t.Fatal("a negative MaxHeldRequests was accepted")
	}
	t.Run("hang over a real connection", func(t *testing.T) {
		ts := mockserver.Start(t, mockserver.WithScenarioFile("testdata/basic.yaml"), mockserver.WithSidecar(mockserver.Sidecar{MaxHeldRequests: 2}))
		if _, err := ts.InjectFault(mockserver.Fault{Route: "getSegment", Connection: mockserver.ConnectionHang, HangMax: time.Minute}); err != nil {
			t.Fatal(err)
		}
		// probe GETs the hung route: the status, or 0 when the request was held (it timed out).
		probe := func() (int, []byte) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+segmentsURL+"/g1", nil)
			resp, err := ts.Client().Do(req)
			if err != nil {
				return 0, nil
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, body
		}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+segmentsURL+"/g1", nil)
				if resp, err := ts.Client().Do(req); err == nil {
					resp.Body.Close()
					if resp.StatusCode != http.StatusServiceUnavailable { // a probe may have held a slot a moment
						t.Errorf("a hung request was answered: %d", resp.StatusCode)
					}
				}
			}()
		}
		waitFired(t, ts.Server, 2)
		status, body := eventually(t, http.StatusServiceUnavailable, probe)
		var e struct {
			Error struct{ Code, Message string }
		}
		if json.Unmarshal(body, &e) != nil || e.Error.Code != "serviceNotAvailable" || !strings.Contains(e.Error.Message, "Sidecar.MaxHeldRequests") {
			t.Fatalf("over the bound: %d %s, want Graph's 503 naming Sidecar.MaxHeldRequests", status, body)
		}
		cancel() // the held requests end, and their slots are free again
		wg.Wait()
		eventually(t, 0, probe)
	})
	t.Run("default bound with delays in-process", func(t *testing.T) {
		s := newServer(t)
		if _, err := s.InjectFault(mockserver.Fault{Route: "getSegment", Delay: &mockserver.Latency{Fixed: time.Minute}}); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var wg sync.WaitGroup
		// A fired rule takes its held slot a moment after it is counted, so a probe can win the
		// last slot from one of these; that one is then the request over the bound, and its
		// answer is the 503 this checks.
		refused := make(chan *httptest.ResponseRecorder, 1)
		for i := 0; i < mockserver.DefaultSidecar().MaxHeldRequests; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, segmentsURL+"/g1", nil).WithContext(ctx))
				if rec.Code == http.StatusServiceUnavailable && ctx.Err() == nil {
					select {
					case refused <- rec:
					default:
					}
				}
			}()
		}
		waitFired(t, s, mockserver.DefaultSidecar().MaxHeldRequests)
		var last *httptest.ResponseRecorder
		eventually(t, http.StatusServiceUnavailable, func() (int, []byte) {
			select {
			case last = <-refused:
				return last.Code, last.Body.Bytes()
			default:
			}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			last = httptest.NewRecorder()
			s.ServeHTTP(last, httptest.NewRequest(http.MethodGet, segmentsURL+"/g1", nil).WithContext(ctx))
			if ctx.Err() != nil {
				return 0, nil // held
			}
			return last.Code, last.Body.Bytes()
		})
		r := result{status: last.Code, header: last.Header(), body: last.Body.Bytes()}
		if decodeError(t, r).Error.Code != "serviceNotAvailable" || r.header.Get("Retry-After") == "" {
			t.Fatalf("over the default bound: %d %v %s", r.status, r.header, r.body)
		}
		entries := s.Requests(mockserver.RequestFilter{Status: http.StatusServiceUnavailable})
		if len(entries) == 0 {
			t.Fatal("the bound's 503 is not journaled")
		}
		for _, e := range entries {
			if e.Fault == "" {
				t.Errorf("the bound's 503 is journaled without its rule: %+v", e)
			}
		}
		cancel()
		wg.Wait()
	})
}

// eventually calls probe until it answers status (0: the request was held), for at most five
// seconds: a held request takes its slot a moment after its rule fires, and gives it back a
// moment after its client leaves.
func eventually(t *testing.T, status int, probe func() (int, []byte)) (int, []byte) {
	t.Helper()
	var got int
	var body []byte
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if got, body = probe(); got == status {
			return got, body
		}
	}
	t.Fatalf("probe: %d %s, want %d", got, body, status)
	return 0, nil
}

// waitFired waits until the server's first fault rule has fired n times, failing after five
// seconds.
func waitFired(t *testing.T, s *mockserver.Server, n int) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if st := s.Faults(); len(st) > 0 && st[0].Fired >= n {
			return
		}
	}
	t.Fatalf("the fault rule did not fire %d times: %+v", n, s.Faults())
}
