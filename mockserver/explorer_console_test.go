package mockserver_test

import (
	"encoding/base64"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/token"
)

// The explorer's request console, through the server: samples and next links that run, forms
// that post, the answer as shown, the journal's mark, and the guards (cross-site posts, the admin
// switches, Graph's auth).

const consolePath = "/_mock/ui/console"

// consoleForm posts the console's form and returns the page, which must be a whole explorer page.
func consoleForm(t *testing.T, h http.Handler, fields url.Values, header http.Header, wantStatus int) string {
	t.Helper()
	hdr := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	for k, v := range header {
		hdr[k] = v
	}
	r := do(t, h, http.MethodPost, consolePath, hdr, strings.NewReader(fields.Encode()))
	if r.status != wantStatus {
		t.Fatalf("POST %s %v = %d, want %d\n%.2000s", consolePath, fields, r.status, wantStatus, r.body)
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("the console answers without its CSP: %q", csp)
	}
	return string(r.body)
}

// shownStatus is the status the console shows for the request it ran ("" when it ran none).
func shownStatus(page string) string {
	m := regexp.MustCompile(`<span class="status[^"]*">([^<]+)</span>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return m[1]
}

// sampleLink finds a sample's link (a read) on the console page.
func sampleLink(t *testing.T, page, title string) string {
	t.Helper()
	m := regexp.MustCompile(`<a href="(/_mock/ui/console\?[^"]+)"><span class="method">GET</span> ` + regexp.QuoteMeta(html.EscapeString(title)) + `</a>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no sample %q on the console page", title)
	}
	return html.UnescapeString(m[1])
}

// nextLink finds the first "Next page" link of a console answer.
func nextLink(page string) string {
	m := regexp.MustCompile(`<li>Next page: <a href="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func TestConsoleRunsSamplesAndNextLinks(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	home := explorerPage(t, s, consolePath, http.StatusOK)
	wantAll(t, home, `<label for="method">Method</label>`, `<label for="url">URL</label>`, `value="/v1.0/communications/callRecords"`,
		`<h2>Sample requests</h2>`, `<h3>Faults</h3>`, `<h3>Admin API</h3>`)
	if shownStatus(home) != "" {
		t.Errorf("the console ran something before it was asked to")
	}

	// A paged list, then its next link: the next page of sessions, and no further link.
	paged := explorerPage(t, s, sampleLink(t, home, "List sessions, paged"), http.StatusOK)
	if st := shownStatus(paged); st != "200 OK" {
		t.Fatalf("paged list shows %q", st)
	}
	wantAll(t, paged, `<th scope="row">Odata-Version</th><td><code>4.0</code></td>`, `&#34;@odata.context&#34;: `,
		`curl -g -i`, `Sessions().Get(ctx, nil)`, `.version(&#34;v1.0&#34;)`)
	next := nextLink(paged)
	if !strings.Contains(next, "%24skiptoken") || !strings.Contains(next, "run=") {
		t.Fatalf("next link %q does not run the skip token", next)
	}
	rest := explorerPage(t, s, next, http.StatusOK)
	if st := shownStatus(rest); st != "200 OK" || nextLink(rest) != "" {
		t.Errorf("the next page shows %q, next link %q; want 200 and none", st, nextLink(rest))
	}
	if n := strings.Count(rest, `&#34;modalities&#34;: [`); n != 4 {
		t.Errorf("the next page shows %d sessions, want the last 4 of 64", n)
	}

	// A fault header, then the journal: both requests are the console's.
	throttled := explorerPage(t, s, sampleLink(t, home, "429 from X-Graphmock-Fault"), http.StatusOK)
	if st := shownStatus(throttled); st != "429 Too Many Requests" {
		t.Errorf("fault sample shows %q", st)
	}
	wantAll(t, throttled, `<th scope="row">Retry-After</th><td><code>1</code></td>`, `&#34;code&#34;: &#34;TooManyRequests&#34;`)
	if got := get(t, s, "/v1.0/communications/callRecords/$count", nil); got.status != http.StatusOK {
		t.Fatalf("a plain request: %d", got.status)
	}
	entries := s.Requests()
	if len(entries) != 4 {
		t.Fatalf("journal has %d entries, want the 3 console requests and a plain one", len(entries))
	}
	for i, e := range entries {
		if want := i < 3; e.Console != want {
			t.Errorf("entry %d (%s %s): Console = %v, want %v", i, e.Method, e.URL, e.Console, want)
		}
	}
	if r := get(t, s, "/_mock/requests", nil); !strings.Contains(string(r.body), `"console":true`) {
		t.Errorf("GET /_mock/requests does not mark console requests: %.300s", r.body)
	}
	wantAll(t, explorerPage(t, s, "/", http.StatusOK), `<span class="badge console">console</span>`)
}

