package mockserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/generate"
)

// A server is an http.Handler: here it answers without any socket.
func ExampleNew() {
	srv, err := mockserver.New(mockserver.WithScenarioName("small"))
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/v1.0/communications/callRecords?$select=id,type", nil))
	var page struct {
		Value []struct{ ID, Type string }
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &page)
	for _, r := range page.Value {
		fmt.Println(r.Type, r.ID)
	}
	// Output:
	// peerToPeer 0e5b7c3a-9d1f-4a62-8b47-c3f2e1d0a9b6
	// groupCall 8d4a6f2c-1b7e-4c93-a5d8-e0f9b3c7a214
}

// A scenario built in Go goes through the same checks as a file.
func ExampleWithScenario() {
	rec := json.RawMessage(`{"id":"r1","version":1,"type":"peerToPeer","modalities":["audio"],"lastModifiedDateTime":"2026-11-20T10:06:00Z",
		"startDateTime":"2026-11-20T10:00:00Z","endDateTime":"2026-11-20T10:05:00Z",
		"sessions":[{"id":"s1","modalities":["audio"],"startDateTime":"2026-11-20T10:00:00Z","endDateTime":"2026-11-20T10:05:00Z"}]}`)
	srv, err := mockserver.New(mockserver.WithScenario(mockserver.Scenario{Name: "inline", CallRecords: []json.RawMessage{rec}}))
	if err != nil {
		fmt.Println(err)
		return
	}
	out := httptest.NewRecorder()
	srv.ServeHTTP(out, httptest.NewRequest("GET", "/v1.0/communications/callRecords/r1/sessions/$count", nil))
	fmt.Println(out.Body.String())
	// Output: 1
}

// A generated scenario, as graphmock generate writes it: the same options, the same data.
func Example_generatedScenario() {
	var scenario bytes.Buffer
	sum, err := generate.Write(&scenario, generate.Options{Records: 200, Seed: 42, Format: "json"})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv, err := mockserver.New(mockserver.WithScenarioBytes("generated.json", scenario.Bytes()))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Records, srv.ScenarioInfo().Segments == sum.Segments)
	// Output: 200 true
}

// Scenario problems name the file, the line and the JSON pointer.
func ExampleValidateScenario() {
	err := mockserver.ValidateScenario("calls.yaml", []byte(`callRecords:
  - id: r1
    type: conference
    version: 1
    modalities: [audio]
    lastModifiedDateTime: 2026-11-20T10:06:00Z
    startDateTime: 2026-11-20T10:00:00Z
    endDateTime: 2026-11-20T10:05:00Z
`))
	fmt.Println(err)
	// Output: calls.yaml:3: /callRecords/0/type: "conference" is not a member of microsoft.graph.callRecords.callType; value must be one of "unknown", "groupCall", "peerToPeer", "unknownFutureValue"
}

// Start serves over a loopback port for one test; cleanup is registered with t.Cleanup.
func ExampleStart() {
	t := &exampleT{}
	srv := mockserver.Start(t, mockserver.WithScenarioName("small"))
	defer t.cleanup()
	resp, err := srv.Client().Get(srv.URL + "/v1.0/communications/callRecords/nope")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var e struct{ Error struct{ Code string } }
	_ = json.Unmarshal(body, &e)
	fmt.Println(resp.StatusCode, e.Error.Code)
	// Output: 404 NotFound
}

// exampleT stands in for *testing.T in the examples, so they hold the README's snippets as
// written for a test: a failure prints, and so changes the example's output.
type exampleT struct{ fns []func() }

func (t *exampleT) Helper()                           {}
func (t *exampleT) Cleanup(f func())                  { t.fns = append(t.fns, f) }
func (t *exampleT) Fatalf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
func (t *exampleT) Errorf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
func (t *exampleT) Fatal(args ...any)                 { fmt.Println(args...) }
func (t *exampleT) cleanup() {
	for _, f := range t.fns {
		f()
	}
}

