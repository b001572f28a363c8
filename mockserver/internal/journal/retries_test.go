package journal

import (
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

func TestRetryReports(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	// at builds an entry: request id, client-request-id, route, status, seconds after t0, Retry-After.
	at := func(id, cid string, route string, status int, secs float64, retryAfter time.Duration) Entry {
		return Entry{RequestID: id, ClientRequestID: cid, Route: faults.Route(route), Status: status,
			Time: t0.Add(time.Duration(secs * float64(time.Second))), RetryAfter: retryAfter}
	}
	cases := []struct {
		name    string
		entries []Entry
		want    []RetryReport
	}{
		{"no throttling", []Entry{at("r1", "c", "listSessions", 200, 0, 0)}, nil},
		{"honoured once", []Entry{
			at("r1", "c", "listSessions", 429, 0, 2*time.Second),
			at("r2", "c", "listSessions", 200, 2, 0),
		}, []RetryReport{{RequestID: "r1", ClientRequestID: "c", Route: "listSessions", Status: 429, At: t0,
			RetryAfter: 2 * time.Second, Retried: true, Waited: 2 * time.Second, Honoured: true, Retries: 1}}},
		{"too soon, then a storm that gets through", []Entry{
			at("r1", "c", "getSession", 503, 0, time.Second),
			at("r2", "c", "getSession", 503, 0.5, time.Second),
			at("r3", "c", "getSession", 200, 0.6, 0),
			at("r4", "c", "getSession", 200, 0.7, 0), // after the one that got through: not counted
		}, []RetryReport{
			{RequestID: "r1", ClientRequestID: "c", Route: "getSession", Status: 503, At: t0, RetryAfter: time.Second,
				Retried: true, Waited: 500 * time.Millisecond, Honoured: false, Retries: 2},
			{RequestID: "r2", ClientRequestID: "c", Route: "getSession", Status: 503, At: t0.Add(500 * time.Millisecond), RetryAfter: time.Second,
				Retried: true, Waited: 100 * time.Millisecond, Honoured: false, Retries: 1},
		}},
		{"other routes and keys are other requests", []Entry{
			at("r1", "c", "listSessions", 429, 0, time.Second),
			at("r2", "c", "getSession", 200, 1, 0),
			at("r3", "d", "listSessions", 200, 1, 0),
		}, []RetryReport{{RequestID: "r1", ClientRequestID: "c", Route: "listSessions", Status: 429, At: t0, RetryAfter: time.Second}}},
		{"no client-request-id cannot be followed", []Entry{
			at("r1", "r1", "listSessions", 429, 0, time.Second),
			at("r2", "r2", "listSessions", 200, 1, 0),
		}, []RetryReport{{RequestID: "r1", ClientRequestID: "r1", Route: "listSessions", Status: 429, At: t0, RetryAfter: time.Second}}},
		{"other errors are not throttling", []Entry{at("r1", "c", "listSessions", 500, 0, 0)}, nil},
	}
	for _, c := range cases {
		got := RetryReports(c.entries)
		if len(got) != len(c.want) {
			t.Errorf("%s: %d reports, want %d: %+v", c.name, len(got), len(c.want), got)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: report %d = %+v, want %+v", c.name, i, got[i], c.want[i])
			}
		}
	}
}
