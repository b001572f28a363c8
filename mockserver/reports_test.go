package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/token"
)

// The report functions through HTTP: getPstnCalls and getDirectRoutingCalls.

const (
	pstnURL   = "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-12-01)"
	directURL = "/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2026-11-01,toDateTime=2026-12-01)"
)

// docsResponse is one of the docs' example responses (schemas/testdata), as published.
type docsResponse struct {
	file, function, key, rowType string
}

var docsResponses = []docsResponse{
	{"callrecord-getpstncalls.pstnCallLogRow-list.json", "getPstnCalls", "pstnCalls", "pstnCallLogRow"},
	{"callrecord-getdirectroutingcalls.directRoutingLogRow-list.json", "getDirectRoutingCalls", "directRoutingCalls", "directRoutingLogRow"},
}

// TestReportDocsExamplesComeBackEqual pastes the value of each docs example response into a
// scenario (YAML and JSON alike), asks for the docs' own range in both URL spellings and both
// versions, and gets the same rows back byte for byte, with the docs' context URL on the mock's
// host.
func TestReportDocsExamplesComeBackEqual(t *testing.T) {
	t.Parallel()
	for _, d := range docsResponses {
		data, err := os.ReadFile(filepath.Join("..", "schemas", "testdata", d.file))
		if err != nil {
			t.Fatal(err)
		}
		var published struct {
			Value json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(data, &published); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Compact(&want, published.Value); err != nil {
			t.Fatal(err)
		}
		scenarios := map[string]string{
			"yaml": "name: docs\n" + d.key + ": " + string(published.Value) + "\n",
			"json": `{"name":"docs","callRecords":[],"` + d.key + `":` + string(published.Value) + `}`,
		}
		for format, sc := range scenarios {
			srv, err := mockserver.New(mockserver.WithScenarioBytes("docs."+format, []byte(sc)))
			if err != nil {
				t.Fatalf("%s as %s: %v", d.file, format, err)
			}
			for _, target := range []string{
				"/v1.0/communications/callRecords/" + d.function + "(fromDateTime=2019-11-01,toDateTime=2019-12-01)",
				"/beta/communications/callRecords/microsoft.graph.callRecords." + d.function + "(fromDateTime=2019-11-01T00%3A00%3A00Z,toDateTime=2019-12-01T00%3A00%3A00Z)",
			} {
				r := get(t, srv, target, nil)
				var got struct {
					Context string          `json:"@odata.context"`
					Count   int             `json:"@odata.count"`
					Value   json.RawMessage `json:"value"`
				}
				if err := json.Unmarshal(r.body, &got); err != nil || r.status != http.StatusOK {
					t.Fatalf("%s: %d %s", target, r.status, r.body)
				}
				version := strings.Split(target, "/")[1]
				wantContext := "http://example.com/" + version + "/$metadata#Collection(microsoft.graph.callRecords." + d.rowType + ")"
				if !bytes.Equal(got.Value, want.Bytes()) || got.Count != 1 || got.Context != wantContext {
					t.Errorf("%s from %s:\n got  %s (count %d, context %s)\n want %s (count 1, context %s)", target, format, got.Value, got.Count, got.Context, want.Bytes(), wantContext)
				}
			}
		}
	}
}

// TestReportRanges checks both URL spellings, both versions and the ends of the range against
// testdata/basic.yaml, whose last row of each report starts at 2026-12-01T00:00:00Z: PSTN's
// toDateTime includes it, Direct Routing's does not.
func TestReportRanges(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	const pstn3 = "b1a0c3d2-0000-4000-8000-000000000003"
	cases := []struct {
		target string
		want   string
	}{
		{pstnURL, "b1a0c3d2-0000-4000-8000-000000000001 b1a0c3d2-0000-4000-8000-000000000002 " + pstn3},
		{"/beta/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2026-11-01T00%3A00%3A00Z,toDateTime=2026-12-01T00%3A00%3A00Z)",
			"b1a0c3d2-0000-4000-8000-000000000001 b1a0c3d2-0000-4000-8000-000000000002 " + pstn3},
		{"/v1.0/communications/callRecords/getPstnCalls%28fromDateTime=2026-11-21T14:00:00Z,toDateTime=2026-11-30%29", "b1a0c3d2-0000-4000-8000-000000000002"},
		{"/v1.0/communications/callRecords/getPstnCalls(toDateTime=2026-12-01T01:00:00%2B01:00,fromDateTime=2026-12-01)", pstn3},
		{"/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-12-01T00:00:00.0000001Z,toDateTime=2026-12-31)", ""},
		{directURL, "d2b1c4e3-0000-4000-8000-000000000001"},
		{"/v1.0/communications/callRecords/microsoft.graph.callRecords.getDirectRoutingCalls(fromDateTime=2026-11-01,toDateTime=2026-12-01T00:00:00.0000001Z)",
			"d2b1c4e3-0000-4000-8000-000000000001 d2b1c4e3-0000-4000-8000-000000000002"},
		{"/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2026-12-01,toDateTime=2026-12-01)", ""},
		{"/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-12-01,toDateTime=2026-12-01)", pstn3},
	}
	for _, tc := range cases {
		c := decodeCollection(t, get(t, srv, tc.target, nil))
		if got := strings.Join(ids(t, c.Value), " "); got != tc.want || c.Count == nil || *c.Count != len(c.Value) || c.NextLink != "" {
			t.Errorf("%s: %q (count %v, next %q), want %q", tc.target, got, c.Count, c.NextLink, tc.want)
		}
	}
}

// manyRows is a scenario with n PSTN and n Direct Routing rows, one a minute from
// 2026-11-01T00:00:00Z, ids r0000...
func manyRows(n int) mockserver.Scenario {
	sc := mockserver.Scenario{Name: "many", CallRecords: []json.RawMessage{}}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		at := start.Add(time.Duration(i) * time.Minute).Format(time.RFC3339)
		row := json.RawMessage(fmt.Sprintf(`{"id":"r%04d","startDateTime":%q,"duration":60}`, i, at))
		sc.PstnCalls = append(sc.PstnCalls, row)
		sc.DirectRoutingCalls = append(sc.DirectRoutingCalls, row)
	}
	return sc
}