func TestConsolePostsWritesAndErrors(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	segments := "/v1.0/communications/callRecords/" + defaultP2P + "/sessions/" + defaultP2P + "/segments"
	bad := `{"startDateTime":"2026-11-20T09:20:00Z","endDateTime":"2026-11-20T09:21:00Z","media":[{"streams":[{"streamDirection":"callerToCallee","audioCodec":"mp3"}]}]}`
	page := consoleForm(t, s, url.Values{"method": {"POST"}, "url": {segments}, "body": {bad}}, nil, http.StatusOK)
	if st := shownStatus(page); st != "400 Bad Request" {
		t.Fatalf("bad segment shows %q", st)
	}
	wantAll(t, page, `&#34;details&#34;: [`, `&#34;target&#34;: &#34;/media/0/streams/0/audioCodec&#34;`,
		`Added Content-Type: application/json`, `<th scope="row">Content-Type</th>`)

	good := strings.Replace(bad, `"audioCodec":"mp3"`, `"audioCodec":"opus"`, 1)
	page = consoleForm(t, s, url.Values{"method": {"POST"}, "url": {segments}, "headers": {"Content-Type: application/json\r\nPrefer: return=representation"}, "body": {good}}, nil, http.StatusOK)
	if st := shownStatus(page); st != "201 Created" {
		t.Fatalf("good segment shows %q", st)
	}
	wantAll(t, page, `<th scope="row">Location</th>`)
	if n := len(s.Requests(mockserver.RequestFilter{Route: "createSegment", Status: 201})); n != 1 {
		t.Errorf("created %d segments through the console, want 1", n)
	}

	// A write sample is a form, never a link; a link that asks to run a write only fills the form.
	home := explorerPage(t, s, consolePath, http.StatusOK)
	wantAll(t, home, `<button type="submit" class="link"><span class="method">DELETE</span> Delete a segment</button>`)
	link := consolePath + "?" + url.Values{"method": {"DELETE"}, "url": {segments + "/" + defaultP2P}, "run": {"anything"}}.Encode()
	wantAll(t, explorerPage(t, s, link, http.StatusOK), `Not run: a link never sends a DELETE`)
	if got := get(t, s, segments+"/"+defaultP2P, nil); got.status != http.StatusOK {
		t.Errorf("a link deleted the segment: GET = %d", got.status)
	}
	// A read link without this server's signature only fills the form.
	forged := consolePath + "?" + url.Values{"method": {"GET"}, "url": {"/v1.0/communications/callRecords"}, "run": {"AAAAAAAAAAAAAAAAAAAAAA"}}.Encode()
	forgedPage := explorerPage(t, s, forged, http.StatusOK)
	wantAll(t, forgedPage, `Not run: this link was not made by this server&#39;s console.`)
	if shownStatus(forgedPage) != "" {
		t.Errorf("a forged link ran")
	}

	// Forms the console cannot send say why, as 400, and run nothing.
	before := len(s.Requests())
	for _, tc := range []struct {
		fields url.Values
		want   string
	}{
		{url.Values{"url": {consolePath}}, "is an explorer page"},
		{url.Values{"url": {"/_ns/x/_mock/ui"}}, "is an explorer page"},
		{url.Values{"url": {"/v1.0/x"}, "headers": {"Host: evil.example"}}, "Host is this server&#39;s"},
		{url.Values{"method": {"TRACE"}, "url": {"/v1.0/x"}}, "method: the console sends"},
		{url.Values{"url": {"//evil.example/v1.0"}}, "starts with one /"},
	} {
		wantAll(t, consoleForm(t, s, tc.fields, nil, http.StatusBadRequest), `<b>Not sent.</b>`, tc.want)
	}
	if after := len(s.Requests()); after != before {
		t.Errorf("refused forms sent %d requests", after-before)
	}
}

