package mockserver_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/token"
)

// everything reads every call record of a server with all it can expand, for state comparisons.
func everything(t *testing.T, h http.Handler, prefix string) string {
	t.Helper()
	var b strings.Builder
	list, _ := walk(t, h, prefix+"/v1.0/communications/callRecords", nil)
	for _, id := range list {
		b.Write(get(t, h, prefix+"/v1.0/communications/callRecords/"+id+"?$expand=participants_v2", nil).body)
		sessions := prefix + "/v1.0/communications/callRecords/" + id + "/sessions?$expand=segments"
		for target := sessions; target != ""; {
			c := decodeCollection(t, get(t, h, target, nil))
			for _, v := range c.Value {
				b.Write(v)
			}
			target = strings.TrimPrefix(c.NextLink, "http://example.com")
		}
	}
	return b.String()
}

func TestExportLoadsBackToTheSameState(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New(mockserver.WithSeed(1))
	if err != nil {
		t.Fatal(err)
	}
	// Change the state first, so the export is of live state, not of the file.
	if r := send(t, s, http.MethodPost, "/v1.0/communications/callRecords/6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48/sessions/6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48/segments",
		`{"id":"added","startDateTime":"2026-11-20T09:20:00.1234567Z","endDateTime":"2026-11-20T09:21:00Z","failureInfo":{"stage":"midcall","reason":"x"}}`, nil); r.status != 201 {
		t.Fatalf("POST: %d %s", r.status, r.body)
	}
	if _, err := s.InjectFault(mockserver.Fault{ID: "slow-lists", Route: "listSessions", Delay: &mockserver.Latency{Min: time.Millisecond, Max: 3 * time.Millisecond}}); err != nil {
		t.Fatal(err)
	}
	r := get(t, s, "/_mock/scenario", nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/yaml") {
		t.Fatalf("GET /_mock/scenario: %d %s", r.status, r.header.Get("Content-Type"))
	}
	back, err := mockserver.New(mockserver.WithScenarioBytes("exported.yaml", r.body))
	if err != nil {
		t.Fatalf("the export does not load: %v", err)
	}
	if a, b := everything(t, s, ""), everything(t, back, ""); a != b {
		t.Fatal("the exported scenario loads to a different state")
	}
	if f := back.Faults(); len(f) != 1 || f[0].ID != "slow-lists" || f[0].Delay.Max != 3*time.Millisecond {
		t.Fatalf("faults not exported: %+v", f)
	}
	// Exporting the reloaded state gives the same YAML.
	again, err := back.ExportScenario()
	if err != nil || !bytes.Equal(again, r.body) {
		t.Fatalf("export is not stable: %v", err)
	}
}

func TestPutScenario(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	before := everything(t, s, "")
	bad := "name: bad\ncallRecords:\n  - id: r1\n    type: conference\n    modalities: [audio]\n" + recordTimesYAML + "  - id: r1\n" + recordYAML
	r := do(t, s, http.MethodPut, "/_mock/scenario", nil, strings.NewReader(bad))
	e := decodeError(t, r)
	if r.status != 400 || len(e.Error.Details) != 2 || !strings.Contains(e.Error.Details[0].Message, "scenario:4: /callRecords/0/type") || e.Error.Details[1].Target != "/callRecords/1/id" {
		t.Fatalf("bad scenario: %d %s", r.status, r.body)
	}
	if everything(t, s, "") != before {
		t.Fatal("a rejected scenario changed the state")
	}
	r = do(t, s, http.MethodPut, "/_mock/scenario", nil, strings.NewReader("name: one\ncallRecords:\n  - id: only\n"+recordYAML))
	var info mockserver.ScenarioInfo
	if err := json.Unmarshal(r.body, &info); r.status != 200 || err != nil || info.Name != "one" || info.CallRecords != 1 {
		t.Fatalf("good scenario: %d %s", r.status, r.body)
	}
	if r := get(t, s, "/_mock/readyz", nil); r.status != 200 || !strings.Contains(string(r.body), `"name":"one"`) {
		t.Fatalf("readyz: %d %s", r.status, r.body)
	}
	send(t, s, http.MethodPost, "/v1.0/communications/callRecords/only/sessions/x/segments", seg(""), nil)
	if r := do(t, s, http.MethodPost, "/_mock/reset", nil, nil); r.status != 204 || len(s.Requests()) != 0 {
		t.Fatalf("reset: %d, journal %d", r.status, len(s.Requests()))
	}
}

