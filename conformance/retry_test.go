package conformance

import (
	"net/http"
	"testing"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/communications"

	"github.com/graphmock/graphmock/mockserver"
)

type segmentGetConfig = communications.CallRecordsItemSessionsItemSegmentsSegmentItemRequestBuilderGetRequestConfiguration

// checkRetried checks one SDK call that was throttled once, as the SDK's transport saw it and as
// the mock's journal recorded it: a 429 with Retry-After: 1, then the same request again about a
// second later (the retry handler's own default would be 3 s), answered 200.
func checkRetried(t *testing.T, g *graph, elapsed time.Duration) {
	t.Helper()
	ex := g.rec.exchanges()
	if len(ex) != 2 {
		t.Fatalf("attempts = %d, want 2 (throttled + retried)", len(ex))
	}
	if ex[0].status != http.StatusTooManyRequests || ex[0].respHeader.Get("Retry-After") != "1" {
		t.Errorf("first attempt -> %d, Retry-After %q; want 429 with Retry-After: 1", ex[0].status, ex[0].respHeader.Get("Retry-After"))
	}
	if ex[1].status != http.StatusOK || ex[1].url != ex[0].url {
		t.Errorf("retry %s -> %d, want the same URL -> 200", ex[1].url, ex[1].status)
	}
	if ex[1].header.Get("Retry-Attempt") != "1" {
		t.Errorf("retry's Retry-Attempt = %q, want 1 (the SDK's retry handler)", ex[1].header.Get("Retry-Attempt"))
	}
	if ex[1].header.Get("client-request-id") != ex[0].header.Get("client-request-id") {
		t.Errorf("the retry changed client-request-id")
	}
	if gap := ex[1].at.Sub(ex[0].at); gap < 900*time.Millisecond || gap > 2900*time.Millisecond {
		t.Errorf("retry came %v after the 429, want about 1s (Retry-After; without it the SDK waits 3-4s)", gap)
	}
	if elapsed > 10*time.Second {
		t.Errorf("call took %v", elapsed)
	}
	journal := g.srv.Requests(mockserver.RequestFilter{Route: "getSegment"})
	if len(journal) != 2 || journal[0].Status != http.StatusTooManyRequests || journal[0].Fault == "" || journal[1].Status != http.StatusOK {
		t.Errorf("journal = %+v, want the faulted 429 then a 200", journal)
	}
}

// TestRetryAfterInjectedFault injects one 429 with Retry-After: 1s on the segment route through
// the Go API: the SDK's retry middleware waits about that long, retries once, and succeeds.
func TestRetryAfterInjectedFault(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	if _, err := g.srv.InjectFault(mockserver.Fault{Route: "getSegment", Status: 429, RetryAfter: time.Second, Times: 1}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	got, err := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments().BySegmentId(p2pID).Get(ctx(t), nil)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("Get: %v", describe(err))
	}
	if str(got.GetId()) != p2pID {
		t.Errorf("segment = %s", str(got.GetId()))
	}
	checkRetried(t, g, elapsed)
}

// TestRetryAfterHeaderFault throttles one segment read with the per-request fault header: the
// SDK's retry middleware resends the same headers, so the fault (times=1, counted per key) fires
// once and the retry succeeds after the Retry-After delay.
func TestRetryAfterHeaderFault(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	seg := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments().BySegmentId(p2pID)
	start := time.Now()
	got, err := seg.Get(ctx(t), &segmentGetConfig{Headers: headers(mockserver.FaultHeader, "status=429; retry-after=1; times=1; key=conformance-retry")})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("Get: %v", describe(err))
	}
	if str(got.GetId()) != p2pID {
		t.Errorf("segment = %s", str(got.GetId()))
	}
	checkRetried(t, g, elapsed)
}
