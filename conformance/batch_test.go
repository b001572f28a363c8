package conformance

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	core "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/communications"
	"github.com/microsoftgraph/msgraph-sdk-go/models/callrecords"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"

	"github.com/graphmock/graphmock/mockserver"
)

// JSON batching through the Graph SDK for Go's core: BatchRequest and BatchRequestCollection
// build the batch from the same request builders as single calls, send it gzipped, and read
// each answer back as the typed model (GetBatchResponseById) or as Graph's error.

// registerBatchErrors makes GetBatchResponseById return a failed item as *odataerrors.ODataError,
// as a direct call does (msgraph-sdk-go-core keeps the mapping in a process-wide registry).
var registerBatchErrors = sync.OnceValue(func() error {
	return core.RegisterError(core.BatchRequestErrorRegistryKey, abstractions.ErrorMappings{
		"4XX": odataerrors.CreateODataErrorFromDiscriminatorValue,
		"5XX": odataerrors.CreateODataErrorFromDiscriminatorValue,
	})
})

// step adds a request to a batch or fails the test.
func step(t *testing.T, add func(abstractions.RequestInformation) (core.BatchItem, error), info *abstractions.RequestInformation, err error) core.BatchItem {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	item, err := add(*info)
	if err != nil {
		t.Fatal(err)
	}
	return item
}

// TestBatchRequestTyped sends one batch of a call record and, depending on it, a list of its
// sessions, a segment, and a request the X-Graphmock-Fault header fails, then a serial batch
// that creates a segment, reads it back, fails, and so never runs its last step; every answer
// comes back typed.
func TestBatchRequestTyped(t *testing.T) {
	t.Parallel()
	if err := registerBatchErrors(); err != nil {
		t.Fatal(err)
	}
	g := newGraph(t, "v1.0")
	c := ctx(t)
	meet := g.records.ByCallRecordId(meetID)
	segments := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments()

	batch := core.NewBatchRequest(g.adapter)
	info, err := meet.ToGetRequestInformation(c, nil)
	record := step(t, batch.AddBatchRequestStep, info, err)
	info, err = meet.Sessions().ToGetRequestInformation(c, &communications.CallRecordsItemSessionsRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsItemSessionsRequestBuilderGetQueryParameters{Select: []string{"id", "modalities"}}})
	sessions := step(t, batch.AddBatchRequestStep, info, err)
	info, err = segments.BySegmentId(p2pID).ToGetRequestInformation(c, nil)
	segment := step(t, batch.AddBatchRequestStep, info, err)
	info, err = segments.ToGetRequestInformation(c, &communications.CallRecordsItemSessionsItemSegmentsRequestBuilderGetRequestConfiguration{
		Headers: headers(mockserver.FaultHeader, "status=503; retry-after=2")})
	faulted := step(t, batch.AddBatchRequestStep, info, err)
	for _, item := range []core.BatchItem{sessions, segment, faulted} {
		item.DependsOnItem(record) // one request and its dependents: a shape Graph runs
	}
	resp, err := batch.Send(c, g.adapter)
	if err != nil {
		t.Fatalf("Send: %v", describe(err))
	}
	codes := resp.GetStatusCodes()
	if codes[*record.GetId()] != 200 || codes[*sessions.GetId()] != 200 || codes[*segment.GetId()] != 200 || codes[*faulted.GetId()] != 503 {
		t.Fatalf("statuses %v", codes)
	}
	if failed := resp.GetFailedResponses(); len(failed) != 1 || failed[*faulted.GetId()] != 503 {
		t.Errorf("failed responses %v", failed)
	}

	rec, err := core.GetBatchResponseById[callrecords.CallRecordable](resp, *record.GetId(), callrecords.CreateCallRecordFromDiscriminatorValue)
	if err != nil || str(rec.GetId()) != meetID || rec.GetTypeEscaped() == nil || *rec.GetTypeEscaped() != callrecords.GROUPCALL_CALLTYPE {
		t.Errorf("call record: %v %+v", err, rec)
	}
	page, err := core.GetBatchResponseById[callrecords.SessionCollectionResponseable](resp, *sessions.GetId(), callrecords.CreateSessionCollectionResponseFromDiscriminatorValue)
	if err != nil || len(page.GetValue()) == 0 || page.GetValue()[0].GetModalities() == nil {
		t.Errorf("sessions: %v", err)
	}
	seg, err := core.GetBatchResponseById[callrecords.Segmentable](resp, *segment.GetId(), callrecords.CreateSegmentFromDiscriminatorValue)
	if err != nil || str(seg.GetId()) != p2pID || seg.GetStartDateTime() == nil || len(seg.GetMedia()) == 0 {
		t.Errorf("segment: %v", err)
	}
	_, err = core.GetBatchResponseById[callrecords.SegmentCollectionResponseable](resp, *faulted.GetId(), callrecords.CreateSegmentCollectionResponseFromDiscriminatorValue)
	var oe *odataerrors.ODataError
	if !errors.As(err, &oe) || oe.GetErrorEscaped() == nil || str(oe.GetErrorEscaped().GetCode()) != "serviceNotAvailable" {
		t.Errorf("the faulted request: %v, want Graph's 503 as an ODataError", describe(err))
	}
	if h := resp.GetResponseById(*faulted.GetId()).GetHeaders(); h["Retry-After"] != "2" {
		t.Errorf("the faulted request's headers %v lack its own Retry-After", h)
	}

	// Serial: create, read back, fail on purpose; the last step depends on the failed one.
	const id = "5b8e2d4f-1a3c-4e6b-9d7f-0c2e4a6b8d1f"
	start := time.Date(2026, 11, 20, 9, 22, 0, 0, time.UTC)
	serial := core.NewBatchRequest(g.adapter)
	info, err = segments.ToPostRequestInformation(c, newSegmentBody(id, start, start.Add(time.Minute)), nil)
	create := step(t, serial.AddBatchRequestStep, info, err)
	info, err = segments.BySegmentId(id).ToGetRequestInformation(c, nil)
	read := step(t, serial.AddBatchRequestStep, info, err)
	info, err = segments.BySegmentId("nope").ToGetRequestInformation(c, nil)
	missing := step(t, serial.AddBatchRequestStep, info, err)
	info, err = segments.BySegmentId(id).ToDeleteRequestInformation(c, nil)
	never := step(t, serial.AddBatchRequestStep, info, err)
	read.DependsOnItem(create)
	missing.DependsOnItem(read)
	never.DependsOnItem(missing) // the SDK lists the whole chain: dependsOn [create, read, missing]
	resp, err = serial.Send(c, g.adapter)
	if err != nil {
		t.Fatalf("Send: %v", describe(err))
	}
	want := map[string]int32{*create.GetId(): 201, *read.GetId(): 200, *missing.GetId(): 404, *never.GetId(): 424}
	if got := resp.GetStatusCodes(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	back, err := core.GetBatchResponseById[callrecords.Segmentable](resp, *read.GetId(), callrecords.CreateSegmentFromDiscriminatorValue)
	if err != nil || str(back.GetId()) != id || back.GetCaller() == nil {
		t.Errorf("the created segment read back: %v", err)
	}
	if _, err := segments.BySegmentId(id).Get(c, nil); err != nil {
		t.Errorf("the segment the batch created, read directly: %v (the delete after the failure must not have run)", describe(err))
	}

	// Each batch went out once, gzipped, as POST /v1.0/$batch.
	ex := g.rec.exchanges()
	if len(ex) != 3 { // two batches and the direct read
		t.Fatalf("%d exchanges, want 3", len(ex))
	}
	for _, e := range ex[:2] {
		if e.method != http.MethodPost || !strings.HasSuffix(e.url, "/v1.0/$batch") || e.header.Get("Content-Encoding") != "gzip" || e.status != 200 {
			t.Errorf("batch exchange: %s %s %v -> %d", e.method, e.url, e.header, e.status)
		}
	}
	if n := len(g.srv.Requests(mockserver.RequestFilter{Route: "batch"})); n != 2 {
		t.Errorf("the journal holds %d batches", n)
	}
}

