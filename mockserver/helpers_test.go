package mockserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// fixedTime is the clock every test server reads, so dates in bodies and headers are stable.
var fixedTime = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// newServer builds a server on the basic test scenario with a fixed clock, plus opts.
func newServer(t testing.TB, opts ...mockserver.Option) *mockserver.Server {
	t.Helper()
	base := []mockserver.Option{
		mockserver.WithScenarioFile("testdata/basic.yaml"),
		mockserver.WithClock(func() time.Time { return fixedTime }),
	}
	s, err := mockserver.New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// result is one in-process HTTP exchange.
type result struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request straight to the handler (no socket) and records the answer.
func do(t testing.TB, h http.Handler, method, target string, header http.Header, body io.Reader) result {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return result{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// get is do with GET and no body.
func get(t testing.TB, h http.Handler, target string, header http.Header) result {
	t.Helper()
	return do(t, h, http.MethodGet, target, header, nil)
}

// graphError is Graph's error envelope, decoded.
type graphError struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		Details    []struct{ Code, Message, Target string }
		InnerError struct {
			Date            string `json:"date"`
			RequestID       string `json:"request-id"`
			ClientRequestID string `json:"client-request-id"`
		} `json:"innerError"`
	} `json:"error"`
}

// decodeError decodes and sanity-checks an error envelope.
func decodeError(t testing.TB, r result) graphError {
	t.Helper()
	var e graphError
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, r.body)
	}
	if e.Error.Code == "" || e.Error.InnerError.RequestID == "" || e.Error.InnerError.Date == "" {
		t.Fatalf("error envelope incomplete: %s", r.body)
	}
	if e.Error.InnerError.RequestID != r.header.Get("request-id") {
		t.Fatalf("innerError request-id %q != header %q", e.Error.InnerError.RequestID, r.header.Get("request-id"))
	}
	return e
}

// collection is a decoded OData collection page.
type collection struct {
	Context  string            `json:"@odata.context"`
	Count    *int              `json:"@odata.count"`
	Value    []json.RawMessage `json:"value"`
	NextLink string            `json:"@odata.nextLink"`
}

func decodeCollection(t testing.TB, r result) collection {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var c collection
	if err := json.Unmarshal(r.body, &c); err != nil {
		t.Fatalf("collection is not JSON: %v\n%s", err, r.body)
	}
	return c
}

// ids extracts the id of each item of a collection page.
func ids(t testing.TB, items []json.RawMessage) []string {
	t.Helper()
	out := make([]string, len(items))
	for i, raw := range items {
		var v struct{ ID string }
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		out[i] = v.ID
	}
	return out
}

// readFile reads a test data file.
func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

// recordTimesYAML holds what a YAML test scenario's call record needs besides its id, type and
// modalities: the other members Graph always sends (version and the three times), indented for
// the mapping of a list item. Tests that check lines put it after the lines they check.
const recordTimesYAML = "    version: 1\n    lastModifiedDateTime: 2026-11-20T10:31:00Z\n" +
	"    startDateTime: 2026-11-20T10:00:00Z\n    endDateTime: 2026-11-20T10:30:00Z\n"

// recordYAML is recordTimesYAML with a type and modalities: a call record's mapping needs only
// its id before it.
const recordYAML = "    type: groupCall\n    modalities: [audio]\n" + recordTimesYAML

// completeRecord adds to a call record built in Go the members Graph always sends that it lacks
// (version, type, modalities and the times), so a test states only what it is about.
func completeRecord(rec map[string]any) map[string]any {
	defaults := map[string]any{"version": 1, "type": "groupCall", "modalities": []string{"audio"},
		"startDateTime": "2026-11-20T00:00:00Z", "endDateTime": "2026-11-23T00:00:00Z"}
	for k, v := range defaults {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
	if _, ok := rec["lastModifiedDateTime"]; !ok {
		rec["lastModifiedDateTime"] = rec["endDateTime"]
	}
	return rec
}