// walkReport follows a call's next links from target for at most maxPages pages, sending header
// only with the first request, as the SDKs do; it returns the page sizes, every row's id and the
// next links, and checks each page's count and link.
func walkReport(t *testing.T, srv http.Handler, target string, header http.Header, maxPages int) (sizes []int, rows []string, links []string) {
	t.Helper()
	for target != "" && len(sizes) < maxPages {
		c := decodeCollection(t, get(t, srv, target, header))
		if c.Count == nil || *c.Count != len(c.Value) {
			t.Fatalf("%s: @odata.count %v for %d rows", target, c.Count, len(c.Value))
		}
		sizes, rows = append(sizes, len(c.Value)), append(rows, ids(t, c.Value)...)
		header, target = nil, strings.TrimPrefix(c.NextLink, "http://example.com")
		if c.NextLink != "" {
			links = append(links, c.NextLink)
			if !strings.HasPrefix(c.NextLink, "http://example.com/") {
				t.Fatalf("nextLink %q is not absolute on the mock's host", c.NextLink)
			}
		}
	}
	return sizes, rows, links
}

// TestReportPaging pages 2,500 rows: 1,000 a page with $skip links as the docs show them, every
// row once in start order; Prefer's page size survives the links; $top and $skip as the SDK's
// template offers them; the server's page size.
func TestReportPaging(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.WithScenario(manyRows(2500)))
	if err != nil {
		t.Fatal(err)
	}
	small, err := mockserver.New(mockserver.WithScenario(manyRows(120)), mockserver.WithPageSize(50))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		srv    http.Handler
		target string
		header http.Header
		sizes  string // of the first 5 pages at most
		first  string
		link   string // the first next link, after the host
	}{
		{"PSTN", srv, pstnURL, nil, "[1000 1000 500]", "r0000", pstnURL + "?$skip=1000"},
		{"Direct Routing", srv, directURL, nil, "[1000 1000 500]", "r0000", directURL + "?$skip=1000"},
		{"Prefer", srv, pstnURL, http.Header{"Prefer": {"odata.maxpagesize=700"}}, "[700 700 700 400]", "r0000", pstnURL + "?$top=700&$skip=700"},
		{"$top", srv, pstnURL + "?$top=900&$count=true", nil, "[900 900 700]", "r0000", pstnURL + "?$top=900&$count=true&$skip=900"},
		{"$skip", srv, pstnURL + "?$skip=2400", nil, "[100]", "r2400", ""},
		{"$top and $skip", srv, pstnURL + "?$skip=10&$top=5", nil, "[5 5 5 5 5]", "r0010", pstnURL + "?$top=5&$skip=15"},
		{"server page size", small, pstnURL, nil, "[50 50 20]", "r0000", pstnURL + "?$skip=50"},
	}
	for _, tc := range cases {
		sizes, rows, links := walkReport(t, tc.srv, tc.target, tc.header, 5)
		if fmt.Sprint(sizes) != tc.sizes || len(rows) == 0 || rows[0] != tc.first {
			t.Errorf("%s: pages %v from %v, want %s from %s", tc.name, sizes, rows[:min(1, len(rows))], tc.sizes, tc.first)
		}
		if first := ""; len(links) > 0 {
			first = strings.TrimPrefix(links[0], "http://example.com")
			if first != tc.link {
				t.Errorf("%s: first next link %s, want %s", tc.name, first, tc.link)
			}
		} else if tc.link != "" {
			t.Errorf("%s: no next link, want %s", tc.name, tc.link)
		}
		seen := map[string]bool{}
		for i, id := range rows {
			if seen[id] || i > 0 && id < rows[i-1] {
				t.Fatalf("%s: row %s twice or out of start order at %d", tc.name, id, i)
			}
			seen[id] = true
		}
	}
	r := get(t, srv, pstnURL, http.Header{"Prefer": {"odata.maxpagesize=700"}})
	if got := r.header.Get("Preference-Applied"); got != "odata.maxpagesize=700" {
		t.Errorf("Preference-Applied = %q", got)
	}
}

