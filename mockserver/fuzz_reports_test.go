package mockserver_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
)

// reportStarts are the start times of the rows of fuzzScenario's reports (each report has a row
// at each): range ends, fractions of a second, and rows outside any 90-day range of the others.
var reportStarts = []string{
	"2019-10-31T23:59:59.9999999Z", "2019-11-01T00:00:00Z", "2019-11-01T00:00:08.2589935Z",
	"2019-11-15T12:00:00Z", "2019-12-01T00:00:00Z", "2020-01-30T00:00:00Z", "2026-11-20T08:12:03Z",
}

// fuzzScenario has one PSTN and one Direct Routing row at each of reportStarts, ids by index.
func fuzzScenario() mockserver.Scenario {
	sc := mockserver.Scenario{Name: "report-fuzz", CallRecords: []json.RawMessage{}}
	for i, start := range reportStarts {
		row := json.RawMessage(fmt.Sprintf(`{"id":"row-%d","startDateTime":%q}`, i, start))
		sc.PstnCalls = append(sc.PstnCalls, row)
		sc.DirectRoutingCalls = append(sc.DirectRoutingCalls, row)
	}
	return sc
}

// rawCall sends GET to a call of function with the raw parameter text args and the raw query, as
// a client would put them on the wire; ok is false when net/http would refuse the request line
// before any handler ran (a space, a control byte, a bad percent-escape in the path) or args
// would not stay in the path.
func rawCall(t *testing.T, h http.Handler, version, function, args, query string) (result, bool) {
	t.Helper()
	target := "/" + version + "/communications/callRecords/" + function + "(" + args + ")"
	if !wireSafe(target) || !wireSafe(query) || strings.ContainsAny(args, "?#") { // '?' or '#' would end the path
		return result{}, false
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return result{}, false
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	u.RawQuery = query
	req.URL, req.RequestURI = u, u.RequestURI()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return result{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}, true
}

// FuzzReportCall sends random parameter text to both report functions, in both URL spellings,
// with a few query options. Properties: the answer is Graph's (checkGraphAnswer), 400 for what
// reports.ParseCall refuses as malformed and 406 for a range over 90 days, and the same for both
// spellings; a 200 pages, link by link, through exactly the scenario's rows whose start is in
// the range (fromDateTime inclusive; toDateTime inclusive for PSTN, exclusive for Direct
// Routing), in start order, each page's @odata.count its number of rows.
func FuzzReportCall(f *testing.F) {
	srv, err := mockserver.New(mockserver.WithScenario(fuzzScenario()), mockserver.WithPageSize(2), mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 4}))
	if err != nil {
		f.Fatal(err)
	}
	queries := []string{"", "$top=1", "$skip=1&$count=true", "$top=1000&$skip=0", "$top=1001", "$filter=id%20eq%20'x'"}
	for i, args := range []string{
		"fromDateTime=2019-11-01,toDateTime=2019-12-01",
		"fromDateTime=2019-11-01T00%3A00%3A00Z,toDateTime=2019-12-01T00%3A00%3A00Z",
		"toDateTime=2019-12-01T01:00:00%2B01:00,fromDateTime=2019-10-31T23:59:59.9999999Z",
		"fromDateTime=2019-11-01T00:00Z,toDateTime=2020-01-30",
		"fromDateTime=,toDateTime=",
		"fromDateTime=2019-12-01,toDateTime=2019-11-01",
		"fromDateTime=2019-09-01,toDateTime=2019-12-01",
		"fromDateTime=2019-13-01,toDateTime=2019-12-01",
		"from=2019-11-01,to=2019-12-01",
		"fromDateTime=2019-11-01",
		"fromDateTime=2019-11-01,fromDateTime=2019-11-01",
		"",
		",",
		"=",
		"fromDateTime=2019-11-01,toDateTime=2019-12-01)(",
		"fromDateTime=2019-11-01%2CtoDateTime=2019-12-01",
		"fromDateTime=%zz",
		"fromDateTime=2019-11-01,toDateTime=2019-12-01/x",
	} {
		f.Add(uint8(i), args)
	}
	f.Fuzz(func(t *testing.T, which uint8, args string) {
		k := reports.Kinds()[which%2]
		query := queries[int(which/2)%len(queries)]
		version := []string{"v1.0", "beta"}[(which/16)%2]
		var first result
		for i, function := range []string{k.Function(), reports.Namespace + k.Function()} {
			r, ok := rawCall(t, srv, version, function, args, query)
			if !ok {
				return
			}
			if strings.Contains(args, "/") || strings.Contains(args, "%2F") || strings.Contains(args, "%2f") {
				return // a '/' makes more path segments, another URL; a %2F one the parameters refuse
			}
			checkGraphAnswer(t, r, http.StatusOK)
			if i == 0 {
				first = r
				checkReportCall(t, srv, k, version, args, query, r)
			} else if r.status != first.status {
				t.Fatalf("%s(%s)?%s: %d, but %d unqualified", function, args, query, r.status, first.status)
			}
		}
	})
}

