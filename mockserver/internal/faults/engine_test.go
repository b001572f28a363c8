package faults_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// epoch is the fake clock's start.
var epoch = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// get is a GET of a session list, the way the adapter describes it.
func get(clientID string, header ...string) *faults.Request {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Add(header[i], header[i+1])
	}
	return &faults.Request{Route: "listSessions", Method: http.MethodGet, Path: "/communications/callRecords/r1/sessions",
		RawQuery: "%24top=2&$select=id", Header: h, RequestID: "rid", ClientRequestID: clientID, CallRecord: "r1"}
}

// fires runs n requests made by mk through the engine and writes which fired as "x" and ".".
func fires(t *testing.T, e *faults.Engine, n int, mk func(i int) *faults.Request) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		v, err := e.Decide(mk(i), epoch)
		if err != nil {
			t.Fatal(err)
		}
		if v.Fired {
			b.WriteByte('x')
		} else {
			b.WriteByte('.')
		}
	}
	return b.String()
}

func TestTriggers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rule faults.Fault
		want string
	}{
		{"always", faults.Fault{Status: 500}, "xxxxxx"},
		{"times", faults.Fault{Status: 503, Times: 2}, "xx...."},
		{"after and times", faults.Fault{Status: 503, After: 1, Times: 2}, ".xx..."},
		{"every", faults.Fault{Status: 500, Every: 3}, "..x..x"},
		{"route", faults.Fault{Status: 500, Route: "getSession"}, "......"},
		{"method", faults.Fault{Status: 500, Method: "post"}, "......"},
		{"path", faults.Fault{Status: 500, Path: "/communications/callRecords/*/sessions"}, "xxxxxx"},
		{"other path", faults.Fault{Status: 500, Path: "/communications/callRecords/*"}, "......"},
		{"query by decoded name", faults.Fault{Status: 500, Query: map[string]string{"$TOP": "2"}}, "xxxxxx"},
		{"query value", faults.Fault{Status: 500, Query: map[string]string{"$select": "name"}}, "......"},
		{"header present", faults.Fault{Status: 500, Header: map[string]string{"x-job": "*"}}, "xxxxxx"},
		{"header value", faults.Fault{Status: 500, Header: map[string]string{"X-Job": "b"}}, "......"},
	}
	for _, c := range cases {
		e := faults.NewEngine(1, testRoutes())
		if _, err := e.Add(c.rule, "go"); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := fires(t, e, 6, func(int) *faults.Request { return get("", "X-Job", "a") }); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// TestCountingPerKey checks that a retrying client (same client-request-id) is failed once per
// key, and that requests without one on the same connection share a count.
func TestCountingPerKey(t *testing.T) {
	t.Parallel()
	e := faults.NewEngine(1, testRoutes())
	if _, err := e.Add(faults.Fault{Status: 429, Times: 1, Key: "client-request-id"}, "go"); err != nil {
		t.Fatal(err)
	}
	ids := []string{"a", "a", "b", "b", "", ""}
	if got := fires(t, e, 6, func(i int) *faults.Request { return get(ids[i]) }); got != "x.x.x." {
		t.Fatalf("per client-request-id: %s", got)
	}
	st := e.Status()[0]
	if st.Matched != 6 || st.Fired != 3 {
		t.Fatalf("counters %+v", st)
	}
}

func TestHeaderRule(t *testing.T) {
	t.Parallel()
	e := faults.NewEngine(1, testRoutes())
	if _, err := e.Add(faults.Fault{Status: 500}, "go"); err != nil {
		t.Fatal(err)
	}
	v, err := e.Decide(get("c1", faults.Header, "status=429; retry-after=2; times=1"), epoch)
	if err != nil || !v.Fired || v.Rule.Status != 429 || v.Rule.ID != "header" || v.Rule.RetryAfter != 2*time.Second {
		t.Fatalf("header rule: %v %+v", err, v)
	}
	// The retry carries the same header and client-request-id: the header rule lets it pass, the
	// configured rule still fires.
	if v, _ := e.Decide(get("c1", faults.Header, "status=429; retry-after=2; times=1"), epoch); v.Rule.Status != 500 {
		t.Fatalf("retry: %+v", v)
	}
	st := e.Status()
	if len(st) != 2 || st[1].Source != "header" || st[1].ID != faults.Header+": status=429; retry-after=2; times=1" || st[1].Fired != 1 || st[1].Matched != 2 {
		t.Fatalf("status: %+v", st)
	}
	_, err = e.Decide(get("c1", faults.Header, "status=abc"), epoch)
	var he *faults.HeaderError
	if !errors.As(err, &he) || he.Item != "status=abc" {
		t.Fatalf("bad header: %v", err)
	}
	e.Clear()
	if st := e.Status(); len(st) != 0 {
		t.Fatalf("after Clear: %+v", st)
	}
}

// TestRateLimit drives a bucket with the clock: two requests per second per call record.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	e := faults.NewEngine(1, testRoutes())
	if _, err := e.Add(faults.Fault{RateLimit: &faults.RateLimit{Limit: 2, Window: time.Second, Per: "callRecord"}}, "go"); err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration, record string) faults.Verdict {
		in := get("")
		in.CallRecord = record
		v, err := e.Decide(in, epoch.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if at(0, "r1").Fired || at(0, "r1").Fired {
		t.Fatal("the first two requests are within the limit")
	}
	v := at(0, "r1")
	if !v.Fired || v.Rule.Status != 429 || v.Rule.RetryAfter != 501*time.Millisecond {
		t.Fatalf("third request: %+v", v)
	}
	if at(0, "r2").Fired {
		t.Fatal("another call record has its own bucket")
	}
	if at(500*time.Millisecond, "r1").Fired {
		t.Fatal("half a second later a token is back")
	}
	if st := e.Status()[0]; st.RetryAfter != 0 {
		t.Fatalf("the stored rule took the bucket's Retry-After: %+v", st)
	}
}

// TestSeededReplay checks that the same seed gives the same faults and delays, and that Reset
// starts the random source over.
func TestSeededReplay(t *testing.T) {
	t.Parallel()
	run := func(e *faults.Engine) string {
		var b strings.Builder
		for i := 0; i < 40; i++ {
			v, err := e.Decide(get(""), epoch)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%v/%v ", v.Fired, v.Delay)
		}
		return b.String()
	}
	rules := []faults.Fault{{Status: 503, Probability: 0.5, Delay: &faults.Latency{Min: time.Millisecond, Max: time.Second}}}
	a, b := faults.NewEngine(42, testRoutes()), faults.NewEngine(42, testRoutes())
	a.Reset(rules, "scenario")
	b.Reset(rules, "scenario")
	first := run(a)
	if first != run(b) {
		t.Fatal("the same seed gave different faults")
	}
	if !strings.Contains(first, "true") || !strings.Contains(first, "false") {
		t.Fatalf("probability 0.5 over 40 requests: %s", first)
	}
	a.Reset(rules, "scenario")
	if run(a) != first {
		t.Fatal("Reset did not replay the same faults")
	}
	c := faults.NewEngine(43, testRoutes())
	c.Reset(rules, "scenario")
	if run(c) == first {
		t.Fatal("another seed gave the same faults")
	}
}

func TestAddAllIsAllOrNothing(t *testing.T) {
	t.Parallel()
	e := faults.NewEngine(1, testRoutes())
	if _, err := e.Add(faults.Fault{ID: "taken", Status: 500}, "go"); err != nil {
		t.Fatal(err)
	}
	_, err := e.AddAll([]faults.Fault{{Status: 500}, {ID: "taken", Status: 503}}, "admin")
	var re *faults.RuleError
	if !errors.As(err, &re) || re.Key != "id" || err.Error() != `fault rule 1: a rule with id "taken" exists already` {
		t.Fatalf("repeated id: %v", err)
	}
	_, err = e.AddAll([]faults.Fault{{Status: 500}, {Status: 200}}, "admin")
	if !errors.As(err, &re) || re.Key != "status" || !strings.HasPrefix(err.Error(), "fault rule 1: ") {
		t.Fatalf("bad rule: %v", err)
	}
	if st := e.Status(); len(st) != 1 {
		t.Fatalf("a refused list left rules behind: %+v", st)
	}
	stored, err := e.AddAll([]faults.Fault{{Status: 500}, {ID: "mine", Status: 503}}, "admin")
	if err != nil || !strings.HasPrefix(stored[0].ID, "fault-") || stored[1].ID != "mine" || len(e.Status()) != 3 {
		t.Fatalf("ids: %v %+v", err, stored)
	}
	if !e.Remove("mine") || e.Remove("mine") {
		t.Fatal("Remove")
	}
	if _, err := e.Add(faults.Fault{ID: stored[0].ID, Status: 500}, "go"); err == nil {
		t.Fatal("an id given twice was accepted")
	}
	next, _ := e.Add(faults.Fault{ID: "fault-99", Status: 500}, "go")
	if got, _ := e.Add(faults.Fault{Status: 500}, "go"); got.ID == next.ID || got.ID == stored[0].ID {
		t.Fatalf("an assigned id is taken already: %s", got.ID)
	}
}

func TestQuietWhenNoRuleCanFire(t *testing.T) {
	t.Parallel()
	withHeader := http.Header{faults.Header: {"status=500"}}
	cases := []struct {
		name   string
		rules  []faults.Fault
		remove string // a rule id removed before asking
		route  faults.Route
		header http.Header
		want   bool
	}{
		{"no rules", nil, "", "listSessions", nil, true},
		{"no rules, a fault header", nil, "", "listSessions", withHeader, false},
		{"a rule for another route", []faults.Fault{{Route: "getSession", Status: 500}}, "", "listSessions", nil, true},
		{"a rule for this route", []faults.Fault{{Route: "getSession", Status: 500}}, "", "getSession", nil, false},
		{"a rule naming several routes", []faults.Fault{{Routes: []faults.Route{"getSession", "listSessions"}, Status: 500}}, "", "listSessions", nil, false},
		{"a rule for every route", []faults.Fault{{Route: "getSession", Status: 500}, {Status: 503}}, "", "listSegments", nil, false},
		{"the rule removed", []faults.Fault{{ID: "x", Status: 503}}, "x", "listSegments", nil, true},
	}
	for _, c := range cases {
		e := faults.NewEngine(1, []faults.Route{"getSession", "listSessions", "listSegments"})
		if _, err := e.AddAll(c.rules, "go"); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.remove != "" && !e.Remove(c.remove) {
			t.Fatalf("%s: nothing removed", c.name)
		}
		if got := e.Quiet(c.route, c.header); got != c.want {
			t.Errorf("%s: Quiet = %v, want %v", c.name, got, c.want)
		}
		if idle := len(c.rules) == 0 || c.remove != ""; e.Idle() != idle {
			t.Errorf("%s: Idle = %v, want %v", c.name, e.Idle(), idle)
		}
		e.Clear()
		if !e.Quiet(c.route, nil) {
			t.Errorf("%s: not quiet after Clear", c.name)
		}
	}
}

// TestEnvelopeOnlyNamed: a request that carries others (a batch) meets only the rules that
// name its route and its own fault header; a rule for every route leaves it alone and counts
// nothing for it.
func TestEnvelopeOnlyNamed(t *testing.T) {
	t.Parallel()
	e := faults.NewEngine(1, []faults.Route{"batch", "listSessions"})
	if _, err := e.AddAll([]faults.Fault{{ID: "all", Status: 503, Times: 1}}, "go"); err != nil {
		t.Fatal(err)
	}
	envelope := func(header ...string) *faults.Request {
		in := get("", header...)
		in.Route, in.Envelope = "batch", true
		return in
	}
	if got := fires(t, e, 2, func(int) *faults.Request { return envelope() }); got != ".." {
		t.Errorf("a rule for every route fired on the batch: %s", got)
	}
	if got := fires(t, e, 1, func(int) *faults.Request { return envelope(faults.Header, "status=429") }); got != "x" {
		t.Errorf("the batch's own fault header: %s", got)
	}
	if got := fires(t, e, 2, func(int) *faults.Request { return get("") }); got != "x." {
		t.Errorf("the requests inside: %s, want the rule's one time on the first", got)
	}
	if _, err := e.Add(faults.Fault{Route: "batch", Status: 500}, "go"); err != nil {
		t.Fatal(err)
	}
	if got := fires(t, e, 1, func(int) *faults.Request { return envelope() }); got != "x" {
		t.Errorf("a rule naming the batch route: %s", got)
	}
}

// TestHeaderCountsDoNotLeak sends the same X-Graphmock-Fault (times=1, no key) from clients
// told apart by client-request-id or, without one, by connection: independent clients each see
// the fault once, a client retrying with its client-request-id (on any connection) or on its
// connection sees it once, then passes.
func TestHeaderCountsDoNotLeak(t *testing.T) {
	t.Parallel()
	type req struct{ id, conn string }
	cases := []struct {
		name string
		reqs []req
		want string
	}{
		{"two tests, two client-request-ids", []req{{"a", "c1"}, {"b", "c1"}}, "xx"},
		{"a retry with its client-request-id", []req{{"a", "c1"}, {"a", "c1"}}, "x."},
		{"a retry on a new connection", []req{{"a", "c1"}, {"a", "c2"}}, "x."},
		{"two tests without ids, two connections", []req{{"", "c1"}, {"", "c2"}}, "xx"},
		{"a retry without id on its connection", []req{{"", "c1"}, {"", "c1"}, {"", "c2"}, {"", "c2"}}, "x.x."},
		{"an id that looks like a connection", []req{{"c1", "c9"}, {"", "c1"}}, "xx"},
		{"in-process, no connection", []req{{"", ""}, {"", ""}}, "x."},
	}
	for _, c := range cases {
		e := faults.NewEngine(1, testRoutes())
		got := fires(t, e, len(c.reqs), func(i int) *faults.Request {
			in := get(c.reqs[i].id, faults.Header, "status=429; times=1")
			in.Connection = c.reqs[i].conn
			return in
		})
		if got != c.want {
			t.Errorf("%s: fired %s, want %s", c.name, got, c.want)
		}
	}
}

// TestNewRequest checks what the engine's input reads from an HTTP request.
func TestNewRequest(t *testing.T) {
	t.Parallel()
	r, _ := http.NewRequest(http.MethodPost, "http://x/v1.0/communications/callRecords/r1?$top=2", nil)
	r.Header.Set("client-request-id", "c1")
	r.RemoteAddr = "127.0.0.1:5000"
	in := faults.NewRequest(r, "getCallRecord", "/communications/callRecords/r1", "rid", "r1")
	if in.Route != "getCallRecord" || in.Method != http.MethodPost || in.Path != "/communications/callRecords/r1" || in.RawQuery != "$top=2" ||
		in.RequestID != "rid" || in.ClientRequestID != "c1" || in.CallRecord != "r1" || in.Connection != "127.0.0.1:5000" || in.Header.Get("Client-Request-Id") != "c1" {
		t.Fatalf("NewRequest = %+v", in)
	}
}
