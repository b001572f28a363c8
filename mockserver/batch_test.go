package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/token"
)

const batchURL = "/v1.0/$batch"

// s1 is session s1 of the group call in testdata/basic.yaml, relative to the version root, as a
// batch's url names it.
var s1 = strings.TrimPrefix(group, "/v1.0") + "/sessions/s1"

// batchItem is one answer of a batch, decoded.
type batchItem struct {
	ID      string            `json:"id"`
	Status  *int              `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

// batchOf builds a batch body from requests given as JSON objects.
func batchOf(reqs ...string) string { return `{"requests":[` + strings.Join(reqs, ",") + `]}` }

// getItem is a GET request of a batch, with extra members.
func getItem(id, url string, extra ...string) string {
	return `{"id":"` + id + `","method":"GET","url":"` + url + `"` + strings.Join(extra, "") + `}`
}

// createItem is a request of a batch that creates a segment in session s1.
func createItem(id string) string {
	return `{"id":"` + id + `","method":"POST","url":"` + s1 + `/segments","headers":{"Content-Type":"application/json"},"body":` + seg(`"id":"new-`+id+`"`) + `}`
}

// batchWith is the batch of reqs followed by the requests of the batch more.
func batchWith(req, more string) string {
	return batchOf(req, strings.TrimSuffix(strings.TrimPrefix(more, `{"requests":[`), "]}"))
}

// gets is a batch of n GETs of session s1, ids 1..n.
func gets(n int) string {
	reqs := make([]string, n)
	for i := range reqs {
		reqs[i] = getItem(fmt.Sprint(i+1), s1)
	}
	return batchOf(reqs...)
}

// postBatch sends a batch and decodes its answer, which must be a 200 in which every item has an
// id, a status and headers, and a body that is an object or a string when it has one.
func postBatch(t testing.TB, h http.Handler, target, body string, header http.Header) (result, []batchItem) {
	t.Helper()
	r := send(t, h, http.MethodPost, target, body, header)
	return r, decodeBatch(t, r)
}

// decodeBatch checks and decodes a batch's answer.
func decodeBatch(t testing.TB, r result) []batchItem {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("batch: %d %s", r.status, r.body)
	}
	var out struct{ Responses []batchItem }
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("batch answer is not JSON: %v\n%s", err, r.body)
	}
	for _, it := range out.Responses {
		if it.ID == "" || it.Status == nil || it.Headers == nil {
			t.Fatalf("an item lacks its id, status or headers: %s", r.body)
		}
		if len(it.Body) > 0 && it.Body[0] != '{' && it.Body[0] != '"' {
			t.Fatalf("item %s: body %s is neither an object nor a string", it.ID, it.Body)
		}
	}
	return out.Responses
}

// statuses lists the items' ids and statuses as "id:status", in the order answered.
func statuses(items []batchItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s:%d", it.ID, *it.Status)
	}
	return out
}

// TestBatchJSClientOverHTTP sends the Graph JS client 3.0.7's exact batch (its urls keep
// /v1.0/) over a real connection, with the headers it sends: Graph answers the first request
// 400 for the segment 'v1.0' and the two that depend on it 424, in a 200.
func TestBatchJSClientOverHTTP(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t, mockserver.WithScenarioFile("testdata/basic.yaml"))
	req, err := http.NewRequest(http.MethodPost, srv.URL+batchURL, strings.NewReader(jsClientBatch))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("content-type", "application/json")
	req.Header.Set("accept", "*/*")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	items := decodeBatch(t, result{status: resp.StatusCode, header: resp.Header, body: body})
	if got := statuses(items); !slices.Equal(got, []string{"1:400", "2:424", "3:424"}) {
		t.Fatalf("statuses %v", got)
	}
	var e graphError
	if err := json.Unmarshal(items[0].Body, &e); err != nil || e.Error.Message != "Resource not found for the segment 'v1.0'." {
		t.Errorf("item 1: %s", items[0].Body)
	}
	for _, it := range items {
		// The JS client reads a body as JSON only under this exact key.
		if !strings.HasPrefix(it.Headers["Content-Type"], "application/json") {
			t.Errorf("item %s: headers %v", it.ID, it.Headers)
		}
	}
}

// TestBatchGzipGoSDKForm sends a batch as the Graph SDK for Go does: gzipped, header names in
// lower case, "body":null on a GET, an empty dependsOn, and a dependency listing the whole chain.
func TestBatchGzipGoSDKForm(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	body := batchOf(
		`{"id":"ID1","method":"GET","url":"`+s1+`?%24select=id","headers":{"accept":"application/json"},"body":null,"dependsOn":[]}`,
		`{"id":"ID2","method":"POST","url":"`+s1+`/segments","headers":{"accept":"application/json","content-type":"application/json"},"body":`+seg(`"id":"g9"`)+`,"dependsOn":["ID1"]}`,
		`{"id":"ID3","method":"GET","url":"`+s1+`/segments/g9","headers":{"accept":"application/json"},"body":null,"dependsOn":["ID1","ID2"]}`)
	_, items := postBatch(t, s, batchURL, gzipOf([]byte(body)), http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}})
	if got := statuses(items); !slices.Equal(got, []string{"ID1:200", "ID2:201", "ID3:200"}) {
		t.Fatalf("statuses %v", got)
	}
	if e := s.Requests(mockserver.RequestFilter{Route: "batch"}); len(e) != 1 || e[0].Body != body {
		t.Errorf("the batch's journal entry holds %q, want the body decompressed", e[0].Body)
	}
}

// TestBatchAuth: the batch needs a usable token; each request in it is checked, with the
// batch's token, for the roles of its own method.
func TestBatchAuth(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithRequireAuth(true))
	bearer := func(roles ...string) http.Header {
		return http.Header{"Content-Type": {"application/json"},
			"Authorization": {"Bearer " + token.Mint(token.Claims{Roles: roles, IssuedAt: fixedTime})}}
	}
	body := batchOf(getItem("read", s1),
		`{"id":"write","method":"POST","url":"`+s1+`/segments","headers":{"Content-Type":"application/json",`+
			`"Authorization":"Bearer `+token.Mint(token.Claims{Roles: []string{"CallRecords.ReadWrite.All"}, IssuedAt: fixedTime})+`"},"body":`+seg("")+`}`)
	if r := send(t, s, http.MethodPost, batchURL, body, nil); r.status != http.StatusUnauthorized {
		t.Errorf("no token: %d %s", r.status, r.body)
	}
	for _, c := range []struct {
		name  string
		roles []string
		want  []string
	}{
		{"read-only token", []string{"CallRecords.Read.All"}, []string{"read:200", "write:403"}},
		{"no roles", nil, []string{"read:403", "write:403"}},
		{"read-write token", []string{"CallRecords.ReadWrite.All"}, []string{"read:200", "write:201"}},
	} {
		_, items := postBatch(t, s, batchURL, body, bearer(c.roles...))
		if got := statuses(items); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v (an item's own Authorization does not count)", c.name, got, c.want)
		}
	}
}

// TestBatchNamespace: a batch's requests run in the batch's namespace, named by the path or the
// header, whatever namespace header an item carries.
func TestBatchNamespace(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	create := func(id string) string {
		return `{"id":"1","method":"POST","url":"` + s1 + `/segments","headers":{"Content-Type":"application/json","X-Graphmock-Namespace":"elsewhere"},"body":` + seg(`"id":"`+id+`"`) + `}`
	}
	postBatch(t, s, "/_ns/ci-1"+batchURL, batchOf(create("g8")), nil)
	postBatch(t, s, batchURL, batchOf(create("g9")), http.Header{"Content-Type": {"application/json"}, mockserver.NamespaceHeader: {"ci-2"}})
	for _, c := range []struct {
		ns, id string
		want   int
	}{{"ci-1", "g8", 200}, {"ci-2", "g9", 200}, {"ci-1", "g9", 404}, {"", "g8", 404}, {"elsewhere", "g8", 404}} {
		target := segmentsURL + "/" + c.id
		if c.ns != "" {
			target = "/_ns/" + c.ns + target
		}
		if r := get(t, s, target, nil); r.status != c.want {
			t.Errorf("namespace %q, segment %s: %d, want %d", c.ns, c.id, r.status, c.want)
		}
	}
	if n, _ := s.NamespaceNamed("ci-1"); len(n.Requests()) != 4 {
		t.Errorf("namespace ci-1 journaled %d requests, want the batch, its request and two GETs", len(n.Requests()))
	}
}

// TestBatchJournal: each request of a batch is an entry of its own, with its own request-id,
// linked to the batch's entry, which follows them; a request that did not run (424) is not
// journaled.
func TestBatchJournal(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r, items := postBatch(t, s, batchURL, batchOf(
		getItem("a", s1+"/segments/nope", `,"headers":{"client-request-id":"cid-a","Prefer":"odata.maxpagesize=1"}`),
		getItem("b", s1, `,"dependsOn":["a"]`), getItem("c", s1+"/segments", `,"dependsOn":["a"]`)), nil)
	if got := statuses(items); !slices.Equal(got, []string{"a:404", "b:424", "c:424"}) {
		t.Fatalf("statuses %v", got)
	}
	entries := s.Requests()
	if len(entries) != 2 {
		t.Fatalf("%d entries, want the request that ran and the batch: %+v", len(entries), entries)
	}
	inner, outer := entries[0], entries[1]
	if outer.Route != "batch" || outer.RequestID != r.header.Get("request-id") || outer.Batch != "" || outer.Status != 200 {
		t.Errorf("the batch's entry: %+v", outer)
	}
	if inner.Route != "getSegment" || inner.Batch != outer.RequestID || inner.BatchItem != "a" || inner.Status != 404 ||
		inner.URL != group+"/sessions/s1/segments/nope" || inner.ClientRequestID != "cid-a" || inner.Header.Get("Prefer") != "odata.maxpagesize=1" {
		t.Errorf("the request's entry: %+v", inner)
	}
	if inner.RequestID == outer.RequestID || !strings.Contains(string(items[0].Body), inner.RequestID) {
		t.Errorf("the request's request-id %s is not its own, or not in its answer %s", inner.RequestID, items[0].Body)
	}
	admin := get(t, s, "/_mock/requests", nil)
	if !bytes.Contains(admin.body, []byte(`"batch":"`+outer.RequestID+`","batchItem":"a"`)) {
		t.Errorf("GET /_mock/requests does not link the request to its batch: %s", admin.body)
	}
}

// TestBatchShuffle: with Sidecar.ShuffleBatch the answers come in an order drawn from the seed
// and the batch, the same on every run; without it, in the order sent.
func TestBatchShuffle(t *testing.T) {
	t.Parallel()
	order := func(opts ...mockserver.Option) []string {
		_, items := postBatch(t, newServer(t, opts...), batchURL, gets(8), nil)
		ids := make([]string, len(items))
		for i, it := range items {
			ids[i] = it.ID
		}
		return ids
	}
	sent := []string{"1", "2", "3", "4", "5", "6", "7", "8"}
	if got := order(); !slices.Equal(got, sent) {
		t.Errorf("unshuffled: %v", got)
	}
	shuffle := mockserver.WithSidecar(mockserver.Sidecar{ShuffleBatch: true})
	a, b, c := order(shuffle, mockserver.WithSeed(7)), order(shuffle, mockserver.WithSeed(7)), order(shuffle, mockserver.WithSeed(8))
	if !slices.Equal(a, b) || slices.Equal(a, sent) || slices.Equal(a, c) {
		t.Errorf("seed 7: %v and %v; seed 8: %v", a, b, c)
	}
	slices.SortFunc(a, func(x, y string) int { return len(x) - len(y) + strings.Compare(x, y) })
	if !slices.Equal(a, sent) {
		t.Errorf("shuffled answers are not one per request: %v", a)
	}
}

// TestBatchRoute: $batch takes POST only, JSON only, under both versions.
func TestBatchRoute(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if r := get(t, s, batchURL, nil); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
		t.Errorf("GET: %d Allow %q", r.status, r.header.Get("Allow"))
	}
	if r := send(t, s, http.MethodPost, "/beta/$batch", gets(1), http.Header{"Content-Type": {"text/plain"}}); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: %d", r.status)
	}
	start := time.Now()
	if _, items := postBatch(t, s, "/beta/$batch", gets(20), nil); len(items) != 20 {
		t.Errorf("%d answers", len(items))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("20 GETs took %s", d)
	}
}
