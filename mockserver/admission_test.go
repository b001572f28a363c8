package mockserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// Requests that must not get in (issue 13 §4): changes from other sites, Hosts that do not name
// a server on loopback, namespace names smuggled in encoded. Each case is what was seen getting
// through before.

// TestCrossSiteChangesAreRefused: a web page can send simple requests (a form, text/plain) to a
// local graphmock; state-changing admin and explorer requests from another site are a 403, fault
// rules must be labelled JSON (415), the explorer's own forms keep working, and Graph routes,
// an API like Graph's, are not affected.
func TestCrossSiteChangesAreRefused(t *testing.T) {
	t.Parallel()
	evil := http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}
	with := func(h http.Header, kv ...string) http.Header {
		out := h.Clone()
		if out == nil {
			out = http.Header{}
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	// httptest's requests are for Host example.com: the explorer's own origin is http://example.com.
	own := http.Header{"Origin": {"http://example.com"}, "Sec-Fetch-Site": {"same-origin"}}
	tests := []struct {
		name, method, target, body string
		header                     http.Header
		status                     int
		code, msg                  string
	}{
		{"the reported attack: a text/plain fault rule from a page", "POST", "/_mock/faults", `{"status":503}`, with(evil, "Content-Type", "text/plain"), 403, "Forbidden", "cross-site POST"},
		{"a form posted to reset", "POST", "/_mock/reset", "a=b", with(evil, "Content-Type", "application/x-www-form-urlencoded"), 403, "Forbidden", "Origin: https://evil.example"},
		{"Origin alone gives it away", "POST", "/_mock/reset", "", http.Header{"Origin": {"https://evil.example"}}, 403, "Forbidden", "Origin: https://evil.example"},
		{"Sec-Fetch-Site alone gives it away", "DELETE", "/_mock/faults", "", http.Header{"Sec-Fetch-Site": {"cross-site"}}, 403, "Forbidden", "Sec-Fetch-Site: cross-site"},
		{"same-site is another site", "POST", "/_mock/reset", "", http.Header{"Origin": {"http://example.com:9999"}, "Sec-Fetch-Site": {"same-site"}}, 403, "Forbidden", "same-site"},
		{"an opaque origin", "PUT", "/_mock/scenario", "name: x", http.Header{"Origin": {"null"}}, 403, "Forbidden", "Origin: null"},
		{"a namespaced admin route", "POST", "/_ns/job-1/_mock/reset", "", evil, 403, "Forbidden", "cross-site"},
		{"the explorer's scenario form", "POST", "/_mock/ui/scenario", "", with(evil, "Content-Type", "multipart/form-data; boundary=x"), 403, "Forbidden", "cross-site"},
		{"the explorer's reset form", "POST", "/_mock/ui/reset", "back=/", with(evil, "Content-Type", "application/x-www-form-urlencoded"), 403, "Forbidden", "cross-site"},
		// Fault rules are JSON, and must say so: a page cannot send JSON without a preflight.
		{"fault rules as text/plain", "POST", "/_mock/faults", `{"status":503}`, http.Header{"Content-Type": {"text/plain"}}, 415, "UnsupportedMediaType", "send application/json"},
		{"fault rules as a form", "POST", "/_mock/faults", `{"status":503}`, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, 415, "UnsupportedMediaType", "send application/json"},
		{"fault rules without a type", "POST", "/_mock/faults", `{"status":503}`, http.Header{}, 415, "UnsupportedMediaType", "send application/json"},
		// What keeps working.
		{"fault rules as JSON from a tool", "POST", "/_mock/faults", `{"route":"getSegment","status":503}`, http.Header{"Content-Type": {"application/json; charset=utf-8"}}, 201, "", ""},
		{"fault rules from the server's own page", "POST", "/_mock/faults", `{"route":"getSegment","status":503}`, with(own, "Content-Type", "application/json"), 201, "", ""},
		{"reset from a tool", "POST", "/_mock/reset", "", nil, 204, "", ""},
		{"reset typed in the address bar's tab", "POST", "/_mock/reset", "", http.Header{"Sec-Fetch-Site": {"none"}}, 204, "", ""},
		{"the explorer's reset form, same origin", "POST", "/_mock/ui/reset", "back=/", with(own, "Content-Type", "application/x-www-form-urlencoded"), 303, "", ""},
		{"a scenario from curl --data-binary", "PUT", "/_mock/scenario", "name: x\ncallRecords: []\n", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, 200, "", ""},
		{"reads from anywhere", "GET", "/_mock/faults", "", evil, 200, "", ""},
		{"Graph routes are an API", "POST", segmentsURL, seg(""), with(evil, "Content-Type", "application/json"), 201, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t)
			if _, err := s.InjectFault(mockserver.Fault{Route: "getCallRecord", Status: 500}); err != nil {
				t.Fatal(err)
			}
			r := do(t, s, tc.method, tc.target, tc.header, strings.NewReader(tc.body))
			if r.status != tc.status {
				t.Fatalf("%d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.code != "" {
				if e := decodeError(t, r); e.Error.Code != tc.code || !strings.Contains(e.Error.Message, tc.msg) {
					t.Fatalf("%s %q, want %s with %q", e.Error.Code, e.Error.Message, tc.code, tc.msg)
				}
				if len(s.Faults()) != 1 || len(s.Namespaces()) != 0 {
					t.Fatalf("a refused request changed the rules (%d) or made a namespace (%v)", len(s.Faults()), s.Namespaces())
				}
			}
		})
	}
}

