package mockserver_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// Ids of the embedded default scenario the explorer tests look at.
const (
	defaultP2P  = "6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48"
	defaultMeet = "a3e81f5c-2d9b-4c70-b6e4-91f0d7c2a5b8"
	defaultPSTN = "f19c3a6d-7e42-4b8a-95d1-0c6e2b8f4a37"
	defaultLong = "c2e5a8d1-7f3b-4a96-8e0c-4b1d9f6a3e25" // a session of defaultPSTN with 72 segments
)

// explorerPage GETs an explorer page and checks it is a complete HTML page with the security
// headers every page carries.
func explorerPage(t *testing.T, h http.Handler, target string, wantStatus int) string {
	t.Helper()
	r := get(t, h, target, nil)
	if r.status != wantStatus {
		t.Fatalf("GET %s = %d, want %d\n%s", target, r.status, wantStatus, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", target, ct)
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("GET %s: Content-Security-Policy %q, want default-src 'none'", target, csp)
	}
	body := string(r.body)
	if !strings.HasPrefix(body, "<!doctype html>") || !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
		t.Errorf("GET %s: not a whole HTML page:\n%.300s", target, body)
	}
	return body
}

// wantAll fails for each fragment the page lacks.
func wantAll(t *testing.T, page string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !strings.Contains(page, f) {
			t.Errorf("page lacks %q", f)
		}
	}
}

// rowCount counts the data rows of the page's tables (each starts with "<tr>\n<td>").
func rowCount(page string) int { return strings.Count(page, "<tr>\n<td>") }

// TestExplorerHomeListsDefaultScenario checks GET / and GET /_mock/ui on the default scenario: the
// scenario summary, every call record with its facts, links to its explorer page and its Graph
// URL, the fault and journal panels, and the load and reset forms.
func TestExplorerHomeListsDefaultScenario(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/", "/_mock/ui"} {
		page := explorerPage(t, s, target, http.StatusOK)
		wantAll(t, page,
			`scenario <b>default</b> from scenarios/default.yaml · 5 call records, 75 sessions, 148 segments, 78 participants`,
			`<a class="id" href="/_mock/ui/callRecords/`+defaultP2P+`">`+defaultP2P+`</a>`,
			`<a href="/v1.0/communications/callRecords/`+defaultP2P+`">JSON</a>`,
			`<td>peerToPeer</td>`, `<td>audio, video, screenSharing</td>`,
			`title="2026-11-20T09:14:03.2169889Z">2026-11-20 09:14:03Z</span><span class="detail nowrap" title="2026-11-20T09:31:47.7640013Z">to 09:31:47Z · 17m45s</span>`,
			`<td>Alice Moreau</td>`, `<td>phone &#43;14255550143</td>`, // organizer_v2 of the PSTN call is a phone
			`<td class="num">64</td>`, // sessions of the all-hands meeting
			`<h2>Active faults</h2>`, `<h2>Recent requests</h2>`,
			`<form method="post" action="/_mock/ui/scenario" enctype="multipart/form-data">`,
			`<input type="hidden" name="back" value="`+target+`">`,
			`<form method="post" action="/_mock/ui/reset">`,
		)
		if n := rowCount(page); n != 5 {
			t.Errorf("GET %s shows %d rows, want the 5 call records", target, n)
		}
	}
	// HEAD has the headers and no body.
	if r := do(t, s, http.MethodHead, "/_mock/ui", nil, nil); r.status != http.StatusOK || len(r.body) != 0 || r.header.Get("Content-Length") == "" {
		t.Errorf("HEAD /_mock/ui = %d with %d body bytes, Content-Length %q", r.status, len(r.body), r.header.Get("Content-Length"))
	}
}