func TestNamespacesIsolateParallelTests(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{MaxNamespaces: 20}))
	for i := 0; i < 16; i++ {
		name := fmt.Sprintf("job-%02d", i)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			byHeader := i%2 == 0
			path := func(p string) string {
				if byHeader {
					return p
				}
				return "/_ns/" + name + p
			}
			var h http.Header
			if byHeader {
				h = http.Header{"X-Graphmock-Namespace": {name}}
			}
			// Each job writes a segment of its own, injects a fault of its own and reads.
			if r := send(t, s, http.MethodPost, path(segmentsURL), seg(`"id":"`+name+`"`), mergeHeader(jsonHeader, h)); r.status != 201 {
				t.Fatalf("POST: %d %s", r.status, r.body)
			}
			if r := send(t, s, http.MethodPost, path("/_mock/faults"), `{"route":"getCallRecord","status":503,"times":1}`, mergeHeader(jsonHeader, h)); r.status != 201 {
				t.Fatalf("fault: %d %s", r.status, r.body)
			}
			if r := get(t, s, path(group), h); r.status != 503 {
				t.Fatalf("own fault did not fire: %d", r.status)
			}
			c := decodeCollection(t, get(t, s, path(segmentsURL), h))
			got := strings.Join(ids(t, c.Value), ",")
			if got != "g1,g2,g3,"+name {
				t.Fatalf("segments = %s: another job's writes leaked in", got)
			}
			if !byHeader && !strings.Contains(c.Context, "/_ns/"+name+"/v1.0/") {
				t.Fatalf("context %s does not stay in the namespace", c.Context)
			}
			var journal struct{ Value []mockserver.JournalEntry }
			_ = json.Unmarshal(get(t, s, path("/_mock/requests"), h).body, &journal)
			if len(journal.Value) != 3 {
				t.Fatalf("journal has %d entries, want this job's 3", len(journal.Value))
			}
		})
	}
	t.Cleanup(func() {
		if n := len(s.Requests()); n != 0 {
			t.Errorf("the default namespace saw %d requests", n)
		}
		if r := get(t, s, segmentsURL, nil); len(ids(t, decodeCollection(t, r).Value)) != 3 {
			t.Error("the default namespace saw a job's write")
		}
	})
}

func mergeHeader(a, b http.Header) http.Header {
	out := a.Clone()
	for k, v := range b {
		out[k] = v
	}
	return out
}

func TestNamespaceLimitsAndNames(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{MaxNamespaces: 2}))
	for _, n := range []string{"a", "b"} {
		if r := get(t, s, group, http.Header{"X-Graphmock-Namespace": {n}}); r.status != 200 {
			t.Fatalf("%s: %d", n, r.status)
		}
	}
	r := get(t, s, group, http.Header{"X-Graphmock-Namespace": {"c"}})
	if e := decodeError(t, r); r.status != 409 || e.Error.Code != "namespaceLimitReached" || !strings.Contains(e.Error.Message, "DELETE /_mock/namespaces/NAME") {
		t.Fatalf("over the limit: %d %s", r.status, r.body)
	}
	if r := get(t, s, "/_ns/bad%20name!/v1.0/communications/callRecords", nil); r.status != 400 {
		t.Fatalf("bad name: %d", r.status)
	}
	var listed struct{ Value []string }
	_ = json.Unmarshal(get(t, s, "/_mock/namespaces", nil).body, &listed)
	if strings.Join(listed.Value, ",") != "a,b" {
		t.Fatalf("namespaces = %v", listed.Value)
	}
	if r := do(t, s, http.MethodDelete, "/_mock/namespaces/a", nil, nil); r.status != 204 {
		t.Fatalf("drop: %d", r.status)
	}
	if r := do(t, s, http.MethodDelete, "/_mock/namespaces/a", nil, nil); r.status != 404 {
		t.Fatalf("drop twice: %d", r.status)
	}
	if r := get(t, s, group, http.Header{"X-Graphmock-Namespace": {"c"}}); r.status != 200 {
		t.Fatalf("after dropping one: %d", r.status)
	}
}