// A fault rule fails the first matching request; the journal shows what the client did. The
// Server's methods act on its default namespace.
func ExampleNamespace_InjectFault() {
	srv, err := mockserver.New(mockserver.WithScenarioName("small"), mockserver.WithSeed(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := srv.InjectFault(mockserver.Fault{Route: "listCallRecords", Status: 429, RetryAfter: time.Second, Times: 1}); err != nil {
		fmt.Println(err)
		return
	}
	for i := 0; i < 2; i++ {
		srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/v1.0/communications/callRecords", nil))
	}
	for _, e := range srv.Requests() {
		fmt.Println(e.Route, e.Status, e.Fault, e.RetryAfter)
	}
	// Output:
	// listCallRecords 429 fault-1 1s
	// listCallRecords 200  0s
}

// Namespaces isolate parallel tests sharing one server: a write in one is invisible in another.
func ExampleServer_NamespaceNamed() {
	srv, err := mockserver.New(mockserver.WithScenarioName("small"))
	if err != nil {
		fmt.Println(err)
		return
	}
	job, err := srv.NamespaceNamed("job-42")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := job.LoadScenario("empty.yaml", []byte("callRecords: []\n")); err != nil {
		fmt.Println(err)
		return
	}
	count := func(prefix string) string {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", prefix+"/v1.0/communications/callRecords/$count", nil))
		return rec.Body.String()
	}
	fmt.Println(count(""), count("/_ns/job-42"), srv.Namespaces())
	// Output: 2 0 [job-42]
}

// A shared sidecar guards its admin API and builds links on its public address.
func ExampleWithSidecar() {
	srv, err := mockserver.New(mockserver.WithScenarioName("small"),
		mockserver.WithSidecar(mockserver.Sidecar{BaseURL: "https://graph.test:8443", AdminToken: "s3cret"}))
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", "/_mock/reset", nil))
	fmt.Println(rec.Code)
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/v1.0/communications/callRecords?$top=1&$select=id", nil))
	var page struct {
		Next string `json:"@odata.nextLink"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &page)
	fmt.Println(page.Next[:len("https://graph.test:8443/v1.0/communications/callRecords")])
	// Output:
	// 401
	// https://graph.test:8443/v1.0/communications/callRecords
}

// The README's first Go snippet, "In a Go test", run as written: dashboard stands in for the
// reader's code under test, and testdata/two-sessions.yaml is the README's scenario example.
func TestMyDashboard(t *testing.T) {
	srv := mockserver.Start(t, mockserver.WithScenarioFile("testdata/two-sessions.yaml"))
	got, err := dashboard.Fetch(t.Context(), srv.Client(), srv.URL+"/v1.0", callID) // your code under test
	if err != nil || len(got.Sessions) != 2 {
		t.Fatalf("Fetch = %+v, %v; want the call's two sessions", got, err)
	}
}

// callID is the call record of testdata/two-sessions.yaml.
const callID = "a0f1c9e2-1111-4c2b-9d6e-000000000002"

// dashboard is the code under test of the README's snippet: it reads a call with its sessions.
var dashboard dashboardClient

type dashboardClient struct{}

// dashboardCall is what dashboardClient.Fetch reads of a call record.
type dashboardCall struct {
	ID       string
	Sessions []struct{ ID string }
}

// Fetch GETs a call record with its sessions expanded, as a client of Graph would.
func (dashboardClient) Fetch(ctx context.Context, c *http.Client, base, id string) (dashboardCall, error) {
	var call dashboardCall
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/communications/callRecords/"+id+"?$expand=sessions", nil)
	if err != nil {
		return call, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return call, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return call, fmt.Errorf("GET %s: %s", req.URL, resp.Status)
	}
	return call, json.NewDecoder(resp.Body).Decode(&call)
}

// Faults lists every rule with how often it matched and fired (the README's Go way of setting
// rules, as written there).
func ExampleNamespace_Faults() {
	t := &exampleT{}
	srv, err := mockserver.New(mockserver.WithScenarioName("small"))
	if err != nil {
		t.Fatal(err)
		return
	}
	if _, err := srv.InjectFault(mockserver.Fault{Route: "listSessions", Status: 429, RetryAfter: time.Second, Times: 1}); err != nil {
		t.Fatal(err)
	}
	for _, st := range srv.Faults() { // every rule, with how often it matched and fired
		fmt.Println(st.ID, st.Source, st.Matched, st.Fired)
	}
	srv.ClearFaults() // or srv.RemoveFault(id)
	fmt.Println(len(srv.Faults()), "rules left")
	// Output:
	// fault-1 go 0 0
	// 0 rules left
}

// The journal shows what a client did: here it retried a throttled list after the Retry-After
// it was given, then created one segment. The assertions are the README's, as written there.
func ExampleNamespace_RetryReports() {
	t := &exampleT{}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	srv, err := mockserver.New(mockserver.WithScenarioFile("testdata/two-sessions.yaml"),
		mockserver.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
		return
	}
	if _, err := srv.InjectFault(mockserver.Fault{Route: "listSessions", Status: 429, RetryAfter: time.Second, Times: 1}); err != nil {
		t.Fatal(err)
	}
	send := func(method, path, body string) {
		r := httptest.NewRequest(method, "/v1.0/communications/callRecords/"+callID+path, strings.NewReader(body))
		r.Header.Set("Client-Request-Id", "retrying-client")
		r.Header.Set("Content-Type", "application/json")
		srv.ServeHTTP(httptest.NewRecorder(), r)
	}
	send("GET", "/sessions", "") // 429
	now = now.Add(time.Second)   // the client waits as long as Retry-After said
	send("GET", "/sessions", "") // 200
	send("POST", "/sessions/s1/segments", `{"startDateTime":"2026-11-21T09:06:00Z","endDateTime":"2026-11-21T09:07:00Z"}`)
	for _, r := range srv.RetryReports() {
		fmt.Println(r.Route, r.Status, "retried after", r.Waited, "honoured:", r.Honoured)
	}

	if posts := srv.Requests(mockserver.RequestFilter{Route: "createSegment", Status: 201}); len(posts) != 1 {
		t.Errorf("created %d segments, want 1", len(posts))
	}
	for _, r := range srv.RetryReports() { // one per 429/503 the server sent
		if !r.Honoured || r.Retries > 3 {
			t.Errorf("client retried %s after %s (Retry-After %s), %d times", r.Route, r.Waited, r.RetryAfter, r.Retries)
		}
	}
	srv.ClearRequests()
	fmt.Println(len(srv.Requests()), "requests journaled after ClearRequests")
	// Output:
	// listSessions 429 retried after 1s honoured: true
	// 0 requests journaled after ClearRequests
}

// GraphThrottling's rules are Graph's documented callRecords limits (docs/faults.md's recipe, as
// written there): the 41st request within 20 seconds is throttled.
func ExampleGraphThrottling() {
	t := &exampleT{}
	srv, err := mockserver.New(mockserver.WithScenarioName("small"))
	if err != nil {
		t.Fatal(err)
		return
	}
	for _, f := range mockserver.GraphThrottling() {
		if _, err := srv.InjectFault(f); err != nil {
			t.Fatal(err)
		}
	}
	codes := map[int]int{}
	for i := 0; i < 41; i++ {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "/v1.0/communications/callRecords", nil))
		codes[rec.Code]++
	}
	fmt.Println(codes[200], "answered,", codes[429], "throttled")
	// Output: 40 answered, 1 throttled
}

// A namespace's clock is steered by the test: a record that says availableAfter appears when
// the clock passes it.
func ExampleClock() {
	t := &exampleT{}
	defer t.cleanup()
	srv := mockserver.Start(t, mockserver.WithScenarioFile("testdata/timeline.yaml"))
	clock := srv.Clock()
	clock.Freeze(true) // from here on, only the test moves time
	status := func(path string) int {
		resp, err := srv.Client().Get(srv.URL + "/v1.0/communications/callRecords/" + path)
		if err != nil {
			t.Fatal(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// The call ended at 11:50 and its record says availableAfter: 25m; the clock starts at 12:00.
	const late = "22222222-2222-4222-8222-222222222222"
	if got := status(late); got != http.StatusNotFound {
		t.Errorf("before 12:15: %d, want 404 (not generated yet)", got)
	}
	clock.Advance(15 * time.Minute) // whatever falls due on the way happens before Advance returns
	if got := status(late); got != http.StatusOK {
		t.Errorf("at 12:15: %d, want 200", got)
	}
	fmt.Println(clock.Now().Format(time.Kitchen), status(late))
	// Output: 12:15PM 200
}

// A JSON batch: each request is answered as it would be on its own, in an order shuffled from
// the seed, and journaled with a link to its batch.
func Example_batch() {
	t := &exampleT{}
	defer t.cleanup()
	srv := mockserver.Start(t, mockserver.WithScenarioName("small"), mockserver.WithSeed(7),
		mockserver.WithSidecar(mockserver.Sidecar{ShuffleBatch: true}))
	batch := `{"requests":[
		{"id":"list","method":"GET","url":"/communications/callRecords?$select=id&$top=1"},
		{"id":"count","method":"GET","url":"communications/callRecords/$count"},
		{"id":"throttled","method":"GET","url":"/communications/callRecords","headers":{"X-Graphmock-Fault":"status=429; retry-after=2"}}]}`
	resp, err := srv.Client().Post(srv.URL+"/v1.0/$batch", "application/json", strings.NewReader(batch))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct {
		Responses []struct {
			ID      string
			Status  int
			Headers map[string]string
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		t.Fatal(err)
	}
	for _, r := range answer.Responses { // match answers to requests by id, never by position
		fmt.Printf("%s %d Retry-After=%q\n", r.ID, r.Status, r.Headers["Retry-After"])
	}
	for _, e := range srv.Requests(mockserver.RequestFilter{Status: 429}) { // linked to its batch
		fmt.Println(e.Route, e.BatchItem, e.Batch != "")
	}
	// Output:
	// throttled 429 Retry-After="2"
	// list 200 Retry-After=""
	// count 200 Retry-After=""
	// listCallRecords throttled true
}

// The report functions answer from the scenario's rows, a page at a time: getPstnCalls's
// toDateTime is inclusive, so the row at 2026-12-01T00:00:00Z is the second page.
func Example_reports() {
	rows := []json.RawMessage{
		json.RawMessage(`{"id":"a","startDateTime":"2026-11-02T09:00:00Z","duration":60,"charge":0.00,"callType":"user_out"}`),
		json.RawMessage(`{"id":"b","startDateTime":"2026-12-01T00:00:00Z","duration":30,"charge":0.25,"callType":"user_out_international"}`),
	}
	srv, err := mockserver.New(mockserver.WithScenario(mockserver.Scenario{Name: "pstn", CallRecords: []json.RawMessage{}, PstnCalls: rows}))
	if err != nil {
		fmt.Println(err)
		return
	}
	next := "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-12-01)"
	for next != "" {
		out := httptest.NewRecorder()
		req := httptest.NewRequest("GET", next, nil)
		req.Header.Set("Prefer", "odata.maxpagesize=1")
		srv.ServeHTTP(out, req)
		var page struct {
			Count int `json:"@odata.count"`
			Value []struct {
				ID string
			}
			NextLink string `json:"@odata.nextLink"`
		}
		_ = json.Unmarshal(out.Body.Bytes(), &page)
		fmt.Println(page.Count, page.Value[0].ID)
		next = strings.TrimPrefix(page.NextLink, "http://example.com")
	}
	// Output:
	// 1 a
	// 1 b
}

// The README's "Testing your webhook", run as written: webhook stands in for the reader's
// webhook, which answers the handshake, checks clientState and fetches each record it is told
// about.
func TestMyWebhook(t *testing.T) {
	srv := mockserver.Start(t, mockserver.WithScenarioFile("testdata/timeline.yaml"))
	clock := srv.Clock()
	clock.Freeze(true)
	app := webhook.New(srv.Client(), srv.URL+"/v1.0", "s3cret") // your code under test
	hook := httptest.NewServer(app)
	defer hook.Close()
	body := `{"changeType":"created","resource":"/communications/callRecords","notificationUrl":"` + hook.URL +
		`/notify","expirationDateTime":"2026-11-28T14:00:00Z","clientState":"s3cret"}`
	resp, err := srv.Client().Post(srv.URL+"/v1.0/subscriptions", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("subscribe: %v, %v", resp, err) // a webhook that fails the handshake gets a 400 here
	}
	clock.Advance(25 * time.Minute) // the call ended at 11:50; Graph generates its record now
	if got := app.Fetched(t.Context(), 1); len(got) != 1 || got[0] != "22222222-2222-4222-8222-222222222222" {
		t.Fatalf("fetched %v; want the new call record", got)
	}
	if fetches := srv.Requests(mockserver.RequestFilter{Route: "getCallRecord"}); len(fetches) != 1 {
		t.Fatalf("the webhook fetched %d times; want once", len(fetches))
	}
}

// webhook is the code under test of the README's webhook snippet.
var webhook webhookPackage

type webhookPackage struct{}

// New returns a webhook that fetches, through c from base, every call record a notification
// with clientState names.
func (webhookPackage) New(c *http.Client, base, clientState string) *webhookApp {
	return &webhookApp{client: c, base: base, clientState: clientState}
}

// webhookApp is a consumer's webhook: it answers Graph's validation handshake, checks each
// notification's clientState and fetches the record it names.
type webhookApp struct {
	client            *http.Client
	base, clientState string
	mu                sync.Mutex
	fetched           []string
}

func (a *webhookApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if tok := r.URL.Query().Get("validationToken"); tok != "" { // decoded, as Graph requires
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, tok)
		return
	}
	var batch struct {
		Value []struct{ ClientState, Resource string }
	}
	if err := json.NewDecoder(r.Body).Decode(&batch); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	for _, n := range batch.Value {
		if n.ClientState != a.clientState {
			continue
		}
		resp, err := a.client.Get(a.base + "/" + n.Resource + "?$expand=sessions($expand=segments)")
		if err != nil {
			w.WriteHeader(http.StatusServiceUnavailable) // Graph retries
			return
		}
		var rec struct{ ID string }
		_ = json.NewDecoder(resp.Body).Decode(&rec)
		resp.Body.Close()
		a.mu.Lock()
		a.fetched = append(a.fetched, rec.ID)
		a.mu.Unlock()
	}
	w.WriteHeader(http.StatusAccepted)
}

// Fetched waits until n records were fetched (or ctx ends) and returns their ids.
func (a *webhookApp) Fetched(ctx context.Context, n int) []string {
	for {
		a.mu.Lock()
		got := append([]string(nil), a.fetched...)
		a.mu.Unlock()
		if len(got) >= n || ctx.Err() != nil {
			return got
		}
		time.Sleep(time.Millisecond)
	}
}