// TestExplorerRecordAndSessionPages walks record → session → segment on the default scenario: the
// record's facts and Graph links, its sessions with caller, callee and failure, and a session's
// segments paged at 50 with every segment linked to a Graph URL that answers with that segment.
func TestExplorerRecordAndSessionPages(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	meet := explorerPage(t, s, "/_mock/ui/callRecords/"+defaultMeet, http.StatusOK)
	g := "/v1.0/communications/callRecords/" + defaultMeet
	wantAll(t, meet,
		`<a href="/_mock/ui">Call records</a> › <span>`+defaultMeet+`</span>`,
		`<dt>Collections</dt><dd>6 sessions, 7 segments, 6 participants</dd>`,
		`<a href="`+g+`">GET call record</a>`,
		`<a href="`+g+`?$expand=sessions%28$expand=segments%29">GET with sessions and segments</a>`,
		`<a href="`+g+`/organizer_v2">GET organizer_v2</a>`,
		`Dana Okafor<span class="detail">iOS · teams</span>`,
		`service<span class="detail">skypeForBusinessAudioVideoMcu</span>`,
		`<span class="failed">callSetup: Call setup failed (PSTN gateway unreachable)</span>`,
		`<a href="`+g+`/sessions/94b6e1d8-2a7c-4f5e-8d39-6c0a2b4e7f11">JSON</a>`,
	)
	if n := rowCount(meet); n != 6 {
		t.Errorf("record page shows %d session rows, want 6", n)
	}

	sessionPage := "/_mock/ui/callRecords/" + defaultPSTN + "/sessions/" + defaultLong
	first := explorerPage(t, s, sessionPage, http.StatusOK)
	wantAll(t, first,
		`<a href="/_mock/ui/callRecords/`+defaultPSTN+`">`+defaultPSTN+`</a> › <span>`+defaultLong+`</span>`,
		`rows 1–50 of 72 · page 1 of 2`,
		`<a href="`+sessionPage+`?page=2" rel="next">next ›</a>`,
		`main-audio (2 streams)`,
	)
	if n := rowCount(first); n != 50 {
		t.Errorf("session page 1 shows %d segment rows, want 50", n)
	}
	second := explorerPage(t, s, sessionPage+"?page=2", http.StatusOK)
	wantAll(t, second, `rows 51–72 of 72 · page 2 of 2`, `<a href="`+sessionPage+`?page=1" rel="prev">‹ previous</a>`)
	if n := rowCount(second); n != 22 {
		t.Errorf("session page 2 shows %d segment rows, want 22", n)
	}
	// Out-of-range pages clamp rather than fail.
	wantAll(t, explorerPage(t, s, sessionPage+"?page=99", http.StatusOK), `page 2 of 2`)
	wantAll(t, explorerPage(t, s, sessionPage+"?page=-3", http.StatusOK), `page 1 of 2`)

	// Every segment links to its explorer page, and its row to the Graph URL that answers with it.
	links := regexp.MustCompile(`<a class="id segment" href="([^"]+)">([^<]+)</a>`).FindAllStringSubmatch(first, -1)
	if len(links) != 50 {
		t.Fatalf("found %d segment links, want 50", len(links))
	}
	for _, l := range []([]string){links[0], links[49]} {
		wantAll(t, explorerPage(t, s, l[1], http.StatusOK), `<h1>Segment <span class="id">`+l[2]+`</span></h1>`, `<h2>Media streams</h2>`)
		graph := strings.Replace(l[1], "/_mock/ui/", "/v1.0/communications/", 1)
		wantAll(t, first, `<td class="json"><a href="`+graph+`">JSON</a></td>`)
		r := get(t, s, graph, nil)
		var seg struct{ ID string }
		if err := json.Unmarshal(r.body, &seg); r.status != http.StatusOK || err != nil || seg.ID != l[2] {
			t.Errorf("GET %s = %d, id %q (%v); want 200 with segment %s", graph, r.status, seg.ID, err, l[2])
		}
	}
}

// TestExplorerEmptyScenarioAndNotFound checks the pages of an empty scenario and of items that do
// not exist.
func TestExplorerEmptyScenarioAndNotFound(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New(mockserver.WithScenarioName("empty"))
	if err != nil {
		t.Fatal(err)
	}
	page := explorerPage(t, s, "/", http.StatusOK)
	wantAll(t, page, `0 call records, 0 sessions, 0 segments, 0 participants`, `no rows · page 1 of 1`, `This scenario has no call records.`)
	if strings.Contains(page, `rel="next"`) {
		t.Error("an empty list has a next link")
	}
	wantAll(t, explorerPage(t, s, "/_mock/ui/callRecords/nope", http.StatusNotFound), `Could not find the requested call record &#39;nope&#39;.`)

	s = newServer(t)
	wantAll(t, explorerPage(t, s, "/_mock/ui/callRecords/e523d2ed-2966-4b6b-925b-754a88034cc5/sessions/nope", http.StatusNotFound),
		`Could not find session &#39;nope&#39; in call record`)
}

