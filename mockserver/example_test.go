package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"time"

	"github.com/graphmock/graphmock/mockserver"
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
	rec := json.RawMessage(`{"id":"r1","type":"peerToPeer","startDateTime":"2026-11-20T10:00:00Z","endDateTime":"2026-11-20T10:05:00Z",
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

// Scenario problems name the file, the line and the JSON pointer.
func ExampleValidateScenario() {
	err := mockserver.ValidateScenario("calls.yaml", []byte(`callRecords:
  - id: r1
    type: conference
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

// exampleT stands in for *testing.T in the Start example.
type exampleT struct{ fns []func() }

func (t *exampleT) Helper()                           {}
func (t *exampleT) Cleanup(f func())                  { t.fns = append(t.fns, f) }
func (t *exampleT) Fatalf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
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
