package mockserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// FuzzBatch sends batch bodies, plain or gzipped, to POST /v1.0/$batch. Whatever the body, the
// answer comes within its time (a fault's hold ends with the request's deadline), is JSON, and
// is either a 200 with exactly one well-formed answer per request sent or an error envelope, and
// then none of the batch's requests ran (the journal holds the batch alone).
func FuzzBatch(f *testing.F) {
	srv := newServer(f, mockserver.WithSeed(3), mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 8, ShuffleBatch: true}))
	for _, c := range batchGoldenCases() {
		f.Add([]byte(c.body), false)
	}
	for _, c := range badInputCases() {
		if c.target == batchURL && c.method == http.MethodPost && c.header.Get("Content-Encoding") == "" {
			f.Add([]byte(c.body), false)
		}
	}
	for _, s := range []string{
		gets(20),
		batchOf(createItem("1"), getItem("2", s1+"/segments/new-1", `,"dependsOn":["1"]`)),
		batchOf(getItem("1", s1, `,"headers":{"X-Graphmock-Fault":"delay=2ms"}`), getItem("2", s1, `,"headers":{"X-Graphmock-Fault":"status=429"}`)),
		batchOf(`{"id":"1","method":"PUT","url":"x","headers":{"Content-Type":"image/png"},"body":"iVBORw0KGgo"}`),
		batchOf(`{"id":"\u00e9\n","method":"get","url":"communications/callRecords?$top=1","headers":{"Prefer":"odata.maxpagesize=1"},"body":null,"dependsOn":null}`),
		batchOf(getItem("1", s1, `,"dependsOn":["1","1"]`)),
		batchOf(getItem("1", "/_mock/reset"), getItem("2", "/_ns/x/v1.0/communications/callRecords"), getItem("3", "../../_mock/faults")),
		`{"requests":[{}]}`,
		`{"requests":null}`,
		`{"requests":[null,1,"a",[]]}`,
		``,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, zipped bool) {
		srv.Reset()
		header := http.Header{"Content-Type": {"application/json"}}
		sent := body
		if zipped {
			header.Set("Content-Encoding", "gzip")
			sent = []byte(gzipOf(body))
		}
		// Short, so that the fuzzer's minimizing of an input that holds a request stays quick.
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		req := httptest.NewRequest(http.MethodPost, batchURL, bytes.NewReader(sent)).WithContext(ctx)
		req.Header = header
		rec := httptest.NewRecorder()
		start := time.Now()
		srv.ServeHTTP(rec, req)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("the batch took %s", d)
		}
		r := result{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
		if r.status != http.StatusOK {
			if e := decodeError(t, r); r.status >= 500 || e.Error.Code == "" {
				t.Fatalf("%d %s", r.status, r.body)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Fatalf("a refused batch ran %d of its requests: %s", n-1, r.body)
			}
			return
		}
		items := decodeBatch(t, r)
		var sentReqs struct{ Requests []struct{ ID string } }
		if err := json.Unmarshal(body, &sentReqs); err != nil || len(sentReqs.Requests) != len(items) {
			t.Fatalf("%d answers to %d requests (%v): %s", len(items), len(sentReqs.Requests), err, r.body)
		}
		for _, want := range sentReqs.Requests {
			n := 0
			for _, it := range items {
				if strings.EqualFold(it.ID, want.ID) {
					n++
				}
			}
			if n != 1 || want.ID == "" {
				t.Fatalf("request %q has %d answers: %s", want.ID, n, r.body)
			}
		}
		for _, it := range items {
			if *it.Status < 100 || *it.Status > 599 {
				t.Fatalf("item %s: status %d", it.ID, *it.Status)
			}
		}
	})
}
