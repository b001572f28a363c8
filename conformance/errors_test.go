package conformance

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"

	"github.com/graphmock/graphmock/mockserver"
)

// TestNotFoundIsODataError gets an unknown call record: the SDK's error mapping turns the mock's
// 404 envelope into *odataerrors.ODataError with Graph's code and message, and innerError's
// request-id (equal to the response header) and date (Graph's format, which the SDK parses).
func TestNotFoundIsODataError(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	g := newGraph(t, "v1.0", mockserver.WithClock(func() time.Time { return now }))
	const missing = "00000000-0000-0000-0000-000000000404"
	_, err := g.records.ByCallRecordId(missing).Get(ctx(t), nil)
	if err == nil {
		t.Fatal("Get of an unknown id succeeded")
	}
	var oe *odataerrors.ODataError
	if !errors.As(err, &oe) {
		t.Fatalf("error is %T (%v), want *odataerrors.ODataError", err, err)
	}
	if oe.ResponseStatusCode != http.StatusNotFound {
		t.Errorf("status = %d, want 404", oe.ResponseStatusCode)
	}
	main := oe.GetErrorEscaped()
	if main == nil {
		t.Fatal("ODataError has no error member")
	}
	strict(t, "error", main)
	if str(main.GetCode()) != "NotFound" || str(main.GetMessage()) == "<nil>" || str(main.GetMessage()) == "" {
		t.Errorf("code, message = %s, %s", str(main.GetCode()), str(main.GetMessage()))
	}
	if oe.Error() != str(main.GetMessage()) {
		t.Errorf("err.Error() = %q, want the Graph message %q", oe.Error(), str(main.GetMessage()))
	}
	inner := main.GetInnerError()
	if inner == nil {
		t.Fatal("no innerError")
	}
	strict(t, "innerError", inner)
	rid := str(inner.GetRequestId())
	if len(rid) != 36 {
		t.Errorf("innerError request-id = %q, want a GUID", rid)
	}
	if h := oe.GetResponseHeaders().Get("request-id"); len(h) != 1 || h[0] != rid {
		t.Errorf("request-id header = %v, innerError request-id = %s", h, rid)
	}
	sent := g.rec.exchanges()[0].header.Get("client-request-id")
	if sent == "" || str(inner.GetClientRequestId()) != sent {
		t.Errorf("innerError client-request-id = %s, the SDK sent %q", str(inner.GetClientRequestId()), sent)
	}
	// Graph's date has no zone; the SDK reads it as local time.
	if d := inner.GetDate(); d == nil || d.Format("2006-01-02T15:04:05") != "2026-11-28T12:00:00" {
		t.Errorf("innerError date = %v, want 2026-11-28T12:00:00", d)
	}
}

// TestUnknownSegmentIsODataError: a 404 deep in the tree maps the same way.
func TestUnknownSegmentIsODataError(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	_, err := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments().BySegmentId("nope").Get(ctx(t), nil)
	var oe *odataerrors.ODataError
	if !errors.As(err, &oe) || oe.ResponseStatusCode != http.StatusNotFound || str(oe.GetErrorEscaped().GetCode()) != "NotFound" {
		t.Fatalf("err = %v, want a 404 NotFound ODataError", err)
	}
}
