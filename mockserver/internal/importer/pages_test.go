package importer_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/importer"
)

// fakeGraph answers GETs from a table of request URIs (path and raw query) to bodies, with
// {base} replaced by its own URL; anything else is Graph's 404.
type fakeGraph map[string]string

func (g fakeGraph) start(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := g[r.URL.RequestURI()]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":{"code":"NotFound","message":""}}`)
			return
		}
		fmt.Fprint(w, strings.ReplaceAll(body, "{base}", srv.URL+"/v1.0"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

const recordURI = "/v1.0/communications/callRecords/r1?$expand=sessions($expand=segments)"

// TestSegmentsNextLink follows a session's segments@odata.nextLink, which graphmock never sends
// (it does not page segments inside an expanded session) but Graph may; skips a record that is
// gone by the time it is fetched; and reads a record whose participants list is not found.
func TestSegmentsNextLink(t *testing.T) {
	t.Parallel()
	srv := fakeGraph{
		"/v1.0/communications/callRecords": `{"@odata.context":"c","value":[{"id":"r1"},{"id":"gone"},{"id":"r1"}]}`,
		recordURI: `{"@odata.context":"c","id":"r1","version":1,"organizer_v2@odata.context":"o","organizer_v2":{"id":"u"},` +
			`"sessions@odata.context":"s","sessions":[{"id":"s1","segments@odata.context":"x","segments":[{"id":"g1"}],` +
			`"segments@odata.nextLink":"{base}/communications/callRecords/r1/sessions/s1/segments?$skiptoken=2"}]}`,
		"/v1.0/communications/callRecords/r1/sessions/s1/segments?$skiptoken=2": `{"value":[{"id":"g2"}],"@odata.nextLink":"segments?$skiptoken=3"}`,
		"/v1.0/communications/callRecords/r1/sessions/s1/segments?$skiptoken=3": `{"value":[{"id":"g3"}]}`,
	}.start(t)
	recs, stats, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"r1","version":1,"organizer_v2":{"id":"u"},"sessions":[{"id":"s1","segments":[{"id":"g1"},{"id":"g2"},{"id":"g3"}]}]}`
	if len(recs) != 1 || string(recs[0]) != want {
		t.Errorf("read %s, want [%s]", recs, want)
	}
	if stats.Skipped != 1 || stats.Records != 1 || stats.Segments != 3 {
		t.Errorf("stats %+v", stats)
	}
}

// TestNextLinksThatMustNotBeFollowed: a link to another host (the token would go there), a link
// back to a page already read (a loop) and an answer that is not a collection end the import
// with an error that says so.
func TestNextLinksThatMustNotBeFollowed(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, page, want string }{
		{"another host", `{"value":[],"@odata.nextLink":"https://evil.example/v1.0/communications/callRecords?$skiptoken=1"}`, "leads away from"},
		{"another scheme", `{"value":[],"@odata.nextLink":"https://127.0.0.1/v1.0/communications/callRecords"}`, "leads away from"},
		{"a loop", `{"value":[],"@odata.nextLink":"{base}/communications/callRecords"}`, "loop"},
		{"not a collection", `{"values":[]}`, "no value array"},
		{"not JSON", `{"value":[]`, "not valid JSON"},
		{"items not objects", `{"value":["r1"]}`, "not an object"},
		{"an item without an id", `{"value":[{"ID":"r1"}]}`, "has no id"},
	}
	for _, c := range cases {
		srv := fakeGraph{"/v1.0/communications/callRecords": c.page}.start(t)
		_, _, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
	}
	if _, _, err := readAll(t, importer.Config{GraphURL: "graph.microsoft.com/v1.0"}); err == nil || !strings.Contains(err.Error(), "not an absolute http(s) URL") {
		t.Errorf("a Graph URL without a scheme: err = %v", err)
	}
}