// asJSONString is s as a JSON string carries it: each byte of invalid UTF-8 (a parameter echoed
// in a message may hold some) becomes U+FFFD.
func asJSONString(s string) string {
	raw, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(raw, &out)
	return out
}

// checkReportCall checks one answer to a call against reports.ParseCall and the scenario's rows.
func checkReportCall(t *testing.T, srv http.Handler, k reports.Kind, version, args, query string, r result) {
	t.Helper()
	rng, err := reports.ParseCall(k, args)
	var re *reports.RangeError
	switch {
	case strings.HasPrefix(query, "$filter"): // the query options are read first
		if r.status != http.StatusBadRequest {
			t.Fatalf("(%s)?%s: %d, want 400", args, query, r.status)
		}
		return
	case errors.As(err, &re):
		if r.status != http.StatusNotAcceptable {
			t.Fatalf("(%s): %d %s, want 406 for a range over 90 days", args, r.status, r.body)
		}
		return
	case err != nil:
		if r.status != http.StatusBadRequest || decodeError(t, r).Error.Message != asJSONString(err.Error()) {
			t.Fatalf("(%s): %d %s, want 400 %q", args, r.status, r.body, err)
		}
		return
	case query == "$top=1001":
		if r.status != http.StatusBadRequest {
			t.Fatalf("(%s)?%s: %d, want 400", args, query, r.status)
		}
		return
	case r.status != http.StatusOK:
		t.Fatalf("(%s)?%s: %d %s, want 200", args, query, r.status, r.body)
	}
	var want []string
	skip := 0
	if strings.Contains(query, "$skip=1") {
		skip = 1
	}
	for i, s := range reportStarts {
		start, _ := time.Parse(time.RFC3339Nano, s)
		if !start.Before(rng.From) && (start.Before(rng.To) || k == reports.PSTN && start.Equal(rng.To)) {
			want = append(want, fmt.Sprintf("row-%d", i))
		}
	}
	want = want[min(skip, len(want)):]
	limit := 2 // the server's page size, unless $top says another
	if n, ok := strings.CutPrefix(query, "$top="); ok {
		fmt.Sscan(strings.TrimSuffix(n, "&$skip=0"), &limit)
	}
	var got []string
	for page := 0; ; page++ {
		c := decodeCollection(t, r)
		if c.Count == nil || *c.Count != len(c.Value) || len(c.Value) > limit {
			t.Fatalf("(%s)?%s page %d: @odata.count %v for %d rows", args, query, page, c.Count, len(c.Value))
		}
		got = append(got, ids(t, c.Value)...)
		if c.NextLink == "" || page > len(reportStarts) {
			break
		}
		u, err := url.Parse(c.NextLink)
		if err != nil || u.Host != "example.com" || !strings.HasPrefix(u.EscapedPath(), "/"+version+"/") {
			t.Fatalf("nextLink %q: %v", c.NextLink, err)
		}
		next := rawGet(t, srv, u.EscapedPath(), u.RawQuery, nil)
		checkGraphAnswer(t, next, http.StatusOK)
		r = next
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("%s(%s)?%s: rows %v, want %v (range %v)", k.Function(), args, query, got, want, rng)
	}
}
