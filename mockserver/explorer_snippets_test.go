package mockserver_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// TestConsoleCurlSnippetRuns runs the console's curl snippet, as the page shows it, in a shell
// against the server: curl gets the status the console showed, and the journal gets the same
// request (method, URL, body) from both.
func TestConsoleCurlSnippetRuns(t *testing.T) {
	t.Parallel()
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Fatalf("curl is needed to check the console's curl snippet (and the README's commands): %v", err)
	}
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	segments := "/v1.0/communications/callRecords/" + defaultP2P + "/sessions/" + defaultP2P + "/segments"
	for _, tc := range []url.Values{
		{"url": {"/v1.0/communications/callRecords/" + defaultMeet + "?$expand=sessions($expand=segments)&$select=id,type"}},
		{"url": {"/v1.0/communications/callRecords?$filter=startDateTime ge 2026-11-21T00:00:00Z&$count=true"}, "headers": {"Prefer: odata.maxpagesize=2"}},
		{"method": {"POST"}, "url": {segments}, "body": {"{\"startDateTime\": \"2026-11-20T09:20:00Z\",\n \"endDateTime\": \"2026-11-20T09:21:00Z\", \"media\": [{\"label\": \"it's `main`\"}]}"}},
		{"url": {"/v1.0/communications/callRecords"}, "headers": {`X-Graphmock-Fault: status=429; retry-after=2; message="it's; $down"`}},
		{"method": {"DELETE"}, "url": {"/v1.0/communications/callRecords"}},
		{"method": {"HEAD"}, "url": {"/_mock/healthz"}},
	} {
		resp, err := http.PostForm(srv.URL+consolePath, tc)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(b)
		shown := shownStatus(page)
		m := regexp.MustCompile(`<h3>curl</h3>\n<pre class="code" tabindex="0">([^<]*)</pre>`).FindStringSubmatch(page)
		if resp.StatusCode != http.StatusOK || shown == "" || m == nil {
			t.Fatalf("console %v: %d, shown %q, snippet found %v", tc, resp.StatusCode, shown, m != nil)
		}
		snippet := html.UnescapeString(m[1])
		if !strings.HasPrefix(snippet, "curl ") || !strings.Contains(snippet, srv.URL) {
			t.Fatalf("snippet does not call this server:\n%s", snippet)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, "sh", "-c", strings.Replace(snippet, "curl", curl+" -sS", 1))
		out, err := cmd.Output()
		cancel()
		if err != nil {
			t.Fatalf("%v: %v\n%s", err, cmd.Args, snippet)
		}
		statusLine, _, _ := strings.Cut(string(out), "\r\n")
		if want := "HTTP/1.1 " + shown; statusLine != want {
			t.Errorf("curl answered %q, the console showed %q\n%s", statusLine, want, snippet)
		}
		if strings.HasPrefix(tc.Get("url"), "/_mock/") {
			continue // the admin API is not journaled
		}
		all := s.Requests()
		if len(all) < 2 {
			t.Fatalf("journal has %d entries", len(all))
		}
		byConsole, byCurl := all[len(all)-2], all[len(all)-1]
		if !byConsole.Console || byCurl.Console || byConsole.Method != byCurl.Method || byConsole.URL != byCurl.URL || byConsole.Body != byCurl.Body {
			t.Errorf("console and curl sent different requests:\n%s %s %q (console %v)\n%s %s %q (console %v)", byConsole.Method, byConsole.URL, byConsole.Body, byConsole.Console,
				byCurl.Method, byCurl.URL, byCurl.Body, byCurl.Console)
		}
	}
}