func TestAdminSwitchAndToken(t *testing.T) {
	t.Parallel()
	off := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminOff: true}))
	if r := get(t, off, "/_mock/requests", nil); r.status != 403 {
		t.Errorf("admin off: %d", r.status)
	}
	if r := get(t, off, "/_mock/healthz", nil); r.status != 200 {
		t.Errorf("healthz must stay open: %d", r.status)
	}
	guarded := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminToken: "s3cret"}))
	for name, tc := range map[string]struct {
		header http.Header
		want   int
	}{
		"no token":    {nil, 401},
		"wrong token": {http.Header{"Authorization": {"Bearer nope"}}, 401},
		"not bearer":  {http.Header{"Authorization": {"Basic s3cret"}}, 401},
		"right token": {http.Header{"Authorization": {"Bearer s3cret"}}, 204},
		// The scheme is case-insensitive here as on Graph routes (RFC 9110).
		"lower-case scheme": {http.Header{"Authorization": {"bearer s3cret"}}, 204},
		"upper-case scheme": {http.Header{"Authorization": {"BEARER s3cret"}}, 204},
	} {
		if r := do(t, guarded, http.MethodPost, "/_mock/reset", tc.header, nil); r.status != tc.want {
			t.Errorf("%s: %d, want %d", name, r.status, tc.want)
		}
	}
	if r := get(t, guarded, "/_mock/readyz", nil); r.status != 200 {
		t.Errorf("readyz must stay open: %d", r.status)
	}
	if r := get(t, guarded, group, nil); r.status != 200 {
		t.Errorf("the admin token must not guard Graph routes: %d", r.status)
	}
}