// TestReportsLikeEveryRoute: auth, faults, namespaces, the journal and the export cover the
// report functions as they cover every other route.
func TestReportsLikeEveryRoute(t *testing.T) {
	t.Parallel()
	authed := newServer(t, mockserver.WithRequireAuth(true))
	if r := get(t, authed, pstnURL, nil); r.status != http.StatusUnauthorized {
		t.Errorf("no token: %d", r.status)
	}
	token := http.Header{"Authorization": {"Bearer " + token.Mint(token.Claims{Roles: []string{"CallRecords.Read.All"}, IssuedAt: fixedTime})}}
	if r := get(t, authed, directURL, token); r.status != http.StatusOK {
		t.Errorf("with CallRecords.Read.All: %d %s", r.status, r.body)
	}

	srv := newServer(t)
	if _, err := srv.InjectFault(mockserver.Fault{Route: "getDirectRoutingCalls", Status: 503, Times: 1}); err != nil {
		t.Fatal(err)
	}
	if r := get(t, srv, pstnURL, nil); r.status != http.StatusOK {
		t.Errorf("PSTN under a Direct Routing fault: %d", r.status)
	}
	sdkDirect := strings.Replace(directURL, "getDirect", "microsoft.graph.callRecords.getDirect", 1)
	if r := get(t, srv, sdkDirect, nil); r.status != http.StatusServiceUnavailable {
		t.Errorf("the fault on the SDK's spelling: %d", r.status)
	}
	if r := get(t, srv, directURL, nil); r.status != http.StatusOK {
		t.Errorf("after the fault: %d", r.status)
	}
	routes := []string{}
	for _, e := range srv.Requests() {
		routes = append(routes, string(e.Route)+" "+fmt.Sprint(e.Status))
	}
	if got := strings.Join(routes, ", "); got != "getPstnCalls 200, getDirectRoutingCalls 503, getDirectRoutingCalls 200" {
		t.Errorf("journal: %s", got)
	}

	r := get(t, srv, "/_ns/job-1"+pstnURL, nil)
	c := decodeCollection(t, r)
	if len(c.Value) != 3 || c.Context != "http://example.com/_ns/job-1/v1.0/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)" {
		t.Errorf("in a namespace: %d rows, context %s", len(c.Value), c.Context)
	}
	page := decodeCollection(t, get(t, srv, "/_ns/job-1"+pstnURL, http.Header{"Prefer": {"odata.maxpagesize=1"}}))
	if !strings.HasPrefix(page.NextLink, "http://example.com/_ns/job-1/v1.0/communications/callRecords/getPstnCalls(") {
		t.Errorf("a namespace's next link leaves it: %s", page.NextLink)
	}

	// In a JSON batch, a call is one request like any other, in both spellings.
	batch := `{"requests":[{"id":"pstn","method":"GET","url":"/communications/callRecords/getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-12-01)"},` +
		`{"id":"direct","method":"GET","url":"communications/callRecords/microsoft.graph.callRecords.getDirectRoutingCalls(fromDateTime=2026-11-01T00%3A00%3A00Z,toDateTime=2026-11-30T00%3A00%3A00Z)"},` +
		`{"id":"long","method":"GET","url":"/communications/callRecords/getPstnCalls(fromDateTime=2026-01-01,toDateTime=2026-12-01)"}]}`
	br := do(t, srv, http.MethodPost, "/v1.0/$batch", http.Header{"Content-Type": {"application/json"}}, strings.NewReader(batch))
	var answer struct {
		Responses []struct {
			ID     string
			Status int
			Body   struct {
				Count int `json:"@odata.count"`
			}
		}
	}
	if err := json.Unmarshal(br.body, &answer); err != nil || br.status != http.StatusOK || len(answer.Responses) != 3 {
		t.Fatalf("batch: %d %s", br.status, br.body)
	}
	for _, r := range answer.Responses {
		want := map[string]string{"pstn": "200 3", "direct": "200 1", "long": "406 0"}[r.ID]
		if got := fmt.Sprint(r.Status, " ", r.Body.Count); got != want {
			t.Errorf("batch item %s: %s, want %s", r.ID, got, want)
		}
	}

	srv = newServer(t) // without the fault rule, which an export would carry
	out, err := srv.ExportScenario()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\npstnCalls:\n", "\ndirectRoutingCalls:\n", "charge: 0.00", "callDurationSource: operator"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("export lacks %q", want)
		}
	}
	again, err := mockserver.New(mockserver.WithScenarioBytes("export.yaml", out))
	if err != nil {
		t.Fatalf("the export does not load: %v", err)
	}
	for _, target := range []string{pstnURL, directURL} {
		if a, b := get(t, srv, target, nil), get(t, again, target, nil); !bytes.Equal(a.body, b.body) {
			t.Errorf("%s after an export and a load:\n%s\nwant\n%s", target, b.body, a.body)
		}
	}
	if info := again.ScenarioInfo(); info.PstnCalls != 3 || info.DirectRoutingCalls != 2 {
		t.Errorf("scenario info after the round trip: %+v", info)
	}
}