// TestHostCheck: with the Host check on (Sidecar.AllowedHosts, Start, the binary on loopback), a
// request whose Host does not name the server gets 421 on every route, so a page that rebinds
// its own name to 127.0.0.1 reads and changes nothing; loopback names, the base URL's host and
// the allowed hosts are answered on any port. Without it (New, Docker on 0.0.0.0) any Host is.
func TestHostCheck(t *testing.T) {
	t.Parallel()
	on := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{BaseURL: "https://graph.test:8443", AllowedHosts: []string{"ci-runner", "box.example:9000"}}))
	off := newServer(t)
	anyHost := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AllowedHosts: []string{"*"}}))
	tests := []struct {
		srv    *mockserver.Server
		host   string
		target string
		status int
	}{
		{on, "evil.example:8080", group, 421},
		{on, "evil.example", "/_mock/faults", 421},
		{on, "evil.example", "/_mock/healthz", 421},
		{on, "evil.example", "/", 421},
		{on, "localhost.evil.example:8080", group, 421},
		{on, "box.example:9001", group, 421},
		{on, "localhost:8080", group, 200},
		{on, "LOCALHOST", "/_mock/faults", 200},
		{on, "127.0.0.1:1234", group, 200},
		{on, "[::1]:8080", group, 200},
		{on, "graph.test", group, 200},
		{on, "ci-runner:8080", group, 200},
		{on, "box.example:9000", group, 200},
		{off, "evil.example", group, 200},
		{anyHost, "evil.example", group, 200},
	}
	for _, tc := range tests {
		req := httptest.NewRequest(http.MethodGet, tc.target, nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		tc.srv.ServeHTTP(rec, req)
		r := result{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
		if r.status != tc.status {
			t.Errorf("Host %s, %s: %d, want %d: %.200s", tc.host, tc.target, r.status, tc.status, r.body)
			continue
		}
		if tc.status == 421 {
			if e := decodeError(t, r); e.Error.Code != "MisdirectedRequest" || !strings.Contains(e.Error.Message, "'"+tc.host+"'") ||
				!strings.Contains(e.Error.Message, "DNS rebinding") || !strings.Contains(e.Error.Message, "-allowed-hosts") {
				t.Errorf("Host %s: %s", tc.host, r.body)
			}
		}
	}
	if len(on.Requests()) != 6 { // the Graph requests answered
		t.Errorf("journal has %d entries: refused requests must not be journaled, answered ones must", len(on.Requests()))
	}
	if _, err := mockserver.New(mockserver.WithSidecar(mockserver.Sidecar{AllowedHosts: []string{"http://x/"}})); err == nil {
		t.Error("an allowed host that is a URL was accepted")
	}
}

// TestStartAnswersOnlyItsOwnHost: Start binds loopback, so its server answers only Hosts that
// name it (and Sidecar.AllowedHosts); its own URL and Client work as before.
func TestStartAnswersOnlyItsOwnHost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		allowed []string
		want    int
	}{{nil, 421}, {[]string{"evil.example"}, 200}, {[]string{"*"}, 200}} {
		ts := mockserver.Start(t, mockserver.WithScenarioFile("testdata/basic.yaml"), mockserver.WithSidecar(mockserver.Sidecar{AllowedHosts: tc.allowed}))
		for host, want := range map[string]int{"": 200, "evil.example:80": tc.want} {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+group, nil)
			if host != "" {
				req.Host = host
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("allowed %v, Host %q: %d, want %d", tc.allowed, host, resp.StatusCode, want)
			}
		}
	}
}

