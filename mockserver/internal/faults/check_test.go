package faults_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// testRoutes stands in for the server's route table.
func testRoutes() []faults.Route {
	return []faults.Route{"listSessions", "getSession", "listCallRecords", "countCallRecords", "getCallRecord",
		"countSessions", "listSegments", "getSegment", "countSegments", "createSegment", "updateSegment", "deleteSegment",
		"listParticipants", "getParticipant", "countParticipants", "getOrganizer", "unknown"}
}

func TestRuleChecks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rule faults.Fault
		key  string
		msg  string
	}{
		{"negative times", faults.Fault{Status: 500, Times: -1}, "times", "must not be negative"},
		{"negative every", faults.Fault{Status: 500, Every: -1}, "every", "must not be negative"},
		{"probability NaN", faults.Fault{Status: 500, Probability: math.NaN()}, "probability", "not between 0 and 1"},
		{"status 200", faults.Fault{Status: 200}, "status", "not an HTTP error status"},
		{"retry-after", faults.Fault{Status: 429, RetryAfter: -time.Second}, "retryAfter", "must not be negative"},
		{"key", faults.Fault{Status: 500, Key: "cookie"}, "key", "must be client-request-id"},
		{"hangMax", faults.Fault{Connection: faults.ConnectionHang, HangMax: time.Hour}, "hangMax", "between 0 and 10m0s"},
		{"path", faults.Fault{Status: 500, Path: "communications"}, "path", "must start with /"},
		{"unknown route", faults.Fault{Status: 500, Route: "getBanana"}, "routes", `unknown route "getBanana"`},
		{"connection", faults.Fault{Connection: "explode"}, "connection", "not one of reset"},
		{"delay below min", faults.Fault{Delay: &faults.Latency{Min: 2, Max: 1}}, "delay", "below min"},
		{"empty delay", faults.Fault{Delay: &faults.Latency{}}, "delay", "needs fixed"},
		{"dribble", faults.Fault{Dribble: &faults.Dribble{Chunks: 0, Over: time.Second}}, "dribble", "chunks >= 1"},
		{"rate limit", faults.Fault{RateLimit: &faults.RateLimit{Limit: 1, Window: time.Second, Per: "moon"}}, "rateLimit", "not one of server"},
		{"two actions", faults.Fault{Status: 500, Connection: faults.ConnectionReset}, "", "one action"},
		{"no action", faults.Fault{Route: "getSession"}, "", "no action"},
	}
	e := faults.NewEngine(1, testRoutes())
	for _, c := range cases {
		_, err := e.Add(c.rule, "go")
		var re *faults.RuleError
		if !errors.As(err, &re) || re.Key != c.key || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %#v, want a *RuleError with key %q and %q", c.name, err, c.key, c.msg)
		}
	}
	if st := e.Status(); len(st) != 0 {
		t.Fatalf("refused rules were added: %+v", st)
	}
}

func TestAddNormalizes(t *testing.T) {
	t.Parallel()
	e := faults.NewEngine(1, testRoutes())
	in := faults.Fault{Route: "getSession", Routes: []faults.Route{"listSessions"}, Method: "get", RateLimit: &faults.RateLimit{Limit: 1, Window: time.Second}}
	got, err := e.Add(in, "go")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "fault-1" || got.Route != "" || len(got.Routes) != 2 || got.Routes[0] != "getSession" || got.Method != "GET" || got.Status != 429 {
		t.Fatalf("stored %+v", got)
	}
	got.Routes[0] = "changed"
	got.RateLimit.Limit = 99
	if st := e.Status()[0]; st.Routes[0] != "getSession" || st.RateLimit.Limit != 1 || st.Source != "go" {
		t.Fatalf("the engine shares its rule with the caller: %+v", st)
	}
	if in.Route != "getSession" || len(in.Routes) != 1 {
		t.Fatalf("Add changed the caller's rule: %+v", in)
	}
}
