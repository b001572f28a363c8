package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"

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
