package mockserver_test

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// Fault rules through the Go API: copies, ids, replay after Reset, and where rules never apply.

func TestFaultsHandsOutCopies(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	delay := &mockserver.Latency{Fixed: time.Millisecond}
	if _, err := s.InjectFault(mockserver.Fault{Delay: delay, Header: map[string]string{"X-A": "1"}}); err != nil {
		t.Fatal(err)
	}
	delay.Fixed = time.Hour // the caller's value is not the engine's
	got := s.Faults()
	got[0].Delay.Fixed = time.Hour
	got[0].Header["X-A"] = "2"
	again := s.Faults()[0]
	if again.Delay.Fixed != time.Millisecond || again.Header["X-A"] != "1" {
		t.Fatalf("the engine's rule changed through a copy: %+v %v", again.Delay, again.Header)
	}
}

func TestResetReplaysTheSameFaults(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithSeed(42))
	rule := mockserver.Fault{Status: 503, Probability: 0.5}
	if _, err := s.InjectFault(rule); err != nil {
		t.Fatal(err)
	}
	first := outcomes(t, s, 20, nil)
	s.Reset()
	if _, err := s.InjectFault(rule); err != nil {
		t.Fatal(err)
	}
	if again := outcomes(t, s, 20, nil); again != first {
		t.Fatalf("after Reset the same seed gave other faults:\n%s\n%s", first, again)
	}
	if id := s.Faults()[0].ID; id != "fault-1" {
		t.Fatalf("ids restart with the namespace: %s", id)
	}
}

func TestGeneratedIDsSkipTakenOnes(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if _, err := s.InjectFault(mockserver.Fault{ID: "fault-1", Status: 500, Method: "PUT"}); err != nil {
		t.Fatal(err)
	}
	f, err := s.InjectFault(mockserver.Fault{Status: 500, Method: "PUT"})
	if err != nil || f.ID != "fault-2" {
		t.Fatalf("id %q err %v", f.ID, err)
	}
	if _, err := s.InjectFault(mockserver.Fault{ID: "fault-2", Status: 500}); err == nil {
		t.Fatal("an explicit id that is taken was accepted")
	}
}

func TestHeaderTimesWithoutClientRequestID(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	h := http.Header{"X-Graphmock-Fault": {"status=429; times=1"}}
	if got := outcomes(t, s, 3, h); got != "429 200 200" {
		t.Fatalf("a client that sends no client-request-id: %s", got)
	}
}

func TestAdminPathsAreNeverFaultedOrJournaled(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if _, err := s.InjectFault(mockserver.Fault{Status: 503}); err != nil {
		t.Fatal(err)
	}
	if r := get(t, s, "/_mock/nope", nil); r.status != 404 {
		t.Errorf("unknown admin path: %d", r.status)
	}
	if r := do(t, s, http.MethodPut, "/_mock/faults", nil, nil); r.status != 405 {
		t.Errorf("wrong method on an admin route: %d", r.status)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("admin requests journaled: %d", n)
	}
}

func TestNaNIsNotAProbability(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if _, err := s.InjectFault(mockserver.Fault{Status: 503, Probability: math.NaN()}); err == nil {
		t.Fatal("NaN probability accepted")
	}
	if r := get(t, s, group, http.Header{"X-Graphmock-Fault": {"delay=lognormal(10ms,NaN)"}}); r.status != 400 {
		t.Fatalf("NaN sigma: %d", r.status)
	}
}

func TestDelayedResponseAfterCloseIsNotAnEmptySuccess(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if _, err := s.InjectFault(mockserver.Fault{Delay: &mockserver.Latency{Fixed: 50 * time.Millisecond}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r := get(t, s, group, nil)
	if r.status != 503 || decodeError(t, r).Error.Code != "serviceNotAvailable" {
		t.Fatalf("after Close: %d %q", r.status, r.body)
	}
}

// TestExportLeavesOutHeaderRules: a rule an X-Graphmock-Fault header made lives with the requests
// that carry the header; exported as a scenario rule it would fail every request after a reload.
func TestExportLeavesOutHeaderRules(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if _, err := s.InjectFault(mockserver.Fault{ID: "kept", Route: "getSession", Status: 503}); err != nil {
		t.Fatal(err)
	}
	if r := get(t, s, group, http.Header{"X-Graphmock-Fault": {"status=429; times=1"}}); r.status != 429 {
		t.Fatalf("the header rule did not fire: %d", r.status)
	}
	out, err := s.ExportScenario()
	if err != nil {
		t.Fatal(err)
	}
	back := newServer(t, mockserver.WithScenarioBytes("export.yaml", out))
	var ids []string
	for _, f := range back.Faults() {
		ids = append(ids, f.ID)
	}
	if len(ids) != 1 || ids[0] != "kept" {
		t.Fatalf("exported rules %v, want only the configured one", ids)
	}
	if r := get(t, back, group, nil); r.status != 200 {
		t.Fatalf("after reloading the export a plain GET answers %d", r.status)
	}
}