// TestExplorerEscapesEverything loads ids and names that are HTML, and ids with a slash, and
// checks that the pages escape them and that the links still lead to the item.
func TestExplorerEscapesEverything(t *testing.T) {
	t.Parallel()
	rid := `r/<script>alert("x")</script>`
	sid := `s&"1'`
	rec := map[string]any{
		"id": rid, "type": "groupCall", "modalities": []string{"audio"},
		"startDateTime": "2026-11-20T10:00:00Z", "endDateTime": "2026-11-20T11:00:00Z",
		"organizer_v2": map[string]any{"id": "o", "identity": map[string]any{"user": map[string]any{"id": "o", "displayName": `<img src=x onerror=alert(1)>`}}},
		"sessions": []any{map[string]any{
			"id": sid, "modalities": []string{"audio"}, "startDateTime": "2026-11-20T10:00:00Z", "endDateTime": "2026-11-20T10:30:00Z",
			"caller":   map[string]any{"@odata.type": "#microsoft.graph.callRecords.participantEndpoint", "name": `<b>bold</b>`},
			"segments": []any{map[string]any{"id": `g<1>`, "startDateTime": "2026-11-20T10:00:00Z", "endDateTime": "2026-11-20T10:10:00Z"}},
		}},
	}
	raw, _ := json.Marshal(completeRecord(rec))
	s, err := mockserver.New(mockserver.WithScenario(mockserver.Scenario{Name: `<i>evil</i>`, CallRecords: []json.RawMessage{raw}}))
	if err != nil {
		t.Fatal(err)
	}
	home := explorerPage(t, s, "/", http.StatusOK)
	for _, raw := range []string{`<script>alert`, `<img src=x`, `<i>evil</i>`} {
		if strings.Contains(home, raw) {
			t.Errorf("home page contains unescaped %q", raw)
		}
	}
	wantAll(t, home, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, `&lt;img src=x onerror=alert(1)&gt;`, `&lt;i&gt;evil&lt;/i&gt;`)

	link := regexp.MustCompile(`<a class="id" href="([^"]+)">`).FindStringSubmatch(home)
	if link == nil || !strings.Contains(link[1], "r%2F") {
		t.Fatalf("record link %v does not escape the slash of the id", link)
	}
	recordPage := explorerPage(t, s, htmlUnescapeAttr(link[1]), http.StatusOK)
	if strings.Contains(recordPage, `<b>bold</b>`) {
		t.Error("record page contains an unescaped caller name")
	}
	sessLink := regexp.MustCompile(`<a class="id" href="([^"]+)">`).FindStringSubmatch(recordPage)
	if sessLink == nil {
		t.Fatal("record page has no session link")
	}
	sessionPage := explorerPage(t, s, htmlUnescapeAttr(sessLink[1]), http.StatusOK)
	segLink := regexp.MustCompile(`<a class="id segment" href="([^"]+)">g&lt;1&gt;</a>`).FindStringSubmatch(sessionPage)
	if segLink == nil {
		t.Fatalf("session page has no escaped segment link:\n%s", sessionPage)
	}
	segmentPage := explorerPage(t, s, htmlUnescapeAttr(segLink[1]), http.StatusOK)
	wantAll(t, segmentPage, `<h1>Segment <span class="id">g&lt;1&gt;</span></h1>`)
	jsonLink := regexp.MustCompile(`<a href="([^"]+)">GET segment</a>`).FindStringSubmatch(segmentPage)
	if jsonLink == nil {
		t.Fatalf("segment page has no Graph link:\n%s", segmentPage)
	}
	if r := get(t, s, htmlUnescapeAttr(jsonLink[1]), nil); r.status != http.StatusOK || !strings.Contains(string(r.body), `"id":"g\u003c1\u003e"`) && !strings.Contains(string(r.body), `"id":"g<1>"`) {
		t.Errorf("GET %s = %d %s, want the segment", jsonLink[1], r.status, r.body)
	}
}

