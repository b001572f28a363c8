package faults_test

import (
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

func TestDescribeMatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rule faults.Fault
		want string
	}{
		{"nothing selects every request", faults.Fault{Status: 500}, "every request"},
		{"route as given", faults.Fault{Route: "listSessions"}, "listSessions"},
		{"routes", faults.Fault{Routes: []faults.Route{"getSession", "listSessions"}}, "getSession,listSessions"},
		{"route and routes", faults.Fault{Route: "getSegment", Routes: []faults.Route{"listSegments"}}, "getSegment,listSegments"},
		{"method and path", faults.Fault{Method: "GET", Path: "/communications/callRecords/*"}, "GET /communications/callRecords/*"},
		{"headers and query sorted by name", faults.Fault{
			Header: map[string]string{"Prefer": "*", "Accept": "application/json"},
			Query:  map[string]string{"$top": "5", "$filter": "*"},
		}, "header Accept=application/json header Prefer=* query $filter=* query $top=5"},
		{"everything", faults.Fault{Routes: []faults.Route{"listSessions"}, Method: "GET", Path: "/x", Header: map[string]string{"A": "1"}},
			"listSessions GET /x header A=1"},
	}
	for _, c := range cases {
		if got := faults.DescribeMatch(c.rule); got != c.want {
			t.Errorf("%s: DescribeMatch = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestDescribeAction(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rule faults.Fault
		want string
	}{
		{"status", faults.Fault{Status: 500}, "500"},
		{"status and code, retry-after, trigger", faults.Fault{Status: 429, Code: "TooManyRequests", RetryAfter: time.Second, Times: 1},
			"429 TooManyRequests, Retry-After 1s; times 1"},
		{"fixed delay", faults.Fault{Delay: &faults.Latency{Fixed: 2 * time.Second}}, "delay 2s"},
		{"uniform delay", faults.Fault{Delay: &faults.Latency{Min: time.Second, Max: 3 * time.Second}}, "delay 1s–3s"},
		{"lognormal delay", faults.Fault{Delay: &faults.Latency{Median: 100 * time.Millisecond, Sigma: 0.5}}, "delay lognormal(100ms, 0.5)"},
		{"dribble", faults.Fault{Dribble: &faults.Dribble{Chunks: 4, Over: 2 * time.Second}}, "dribble 4 chunks over 2s"},
		{"connection", faults.Fault{Connection: faults.ConnectionReset}, "connection reset"},
		{"apply then fail", faults.Fault{Status: 504, ApplyThenFail: true}, "504, applied, then failed"},
		{"rate limit per server by default", faults.Fault{RateLimit: &faults.RateLimit{Limit: 5, Window: time.Second}},
			"rate limit 5 per 1s per server"},
		{"rate limit per route, with its status", faults.Fault{Status: 429, RateLimit: &faults.RateLimit{Limit: 1, Window: time.Minute, Per: "route"}},
			"rate limit 1 per 1m0s per route, 429"},
		{"every trigger", faults.Fault{Status: 503, Times: 2, After: 1, Every: 3, Probability: 0.25, Key: "client-request-id"},
			"503; times 2, after 1, every 3, probability 0.25, per client-request-id"},
	}
	for _, c := range cases {
		if got := faults.DescribeAction(c.rule); got != c.want {
			t.Errorf("%s: DescribeAction = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestDescribeEngineRules describes rules as the engine keeps them, which is what the explorer
// shows: Route folded into Routes, the method in upper case.
func TestDescribeEngineRules(t *testing.T) {
	t.Parallel()
	e := faults.NewEngine(1, testRoutes())
	if _, err := e.Add(faults.Fault{Route: "listSessions", Method: "get", Status: 429, Times: 1}, "go"); err != nil {
		t.Fatal(err)
	}
	st := e.Status()
	if len(st) != 1 {
		t.Fatalf("%d rules, want 1", len(st))
	}
	if got, want := faults.DescribeMatch(st[0].Fault), "listSessions GET"; got != want {
		t.Errorf("DescribeMatch = %q, want %q", got, want)
	}
	if got, want := faults.DescribeAction(st[0].Fault), "429; times 1"; got != want {
		t.Errorf("DescribeAction = %q, want %q", got, want)
	}
}