// TestReportExplorerPages: the explorer's page of each report on the default scenario, linked
// from every page's header, 50 rows a page, and its Graph link answers the page's rows.
func TestReportExplorerPages(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	home := explorerPage(t, s, "/_mock/ui", http.StatusOK)
	wantAll(t, home, `<a href="/_mock/ui/reports/getPstnCalls">251 PSTN calls</a>`, `<a href="/_mock/ui/reports/getDirectRoutingCalls">174 Direct Routing calls</a>`)
	for fn, n := range map[string]int{"getPstnCalls": 251, "getDirectRoutingCalls": 174} {
		page := explorerPage(t, s, "/_mock/ui/reports/"+fn+"?page=2", http.StatusOK)
		wantAll(t, page, fmt.Sprintf("rows 51–100 of %d", n))
		if rows := rowCount(page); rows != 50 {
			t.Errorf("%s: %d rows on page 2", fn, rows)
		}
		link := page[strings.Index(page, `<ul class="links"><li><a href="`)+len(`<ul class="links"><li><a href="`):]
		link = link[:strings.IndexByte(link, '"')]
		c := decodeCollection(t, get(t, s, link, nil))
		if len(c.Value) < 50 || !strings.Contains(link, "%28fromDateTime=2026-11-") {
			t.Errorf("%s: the page's Graph link %s answers %d rows", fn, link, len(c.Value))
		}
	}
	explorerPage(t, s, "/_mock/ui/reports/getCallRecords", http.StatusNotFound)
}