// TestNamespaceSelectorsAreCheckedAsSent: an encoded '/' or dot segment in a /_ns/ name is a
// 400 that selects and makes nothing (it used to select the part before it), and a path prefix
// and a header that name different namespaces are a 400 (the path used to win silently).
func TestNamespaceSelectorsAreCheckedAsSent(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ns := func(name string) http.Header { return http.Header{mockserver.NamespaceHeader: {name}} }
	tests := []struct {
		method, target string
		header         http.Header
		status         int
		msg            string
	}{
		{"GET", "/_ns/a%2Fb/v1.0/communications/callRecords", nil, 400, "namespace name 'a%2Fb'"},
		{"GET", "/_ns/zz%2F..%2Fyy/", nil, 400, "namespace name 'zz%2F..%2Fyy'"},
		{"GET", "/_ns/zz%2F..%2Fyy/v1.0/communications/callRecords", nil, 400, "namespace name 'zz%2F..%2Fyy' is not valid"},
		{"POST", "/_ns/a%2Fb/_mock/reset", nil, 400, "namespace name 'a%2Fb'"},
		{"GET", "/_ns/%61/v1.0/communications/callRecords", nil, 400, "namespace name '%61'"},
		{"GET", "/_ns/%2E%2E/v1.0/communications/callRecords", nil, 400, "namespace name '%2E%2E'"},
		{"GET", "/_ns/a/v1.0/communications/callRecords", ns("b"), 400, "the X-Graphmock-Namespace header names 'b'"},
		{"GET", "/_ns/a/_mock/faults", ns("b"), 400, "name one namespace"},
		{"GET", "/_ns/a/v1.0/communications/callRecords", ns("a"), 200, ""},
	}
	for _, tc := range tests {
		r := do(t, s, tc.method, tc.target, tc.header, nil)
		if r.status != tc.status {
			t.Errorf("%s %s: %d, want %d: %s", tc.method, tc.target, r.status, tc.status, r.body)
			continue
		}
		if tc.status == 400 {
			if e := decodeError(t, r); e.Error.Code != "BadRequest" || !strings.Contains(e.Error.Message, tc.msg) {
				t.Errorf("%s %s: %s, want a message with %q", tc.method, tc.target, r.body, tc.msg)
			}
			if got := s.Namespaces(); len(got) != 0 {
				t.Fatalf("%s %s made namespaces %v", tc.method, tc.target, got)
			}
		}
	}
	if got := s.Namespaces(); len(got) != 1 || got[0] != "a" {
		t.Errorf("namespaces %v, want [a]", got)
	}
}
