package mockserver_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// Rate-limit windows and fault delays run on the namespace's clock: a test moves time instead of
// waiting for it.

func TestRateLimitWindowsRunOnTheClock(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Freeze(true)
	if _, err := s.InjectFault(mockserver.Fault{Route: "listCallRecords", RateLimit: &mockserver.RateLimit{Limit: 1, Window: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	if r := get(t, s, recordsURL, nil); r.status != 200 {
		t.Fatalf("first: %d", r.status)
	}
	r := get(t, s, recordsURL, nil)
	if r.status != 429 || r.header.Get("Retry-After") != "3601" {
		t.Fatalf("second: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	s.Clock().Advance(59 * time.Minute)
	if r := get(t, s, recordsURL, nil); r.status != 429 {
		t.Fatalf("within the window: %d", r.status)
	}
	s.Clock().Advance(2 * time.Minute)
	if r := get(t, s, recordsURL, nil); r.status != 200 {
		t.Fatalf("after the window: %d", r.status)
	}
}

func TestAdvancingTheClockEndsAFaultDelay(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Freeze(true)
	if _, err := s.InjectFault(mockserver.Fault{Route: "listCallRecords", Delay: &mockserver.Latency{Fixed: 10 * time.Minute}}); err != nil {
		t.Fatal(err)
	}
	done := make(chan result, 1)
	go func() { done <- get(t, s, recordsURL, nil) }()
	// The request is journaled (pending) before it is held.
	for deadline := time.Now().Add(5 * time.Second); len(s.Requests()) == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the delayed request never arrived")
		}
	}
	start := s.Clock().Now()
	s.Clock().Advance(10 * time.Minute)
	select {
	case r := <-done:
		if r.status != http.StatusOK || r.header.Get("Date") != start.Add(10*time.Minute).UTC().Format(http.TimeFormat) {
			t.Fatalf("after the delay: %d, Date %s", r.status, r.header.Get("Date"))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("advancing the clock past the delay did not end it")
	}
}
