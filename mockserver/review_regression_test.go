package mockserver_test

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// Regression tests for defects a code review found.

func TestDeeplyNestedFilterIsRefusedQuickly(t *testing.T) {
	s := newServer(t)
	filter := strings.Repeat("(", 8000) + "startDateTime%20ge%202026-01-01T00:00:00Z" + strings.Repeat(")", 8000)
	start := time.Now()
	r := get(t, s, "/v1.0/communications/callRecords?$filter="+filter, nil)
	if r.status != 400 || !strings.Contains(decodeError(t, r).Error.Message, "nest deeper") {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d) // a generous bound: before the fix this took six seconds
	}
	ok := "(((startDateTime%20ge%202026-01-01T00:00:00Z)))"
	if r := get(t, s, "/v1.0/communications/callRecords?$filter="+ok, nil); r.status != 200 {
		t.Fatalf("modest nesting: %d", r.status)
	}
}

func TestFaultsHandsOutCopies(t *testing.T) {
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

func TestEmptyNamespaceNameIsAnError(t *testing.T) {
	s := newServer(t)
	if r := get(t, s, "/_ns//v1.0/communications/callRecords", nil); r.status != 400 {
		t.Fatalf("/_ns// served: %d", r.status)
	}
}

func TestRefusedRequestsDoNotMakeNamespaces(t *testing.T) {
	s := newServer(t, mockserver.WithRequireAuth(true), mockserver.WithMaxNamespaces(2))
	for _, n := range []string{"a", "b", "c"} {
		if r := get(t, s, "/_ns/"+n+"/v1.0/communications/callRecords", nil); r.status != 401 {
			t.Fatalf("%s: %d", n, r.status)
		}
		get(t, s, "/_ns/"+n+"/v1.0/nowhere", nil)
	}
	if got := s.Namespaces(); len(got) != 0 {
		t.Fatalf("refused requests made namespaces %v", got)
	}
	ok := http.Header{"Authorization": {"Bearer opaque"}}
	if r := get(t, s, "/_ns/a/v1.0/communications/callRecords", ok); r.status != 200 || len(s.Namespaces()) != 1 {
		t.Fatalf("an authorised request: %d %v", r.status, s.Namespaces())
	}
}

func TestResetReplaysTheSameFaults(t *testing.T) {
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
	s := newServer(t)
	h := http.Header{"X-Graphmock-Fault": {"status=429; times=1"}}
	if got := outcomes(t, s, 3, h); got != "429 200 200" {
		t.Fatalf("a client that sends no client-request-id: %s", got)
	}
}

func TestAdminPathsAreNeverFaultedOrJournaled(t *testing.T) {
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
	s := newServer(t)
	if _, err := s.InjectFault(mockserver.Fault{Status: 503, Probability: math.NaN()}); err == nil {
		t.Fatal("NaN probability accepted")
	}
	if r := get(t, s, group, http.Header{"X-Graphmock-Fault": {"delay=lognormal(10ms,NaN)"}}); r.status != 400 {
		t.Fatalf("NaN sigma: %d", r.status)
	}
}

func TestDelayedResponseAfterCloseIsNotAnEmptySuccess(t *testing.T) {
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

func TestNewNamespacesStartFromTheDefaultNamespacesScenario(t *testing.T) {
	s := newServer(t)
	def, err := s.Namespace("")
	if err != nil {
		t.Fatal(err)
	}
	if err := def.LoadScenario("one.yaml", []byte("name: one\ncallRecords:\n  - id: only\n")); err != nil {
		t.Fatal(err)
	}
	n, err := s.Namespace("fresh")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.ScenarioInfo().Name; got != "one" {
		t.Fatalf("a new namespace started from %q, want the default namespace's scenario", got)
	}
}

func TestScenarioFaultIDsAreUniqueAndNilBytesAreEmpty(t *testing.T) {
	err := mockserver.ValidateScenario("f.yaml", []byte("callRecords: []\nfaults:\n  - {id: x, status: 500}\n  - {id: x, status: 503}\n"))
	if err == nil || !strings.Contains(err.Error(), `f.yaml:4: /faults/1/id: fault rule id "x" is used twice`) {
		t.Fatalf("duplicate fault ids: %v", err)
	}
	if _, err := mockserver.New(mockserver.WithScenarioBytes("nil.yaml", nil)); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("nil bytes loaded something: %v", err)
	}
}

func TestHugeExponentIsA400NotACrash(t *testing.T) {
	s := newServer(t)
	r := send(t, s, http.MethodPost, segmentsURL, seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":1e999999999}`), nil)
	if r.status != 400 || decodeError(t, r).Error.Code != "BadRequest" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if err := mockserver.ValidateScenario("n.yaml", []byte("callRecords:\n  - id: r\n    version: 1e999999999\n")); err == nil {
		t.Fatal("a huge number in a scenario was accepted")
	}
}

func TestHugeExponentsAreRefusedQuickly(t *testing.T) {
	s := newServer(t)
	start := time.Now()
	for _, n := range []string{"1e9999999", "1E-9999999", "2.5e+12345"} {
		r := send(t, s, http.MethodPost, segmentsURL, seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":`+n+`}`), nil)
		if r.status != 400 {
			t.Fatalf("%s: %d %s", n, r.status, r.body)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %s", d)
	}
	// Exponents within range still validate as numbers do; a string that looks like one is a string.
	if r := send(t, s, http.MethodPost, segmentsURL, seg(`"failureInfo":{"stage":"midcall","reason":"1e9999999"},"media":[{"streams":[{"averagePacketLossRate":1.5e-2}]}]`), nil); r.status != 201 {
		t.Fatalf("in-range exponent or an exponent in a string: %d %s", r.status, r.body)
	}
}