// htmlUnescapeAttr undoes the entity escaping html/template applies inside an href.
func htmlUnescapeAttr(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#39;", "'", "&#34;", `"`).Replace(s)
}

// leanScenario is one call record "big" with one session "s" of nSegments minimal segments, and
// one record "wide" with nSessions one-segment sessions: the shapes that stress the explorer's
// paging without the load time of wide media.
func leanScenario(nSegments, nSessions int) mockserver.Scenario {
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	ts := func(d time.Duration) string { return start.Add(d).Format(time.RFC3339) }
	segs := make([]any, nSegments)
	for i := range segs {
		segs[i] = map[string]any{"id": fmt.Sprintf("g%05d", i), "startDateTime": ts(time.Duration(i) * time.Second), "endDateTime": ts(time.Duration(i+1) * time.Second),
			"media": []any{map[string]any{"label": "main-audio", "streams": []any{map[string]any{"streamDirection": "callerToCallee"}}}}}
	}
	day := ts(24 * time.Hour)
	big, _ := json.Marshal(completeRecord(map[string]any{"id": "big", "type": "groupCall", "modalities": []string{"audio"}, "startDateTime": ts(0), "endDateTime": day,
		"sessions": []any{map[string]any{"id": "s", "modalities": []string{"audio"}, "startDateTime": ts(0), "endDateTime": day, "segments": segs}}}))
	sessions := make([]any, nSessions)
	for i := range sessions {
		sessions[i] = map[string]any{"id": fmt.Sprintf("s%05d", i), "modalities": []string{"audio"}, "startDateTime": ts(0), "endDateTime": ts(time.Minute),
			"segments": []any{map[string]any{"id": "g", "startDateTime": ts(0), "endDateTime": ts(time.Minute)}}}
	}
	wide, _ := json.Marshal(completeRecord(map[string]any{"id": "wide", "type": "groupCall", "modalities": []string{"audio"}, "startDateTime": ts(0), "endDateTime": day, "sessions": sessions}))
	return mockserver.Scenario{Name: "lean", CallRecords: []json.RawMessage{big, wide}}
}

// maxExplorerPage bounds the size of any explorer page: a page shows at most 50 rows, whatever the
// size of the collection.
const maxExplorerPage = 64 << 10

// TestExplorerPagesBoundedWith10000Segments renders the first, a middle and the last page of a
// 10,000-segment session and of a 2,000-session record: each has 50 rows and stays under 64 KB.
func TestExplorerPagesBoundedWith10000Segments(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New(mockserver.WithScenario(leanScenario(10000, 2000)))
	if err != nil {
		t.Fatal(err)
	}
	check := func(target, wantRows string) {
		t.Helper()
		start := time.Now()
		page := explorerPage(t, s, target, http.StatusOK)
		elapsed := time.Since(start)
		wantAll(t, page, wantRows)
		if n := rowCount(page); n != 50 {
			t.Errorf("%s: %d rows, want 50", target, n)
		}
		if len(page) > maxExplorerPage {
			t.Errorf("%s: %d bytes, want at most %d", target, len(page), maxExplorerPage)
		}
		t.Logf("%s: %d bytes in %s", target, len(page), elapsed)
	}
	check("/_mock/ui/callRecords/big/sessions/s", "rows 1–50 of 10000 · page 1 of 200")
	check("/_mock/ui/callRecords/big/sessions/s?page=100", "rows 4951–5000 of 10000 · page 100 of 200")
	check("/_mock/ui/callRecords/big/sessions/s?page=200", "rows 9951–10000 of 10000 · page 200 of 200")
	check("/_mock/ui/callRecords/wide", "rows 1–50 of 2000 · page 1 of 40")
	check("/_mock/ui/callRecords/wide?page=40", "rows 1951–2000 of 2000 · page 40 of 40")
	home := explorerPage(t, s, "/", http.StatusOK)
	wantAll(t, home, `<td class="num">10000</td>`, `<td class="num">2000</td>`)
}

