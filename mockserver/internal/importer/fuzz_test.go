package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/importer"
	"github.com/graphmock/graphmock/mockserver/internal/scrub"
)

// fuzzGraph is a Graph endpoint in memory: the pages of a small import, by request URI.
func fuzzGraph() map[string]string {
	return map[string]string{
		"/v1.0/communications/callRecords":              `{"value":[{"id":"r1"}],"@odata.nextLink":"https://graph.test/v1.0/communications/callRecords?$skiptoken=2"}`,
		"/v1.0/communications/callRecords?$skiptoken=2": `{"value":[]}`,
		recordURI: `{"id":"r1","version":1,"type":"groupCall","organizer_v2":{"id":"u1","identity":{"user":{"id":"u1","displayName":"Ann"}}},` +
			`"sessions":[{"id":"s1","caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","name":"PC1"},` +
			`"segments":[{"id":"g1","media":[{"callerNetwork":{"ipAddress":"10.1.2.3","subnet":"10.1.2.0"}}]}]}],` +
			`"sessions@odata.nextLink":"https://graph.test/v1.0/communications/callRecords/r1/sessions?$expand=segments&$skiptoken=2"}`,
		"/v1.0/communications/callRecords/r1/sessions?$expand=segments&$skiptoken=2": `{"value":[{"id":"s2","segments":[],` +
			`"segments@odata.nextLink":"https://graph.test/v1.0/communications/callRecords/r1/sessions/s2/segments?$skiptoken=1"}]}`,
		"/v1.0/communications/callRecords/r1/sessions/s2/segments?$skiptoken=1": `{"value":[{"id":"g2"}]}`,
		"/v1.0/communications/callRecords/r1/participants_v2":                   `{"value":[{"id":"u1","identity":{"user":{"id":"u1"}}}]}`,
	}
}

// fuzzTransport answers from a page table without a network; an unknown URI is a 404.
type fuzzTransport map[string]string

func (ft fuzzTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body, ok := ft[r.URL.RequestURI()]
	status := http.StatusOK
	if !ok {
		status, body = http.StatusNotFound, `{"error":{"code":"NotFound","message":""}}`
	}
	return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

// FuzzImportPages feeds the import arbitrary answers: one page of the small import above (which
// one, by role) is replaced by the fuzzer's bytes. Whatever they are, the import never panics or
// hangs, and when it succeeds every record it hands on is one JSON object that the scrubber
// takes and scrubs into another.
func FuzzImportPages(f *testing.F) {
	uris := make([]string, 0, 8)
	for uri := range fuzzGraph() {
		uris = append(uris, uri)
	}
	for i := range uris {
		f.Add(uint8(i), []byte(fuzzGraph()[uris[i]]))
	}
	f.Add(uint8(0), []byte(`{"value":[{"id":"r1"},{"id":"r1"}],"@odata.nextLink":"/v1.0/communications/callRecords"}`))
	f.Add(uint8(1), []byte(`{"id":"r1","sessions":[{"id":"s","segments":{"x":1}}]}`))
	f.Add(uint8(2), []byte(`{"id":"r1","sessions":[],"x@odata.nextLink":1,"a":{"b":[1e400,-0,"\ud800"]}}`))
	f.Add(uint8(3), []byte(`{"value":[{"id":"s","segments@odata.nextLink":"//other.test/x"}]} `))
	f.Add(uint8(4), []byte("\xef\xbb\xbf{\"value\":[]}"))
	f.Fuzz(func(t *testing.T, role uint8, page []byte) {
		pages := fuzzGraph()
		uris := make([]string, 0, len(pages))
		for uri := range pages {
			uris = append(uris, uri)
		}
		sortStrings(uris)
		pages[uris[int(role)%len(uris)]] = string(page)
		s, err := scrub.New([]byte("fuzz"))
		if err != nil {
			t.Fatal(err)
		}
		cfg := importer.Config{
			GraphURL: "https://graph.test/v1.0",
			Client:   &http.Client{Transport: fuzzTransport(pages)},
			Sleep:    func(context.Context, time.Duration) error { return nil },
		}
		_, _ = importer.Read(context.Background(), cfg, func(rec []byte) error {
			if !json.Valid(rec) || !bytes.HasPrefix(rec, []byte("{")) {
				t.Fatalf("a record that is not one JSON object: %q", rec)
			}
			out, err := s.Record(rec)
			if err != nil {
				t.Fatalf("the scrubber refused a record the import made: %v\n%s", err, rec)
			}
			if !json.Valid(out) {
				t.Fatalf("the scrubbed record is not JSON: %q", out)
			}
			return nil
		})
	})
}

// sortStrings sorts in place (the page table's keys, so role names the same page every run).
func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
