package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// Numbers with huge exponents in bodies and scenarios are refused, never a crash.

func TestHugeExponentIsA400NotACrash(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r := send(t, s, http.MethodPost, segmentsURL, seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":1e999999999}`), nil)
	if r.status != 400 || decodeError(t, r).Error.Code != "BadRequest" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if err := mockserver.ValidateScenario("n.yaml", []byte("callRecords:\n  - id: r\n    version: 1e999999999\n")); err == nil {
		t.Fatal("a huge number in a scenario was accepted")
	}
}

func TestHugeExponentsAreRefused(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, n := range []string{"1e9999999", "1E-9999999", "2.5e+12345"} {
		r := send(t, s, http.MethodPost, segmentsURL, seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":`+n+`}`), nil)
		if r.status != 400 {
			t.Fatalf("%s: %d %s", n, r.status, r.body)
		}
	}
	// Exponents within range still validate as numbers do; a string that looks like one is a string.
	if r := send(t, s, http.MethodPost, segmentsURL, seg(`"failureInfo":{"stage":"midcall","reason":"1e9999999"},"media":[{"streams":[{"streamDirection":"callerToCallee","averagePacketLossRate":1.5e-2}]}]`), nil); r.status != 201 {
		t.Fatalf("in-range exponent or an exponent in a string: %d %s", r.status, r.body)
	}
}