// BenchmarkExplorerSegmentsPage renders the first and the last page of a 10,000-segment session;
// both should cost the same.
func BenchmarkExplorerSegmentsPage(b *testing.B) {
	s, err := mockserver.New(mockserver.WithScenario(leanScenario(10000, 0)))
	if err != nil {
		b.Fatal(err)
	}
	for _, target := range []string{"/_mock/ui/callRecords/big/sessions/s", "/_mock/ui/callRecords/big/sessions/s?page=200"} {
		b.Run(target[strings.LastIndexByte(target, '/')+1:], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := get(b, s, target, nil); r.status != http.StatusOK {
					b.Fatal(r.status)
				}
			}
		})
	}
}

// TestExplorerFollowsTheAdminSwitches checks that the explorer, which shows and changes what the
// admin API does, is off with Sidecar.AdminOff and needs the admin token with Sidecar.AdminToken:
// as a bearer token, or as a Basic password so a browser can prompt for it.
func TestExplorerFollowsTheAdminSwitches(t *testing.T) {
	t.Parallel()
	off := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminOff: true}))
	wantAll(t, explorerPage(t, off, "/", http.StatusForbidden), "switched off with the admin API")
	if r := do(t, off, http.MethodPost, "/_mock/ui/reset", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, nil); r.status != http.StatusForbidden {
		t.Errorf("POST reset with the admin API off = %d, want 403", r.status)
	}

	guarded := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminToken: "s3cret"}))
	r := get(t, guarded, "/_mock/ui", nil)
	if r.status != http.StatusUnauthorized || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), `Basic realm="graphmock explorer"`) {
		t.Errorf("without the token: %d, WWW-Authenticate %q; want 401 asking for Basic", r.status, r.header.Get("WWW-Authenticate"))
	}
	for name, auth := range map[string]string{
		"basic":  "Basic " + base64.StdEncoding.EncodeToString([]byte("anyone:s3cret")),
		"bearer": "Bearer s3cret",
	} {
		if r := get(t, guarded, "/_mock/ui", http.Header{"Authorization": {auth}}); r.status != http.StatusOK {
			t.Errorf("%s token: %d, want 200", name, r.status)
		}
	}
	if r := get(t, guarded, "/", http.Header{"Authorization": {"Bearer wrong"}}); r.status != http.StatusUnauthorized {
		t.Errorf("wrong token: %d, want 401", r.status)
	}
}

// TestExplorerSaysWhyGraphLinksNeedAToken checks the explorer under WithRequireAuth: its Graph
// links answer 401 in a browser (which sends no bearer token, and the mock accepts tokens only
// where Graph does), so every page says so and how to fetch them; without auth it says nothing.
func TestExplorerSaysWhyGraphLinksNeedAToken(t *testing.T) {
	t.Parallel()
	record := "/_mock/ui/callRecords/" + defaultPSTN
	for _, tc := range []struct {
		name     string
		auth     bool
		linkCode int
	}{
		{"auth required", true, http.StatusUnauthorized},
		{"no auth", false, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := mockserver.New(mockserver.WithRequireAuth(tc.auth))
			if err != nil {
				t.Fatal(err)
			}
			for _, target := range []string{"/", record, record + "/sessions/" + defaultLong} {
				page := explorerPage(t, s, target, http.StatusOK)
				if got := strings.Contains(page, `id="graph-auth"`); got != tc.auth {
					t.Errorf("GET %s: note on Graph links' auth shown = %v, want %v", target, got, tc.auth)
				}
				if tc.auth {
					wantAll(t, page, "-require-auth", "401", "graphmock token")
				}
			}
			if r := get(t, s, "/v1.0/communications/callRecords/"+defaultPSTN, nil); r.status != tc.linkCode {
				t.Errorf("the record's Graph link without a token = %d, want %d", r.status, tc.linkCode)
			}
		})
	}
}