// TestConsoleGuards checks that the console is an explorer page like the others: cross-site posts
// are refused, the admin switches apply, and what it sends carries only what the form says (the
// admin token the browser sent to reach the console is not passed on).
func TestConsoleGuards(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fields := url.Values{"url": {"/v1.0/communications/callRecords"}}
	for name, hdr := range map[string]http.Header{
		"another origin":       {"Origin": {"http://evil.example"}},
		"cross-site fetch":     {"Sec-Fetch-Site": {"cross-site"}},
		"same-site, not yours": {"Sec-Fetch-Site": {"same-site"}, "Origin": {"http://sub.example.com"}},
	} {
		r := do(t, s, http.MethodPost, consolePath, mergeHeader(hdr, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}), strings.NewReader(fields.Encode()))
		if r.status != http.StatusForbidden {
			t.Errorf("%s: POST = %d, want 403", name, r.status)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("refused posts sent %d requests", n)
	}
	sameOrigin := http.Header{"Origin": {"http://example.com"}, "Sec-Fetch-Site": {"same-origin"}}
	if st := shownStatus(consoleForm(t, s, fields, sameOrigin, http.StatusOK)); st != "200 OK" {
		t.Errorf("same-origin post shows %q", st)
	}

	off := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminOff: true}))
	if r := get(t, off, consolePath, nil); r.status != http.StatusForbidden {
		t.Errorf("admin off: GET console = %d, want 403", r.status)
	}
	guarded := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminToken: "s3cret"}))
	if r := get(t, guarded, consolePath, nil); r.status != http.StatusUnauthorized {
		t.Errorf("admin token: GET console without it = %d, want 401", r.status)
	}
	basic := http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("me:s3cret"))}}
	page := consoleForm(t, guarded, url.Values{"url": {"/_mock/faults"}}, basic, http.StatusOK)
	if st := shownStatus(page); st != "401 Unauthorized" {
		t.Errorf("the console passed the browser's admin token on: GET /_mock/faults shows %q", st)
	}
	page = consoleForm(t, guarded, url.Values{"url": {"/_mock/faults"}, "token": {"s3cret"}}, basic, http.StatusOK)
	if st := shownStatus(page); st != "200 OK" {
		t.Errorf("with the admin token in the form: %q", st)
	}
	for _, href := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if strings.Contains(href[1], "s3cret") {
			t.Errorf("a link carries the token: %s", href[1])
		}
	}

	authed, err := mockserver.New(mockserver.WithRequireAuth(true)) // the wall clock, as token.Mint's
	if err != nil {
		t.Fatal(err)
	}
	page = consoleForm(t, authed, fields, nil, http.StatusOK)
	wantAll(t, page, `id="console-auth"`, `InvalidAuthenticationToken`)
	if st := shownStatus(page); st != "401 Unauthorized" {
		t.Errorf("require-auth without a token: %q", st)
	}
	token := token.Mint(token.Claims{Roles: []string{"CallRecords.Read.All"}})
	page = consoleForm(t, authed, url.Values{"url": {"/v1.0/communications/callRecords?$top=1"}, "token": {token}}, nil, http.StatusOK)
	if st := shownStatus(page); st != "200 OK" {
		t.Errorf("require-auth with a minted token: %q\n%s", st, page[strings.Index(page, `id="response"`):])
	}
}

// TestConsoleSamplesAnswerAsTheySay runs every sample on the console page, in the order listed,
// on a fresh server with the default scenario: each answers the status the page says it will.
func TestConsoleSamplesAnswerAsTheySay(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	page := explorerPage(t, s, consolePath, http.StatusOK)
	item := regexp.MustCompile(`(?s)<li>(?:<a href="([^"]+)"><span class="method">\w+</span>[^<]*</a>|(<form method="post".*?</form>))<span class="want"[^>]*>(\d+)</span>`)
	hidden := regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`)
	items := item.FindAllStringSubmatch(page, -1)
	if len(items) < 40 {
		t.Fatalf("found %d samples, want every route and option", len(items))
	}
	for _, it := range items {
		var shown, what string
		if it[1] != "" {
			what = html.UnescapeString(it[1])
			shown = shownStatus(explorerPage(t, s, what, http.StatusOK))
		} else {
			fields := url.Values{}
			for _, h := range hidden.FindAllStringSubmatch(it[2], -1) {
				fields.Set(h[1], html.UnescapeString(h[2]))
			}
			what = fields.Get("method") + " " + fields.Get("url")
			shown = shownStatus(consoleForm(t, s, fields, nil, http.StatusOK))
		}
		if !strings.HasPrefix(shown, it[3]+" ") {
			t.Errorf("%s: shows %q, the page says %s", what, shown, it[3])
		}
	}
}