// graphAuthChallenge is the WWW-Authenticate header of Graph's 401 for a missing or unusable token.
const graphAuthChallenge = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`

// unsignedJWT is an unsigned JWT carrying claims (a JSON object), for tokens token.Mint does not
// make, such as one for another API.
func unsignedJWT(claims string) string {
	return "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + "."
}

func TestAuthMatrix(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithRequireAuth(true))
	bearer := func(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }
	read := token.Mint(token.Claims{Roles: []string{"CallRecords.Read.All"}, IssuedAt: fixedTime})
	write := token.Mint(token.Claims{Roles: []string{"CallRecords.ReadWrite.All"}, IssuedAt: fixedTime})
	tests := []struct {
		name   string
		method string
		header http.Header
		status int
		code   string
		msg    string // Graph's message, word for word
	}{
		{"no token", "GET", nil, 401, "InvalidAuthenticationToken", "Access token is empty."},
		{"empty bearer", "GET", bearer(""), 401, "InvalidAuthenticationToken", "Access token is empty."},
		{"basic", "GET", http.Header{"Authorization": {"Basic dTpw"}}, 401, "InvalidAuthenticationToken", "Access token is empty."},
		{"malformed jwt", "GET", bearer("abc.def"), 401, "InvalidAuthenticationToken", "CompactToken parsing failed with error code: 80049217"},
		{"garbage payload", "GET", bearer("eyJhbGciOiJub25lIn0.!!!.x"), 401, "InvalidAuthenticationToken", "CompactToken parsing failed with error code: 80049217"},
		{"expired", "GET", bearer(token.Mint(token.Claims{Roles: []string{"CallRecords.Read.All"}, IssuedAt: fixedTime.Add(-2 * time.Hour)})), 401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."},
		{"delegated", "GET", bearer(token.Mint(token.Claims{Scopes: "CallRecords.Read.All", IssuedAt: fixedTime})), 403, "Forbidden", "Delegated permissions are not supported for call records: use an application token with CallRecords.Read.All."},
		{"missing role", "GET", bearer(token.Mint(token.Claims{Roles: []string{"User.Read.All"}, IssuedAt: fixedTime})), 403, "Forbidden", "Missing role permissions on the request. API requires one of 'CallRecords.Read.All, CallRecords.ReadWrite.All'. Roles on the request 'User.Read.All'."},
		{"read role reads", "GET", bearer(read), 200, "", ""},
		{"read role cannot write", "POST", bearer(read), 403, "Forbidden", "Missing role permissions on the request. API requires one of 'CallRecords.ReadWrite.All'. Roles on the request 'CallRecords.Read.All'."},
		{"write role writes", "POST", bearer(write), 201, "", ""},
		{"write role reads", "GET", bearer(write), 200, "", ""},
		{"opaque token", "GET", bearer("test-token"), 200, "", ""},
		{"lower-case scheme", "GET", http.Header{"Authorization": {"bearer " + read}}, 200, "", ""},
		// A token for another API, or not valid yet by the server's clock, is refused as Graph does.
		{"audience of another API", "GET", bearer(unsignedJWT(`{"aud":"https://management.azure.com","roles":["CallRecords.Read.All"]}`)), 401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience."},
		{"no audience", "GET", bearer(unsignedJWT(`{"roles":["CallRecords.Read.All"]}`)), 401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience."},
		{"Graph's app id as audience", "GET", bearer(unsignedJWT(`{"aud":"00000003-0000-0000-c000-000000000000","roles":["CallRecords.Read.All"]}`)), 200, "", ""},
		{"not valid yet", "GET", bearer(token.Mint(token.Claims{Roles: []string{"CallRecords.Read.All"}, IssuedAt: fixedTime.Add(time.Minute)})), 401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is not yet valid."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r result
			if tc.method == "POST" {
				r = send(t, s, http.MethodPost, segmentsURL, seg(""), mergeHeader(jsonHeader, tc.header))
			} else {
				r = get(t, s, segmentsURL, tc.header)
			}
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.code != "" {
				if e := decodeError(t, r); e.Error.Code != tc.code || e.Error.Message != tc.msg {
					t.Fatalf("code and message: %s", r.body)
				}
			}
			if tc.status == 401 && r.header.Get("WWW-Authenticate") != graphAuthChallenge {
				t.Errorf("401 with WWW-Authenticate %q", r.header.Get("WWW-Authenticate"))
			}
		})
	}
	if r := get(t, s, "/_mock/healthz", nil); r.status != 200 {
		t.Errorf("auth must not guard the admin API: %d", r.status)
	}
}

func TestMetricsCountGraphRequestsAndReadTheRuntime(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	type metrics struct {
		GraphRequests uint64             `json:"graphRequests"`
		Runtime       map[string]float64 `json:"runtime"`
	}
	read := func() metrics {
		t.Helper()
		r := get(t, s, "/_mock/metrics", nil)
		var m metrics
		if err := json.Unmarshal(r.body, &m); r.status != 200 || err != nil {
			t.Fatalf("GET /_mock/metrics: %d %v %s", r.status, err, r.body)
		}
		return m
	}
	before := read()
	get(t, s, group, nil)              // a Graph request
	get(t, s, "/v1.0/nowhere", nil)    // unmatched, still a Graph request
	get(t, s, "/_ns/job-1"+group, nil) // in another namespace
	get(t, s, "/_mock/readyz", nil)    // admin: not counted
	after := read()
	if got := after.GraphRequests - before.GraphRequests; got != 3 {
		t.Errorf("graphRequests grew by %d, want 3", got)
	}
	cases := []string{"/gc/heap/allocs:objects", "/gc/heap/allocs:bytes", "/gc/heap/tiny/allocs:objects", "/gc/cycles/total:gc-cycles",
		"/cpu/classes/gc/total:cpu-seconds", "/cpu/classes/idle:cpu-seconds", "/cpu/classes/total:cpu-seconds", "/sched/gomaxprocs:threads"}
	for _, name := range cases {
		if _, ok := after.Runtime[name]; !ok {
			t.Errorf("runtime has no %s: %v", name, after.Runtime)
		}
	}
	if after.Runtime["/gc/heap/allocs:bytes"] <= before.Runtime["/gc/heap/allocs:bytes"] {
		t.Errorf("allocated bytes did not grow across requests")
	}
	off := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminOff: true}))
	if r := get(t, off, "/_mock/metrics", nil); r.status != 403 {
		t.Errorf("admin off: GET /_mock/metrics = %d, want 403", r.status)
	}
	guarded := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminToken: "s3cret"}))
	if r := get(t, guarded, "/_mock/metrics", nil); r.status != 401 {
		t.Errorf("without the admin token: GET /_mock/metrics = %d, want 401", r.status)
	}
}
