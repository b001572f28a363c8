package mockserver_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/generate"
)

// BenchmarkScale measures the requests issue 16 names against two generated scenarios of the
// same shape, a thousand times apart: 1k (50 call records of 3 sessions of 6 segments, and one
// session of 100 segments) and 1M (50,000 records, and a session of 100,000 segments: a million
// segments in all). Each request must cost about the same at both sizes; each runs at both
// sizes in turn, so compare each 1M line with the 1k line above it (ns/op and allocs/op). The 1M scenario is generated into a temporary file and
// loaded as a stream, which takes tens of seconds and about 2 GB: it runs only with
// GRAPHMOCK_SCALE=1 (.ci/run does, once, with a short -benchtime).
//
//	GRAPHMOCK_SCALE=1 go test ./mockserver -run '^$' -bench '^BenchmarkScale$' -benchtime 2000x
func BenchmarkScale(b *testing.B) {
	sizes := []struct {
		name        string
		records     int
		longSession int
	}{{"1k", 50, 100}, {"1M", 50_000, 100_000}}
	type loadedSize struct {
		name    string
		s       *mockserver.Server
		targets []scaleTarget
	}
	var loaded []loadedSize
	for _, size := range sizes {
		if size.name == "1M" && os.Getenv("GRAPHMOCK_SCALE") != "1" {
			b.Logf("skipping the 1M scenario: set GRAPHMOCK_SCALE=1 to run it")
			continue
		}
		s, targets := scaleServer(b, size.records, size.longSession)
		loaded = append(loaded, loadedSize{size.name, s, targets})
	}
	// Each request at every size in turn, so the sizes share whatever else the machine is doing.
	for i := range loaded[0].targets {
		for _, l := range loaded {
			tc := l.targets[i]
			b.Run(tc.name+"/"+l.name, func(b *testing.B) {
				w := &sink{h: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					l.s.ServeHTTP(w, tc.request())
				}
			})
		}
	}
}

// scaleTarget is one request of the scale benchmark, made afresh for each iteration.
type scaleTarget struct {
	name    string
	request func() *http.Request
}

// scaleServer generates and loads a scenario of records records of 3 sessions of 6 segments and
// one record holding a session of longSession segments, and works out the requests to measure.
func scaleServer(b *testing.B, records, longN int) (*mockserver.Server, []scaleTarget) {
	b.Helper()
	start := time.Now()
	path := filepath.Join(b.TempDir(), "scale.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	sum, err := generate.Write(w, generate.Options{Records: records, Seed: 16, Sessions: 3, Segments: 6, LongSession: longN, Detail: "lean", Format: "json"})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	generated := time.Since(start)
	s, err := mockserver.New(mockserver.WithScenarioFile(path), mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: math.MaxInt64}))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d records, %d segments: generated in %v, loaded in %v", sum.Records, sum.Segments, generated, time.Since(start)-generated)
	runtime.GC() // the load's garbage is collected before anything is measured
	const records0 = "/v1.0/communications/callRecords"
	first := func(target string) map[string]any {
		r := get(b, s, target, nil)
		var c struct {
			Value []map[string]any `json:"value"`
			Next  string           `json:"@odata.nextLink"`
		}
		if r.status != http.StatusOK || json.Unmarshal(r.body, &c) != nil || len(c.Value) == 0 {
			b.Fatalf("%s: %d %.300s", target, r.status, r.body)
		}
		return map[string]any{"value": c.Value, "next": c.Next}
	}
	idOf := func(target string) string {
		return first(target)["value"].([]map[string]any)[0]["id"].(string)
	}
	// The long session's record lies in the middle of the listing (generate puts it there).
	var longRecord, longSession string
	for _, skip := range []int{records / 2, records/2 - 1, records/2 + 1} {
		rid := idOf(fmt.Sprintf("%s?$skip=%d&$top=1", records0, skip))
		sid := idOf(records0 + "/" + rid + "/sessions?$top=1")
		if n := string(get(b, s, records0+"/"+rid+"/sessions/"+sid+"/segments/$count", nil).body); n == fmt.Sprint(longN) {
			longRecord, longSession = rid, sid
			break
		}
	}
	if longRecord == "" {
		b.Fatal("the long session is not in the middle of the listing")
	}
	segments := records0 + "/" + longRecord + "/sessions/" + longSession + "/segments"
	middle := fmt.Sprintf("%s?$skip=%d", segments, longN/2-30) // the 60 segments around the middle
	// An ordinary record a quarter of the way down, its second session and fourth segment.
	rid := idOf(fmt.Sprintf("%s?$skip=%d&$top=1", records0, records/4))
	sessions := first(records0 + "/" + rid + "/sessions")["value"].([]map[string]any)
	sid := sessions[1]["id"].(string)
	gid := first(records0 + "/" + rid + "/sessions/" + sid + "/segments")["value"].([]map[string]any)[3]["id"].(string)
	// The last page of the records list, 10 a page (so the last holds one record at both
	// sizes), reached by its links.
	last := records0
	for next := records0 + "?$top=10"; next != ""; {
		last = next
		next, _ = first(next)["next"].(string)
		next = strings.TrimPrefix(next, "http://example.com")
	}
	// A filter on startDateTime selecting the records of two days in the middle of the window,
	// counted, five a page (so a page holds as many records at both sizes).
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	filter := records0 + "?$count=true&$top=5&$filter=" + url.QueryEscape(fmt.Sprintf("startDateTime ge %s and startDateTime lt %s", day.Format(time.RFC3339), day.Add(48*time.Hour).Format(time.RFC3339)))
	// A lean segment inside the session's times, posted without an id (the server makes one).
	ses := sessions[1]
	post := fmt.Sprintf(`{"startDateTime":%q,"endDateTime":%q,"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"windows","productFamily":"teams"}},"media":[{"label":"main-audio","streams":[{"streamDirection":"callerToCallee","averageJitter":"PT0.004S","averagePacketLossRate":0.0012}]}]}`,
		ses["startDateTime"], ses["startDateTime"])
	getTo := func(target string) func() *http.Request {
		req := httptest.NewRequest(http.MethodGet, strings.TrimPrefix(target, "http://example.com"), nil)
		return func() *http.Request { return req } // a GET is made once, as a client's would be reused
	}
	postReq := httptest.NewRequest(http.MethodPost, records0+"/"+rid+"/sessions/"+sid+"/segments", nil)
	postReq.Header.Set("Content-Type", "application/json")
	return s, []scaleTarget{
		{"get-segment", getTo(records0 + "/" + rid + "/sessions/" + sid + "/segments/" + gid)},
		{"page-of-60-mid-long-session", getTo(middle)},
		{"count-records", getTo(records0 + "/$count")},
		{"count-long-session", getTo(segments + "/$count")},
		{"filter-startDateTime", getTo(filter)},
		{"last-page-of-records", getTo(last)},
		{"post-segment", func() *http.Request {
			postReq.Body = io.NopCloser(strings.NewReader(post))
			return postReq
		}},
	}
}