// TestBatchRequestCollection sends 45 reads through BatchRequestCollection, which splits them
// into batches of 19 sent one after another; a rate limit counts each request inside them.
func TestBatchRequestCollection(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	if _, err := g.srv.InjectFault(mockserver.Fault{Route: "getSession", RateLimit: &mockserver.RateLimit{Limit: 40, Window: time.Minute}}); err != nil {
		t.Fatal(err)
	}
	c := ctx(t)
	collection := core.NewBatchRequestCollection(g.adapter)
	sessions := g.records.ByCallRecordId(bigID).Sessions()
	first, err := sessions.Get(c, &communications.CallRecordsItemSessionsRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsItemSessionsRequestBuilderGetQueryParameters{Select: []string{"id"}}})
	if err != nil {
		t.Fatal(describe(err))
	}
	var items []core.BatchItem
	var ids []string
	for _, s := range first.GetValue()[:45] {
		info, err := sessions.BySessionId(str(s.GetId())).ToGetRequestInformation(c, nil)
		items = append(items, step(t, collection.AddBatchRequestStep, info, err))
		ids = append(ids, str(s.GetId()))
	}
	resp, err := collection.Send(c, g.adapter)
	if err != nil {
		t.Fatalf("Send: %v", describe(err))
	}
	throttled := 0
	for i, item := range items {
		switch status := resp.GetStatusCodes()[*item.GetId()]; status {
		case 200:
			s, err := core.GetBatchResponseById[callrecords.Sessionable](resp, *item.GetId(), callrecords.CreateSessionFromDiscriminatorValue)
			if err != nil || str(s.GetId()) != ids[i] {
				t.Errorf("item %d: %v, session %s, want %s", i, err, str(s.GetId()), ids[i])
			}
		case 429:
			throttled++
			if resp.GetResponseById(*item.GetId()).GetHeaders()["Retry-After"] == "" {
				t.Errorf("item %d: 429 without its own Retry-After", i)
			}
		default:
			t.Errorf("item %d: status %d", i, status)
		}
	}
	if throttled != 5 {
		t.Errorf("%d of 45 throttled, want the 5 past the limit of 40", throttled)
	}
	batches := 0
	for _, e := range g.rec.exchanges() {
		if strings.HasSuffix(e.url, "/$batch") {
			batches++
		}
	}
	if batches != 3 {
		t.Errorf("%d batches sent, want 3 (19 + 19 + 7)", batches)
	}
	if n := len(g.srv.Requests(mockserver.RequestFilter{Route: "getSession"})); n != 45 {
		t.Errorf("the journal holds %d reads of a session, want 45, one per request inside the batches", n)
	}
}
