package conformance

import (
	"net/http"
	"strings"
	"testing"

	core "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/communications"
	"github.com/microsoftgraph/msgraph-sdk-go/models/callrecords"
)

// checkPages checks the attempts of a paged walk: the first asks for the page size with Prefer
// and gets it applied; every later one follows an @odata.nextLink (a $skiptoken, no Prefer: the
// page iterator does not resend it) and still gets pages of that size.
func checkPages(t *testing.T, ex []exchange, wantRequests int) {
	t.Helper()
	if len(ex) != wantRequests {
		t.Fatalf("requests = %d, want %d", len(ex), wantRequests)
	}
	for i, e := range ex {
		if e.status != http.StatusOK {
			t.Errorf("page %d: %s -> %d", i, e.url, e.status)
		}
		if i == 0 {
			if got := e.respHeader.Get("Preference-Applied"); got != "odata.maxpagesize=10" {
				t.Errorf("page 0: Preference-Applied = %q", got)
			}
			continue
		}
		if !strings.Contains(e.url, "skiptoken=") || e.header.Get("Prefer") != "" {
			t.Errorf("page %d: %s (Prefer %q), want a nextLink without Prefer", i, e.url, e.header.Get("Prefer"))
		}
	}
}

// TestPageIteratorSessions walks the 64 sessions of the big meeting with Prefer:
// odata.maxpagesize=10 and the SDK's PageIterator: 7 pages, every session exactly once.
func TestPageIteratorSessions(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	first, err := g.records.ByCallRecordId(bigID).Sessions().Get(ctx(t), &communications.CallRecordsItemSessionsRequestBuilderGetRequestConfiguration{
		Headers: headers("Prefer", "odata.maxpagesize=10"),
	})
	if err != nil {
		t.Fatalf("first page: %v", err)
	}
	if n := len(first.GetValue()); n != 10 || first.GetOdataNextLink() == nil {
		t.Fatalf("first page: %d sessions, nextLink %s", n, str(first.GetOdataNextLink()))
	}
	it, err := core.NewPageIterator[callrecords.Sessionable](first, g.adapter, callrecords.CreateSessionCollectionResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	var order []string
	err = it.Iterate(ctx(t), func(s callrecords.Sessionable) bool {
		strictDeep(t, "session "+str(s.GetId()), s)
		seen[str(s.GetId())]++
		order = append(order, str(s.GetId()))
		return true
	})
	if err != nil {
		t.Fatalf("Iterate: %v", err)
	}
	if len(order) != 64 || len(seen) != 64 {
		t.Fatalf("iterated %d sessions, %d distinct, want 64 each", len(order), len(seen))
	}
	checkPages(t, g.rec.exchanges(), 7)

	// The SDK's $count request builder agrees.
	n, err := g.records.ByCallRecordId(bigID).Sessions().Count().Get(ctx(t), nil)
	if err != nil || n == nil || *n != 64 {
		t.Errorf("sessions/$count = %v, %v, want 64", n, err)
	}
}

// TestPageIteratorSegments walks the 72 segments of the long agent session with Prefer:
// odata.maxpagesize=10 and $count=true: 8 pages, every segment exactly once, in start order.
func TestPageIteratorSegments(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	count := true
	first, err := g.records.ByCallRecordId(pstnID).Sessions().BySessionId(longID).Segments().Get(ctx(t), &communications.CallRecordsItemSessionsItemSegmentsRequestBuilderGetRequestConfiguration{
		Headers:         headers("Prefer", "odata.maxpagesize=10"),
		QueryParameters: &communications.CallRecordsItemSessionsItemSegmentsRequestBuilderGetQueryParameters{Count: &count},
	})
	if err != nil {
		t.Fatalf("first page: %v", err)
	}
	if c := first.GetOdataCount(); c == nil || *c != 72 {
		t.Errorf("@odata.count = %v, want 72", c)
	}
	it, err := core.NewPageIterator[callrecords.Segmentable](first, g.adapter, callrecords.CreateSegmentCollectionResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var n int
	var last callrecords.Segmentable
	err = it.Iterate(ctx(t), func(s callrecords.Segmentable) bool {
		strictDeep(t, "segment "+str(s.GetId()), s)
		n++
		if seen[str(s.GetId())] {
			t.Errorf("segment %s seen twice", str(s.GetId()))
		}
		seen[str(s.GetId())] = true
		if last != nil && s.GetStartDateTime().Before(*last.GetStartDateTime()) {
			t.Errorf("segment %s starts before the previous one", str(s.GetId()))
		}
		last = s
		return true
	})
	if err != nil {
		t.Fatalf("Iterate: %v", err)
	}
	if n != 72 {
		t.Fatalf("iterated %d segments, want 72", n)
	}
	checkPages(t, g.rec.exchanges(), 8)
}

// TestPageIteratorPause stops the iterator mid-page and resumes it: no item is lost or repeated
// across the pause and the following page boundary.
func TestPageIteratorPause(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	first, err := g.records.ByCallRecordId(bigID).Sessions().Get(ctx(t), &communications.CallRecordsItemSessionsRequestBuilderGetRequestConfiguration{
		Headers: headers("Prefer", "odata.maxpagesize=25"),
	})
	if err != nil {
		t.Fatal(err)
	}
	it, err := core.NewPageIterator[callrecords.Sessionable](first, g.adapter, callrecords.CreateSessionCollectionResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for round := 0; round < 10; round++ {
		taken := 0
		err := it.Iterate(ctx(t), func(s callrecords.Sessionable) bool {
			if seen[str(s.GetId())] {
				t.Errorf("session %s repeated", str(s.GetId()))
			}
			seen[str(s.GetId())] = true
			taken++
			return taken < 20 // pause after 20 items
		})
		if err != nil {
			t.Fatal(err)
		}
		if taken < 20 {
			break
		}
	}
	if len(seen) != 64 {
		t.Errorf("saw %d sessions, want 64", len(seen))
	}
}
