package conformance

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/communications"
	"github.com/microsoftgraph/msgraph-sdk-go/models/callrecords"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// newSegmentBody builds a segment the way a user of the SDK would: typed setters all the way
// down to a media stream, and derived endpoint and user agent types.
func newSegmentBody(id string, start, end time.Time) *callrecords.Segment {
	seg := callrecords.NewSegment()
	seg.SetId(&id)
	seg.SetStartDateTime(&start)
	seg.SetEndDateTime(&end)

	caller := callrecords.NewParticipantEndpoint()
	name := "conformance-laptop"
	caller.SetName(&name)
	ua := callrecords.NewClientUserAgent()
	platform, family, header := callrecords.WEB_CLIENTPLATFORM, callrecords.TEAMS_PRODUCTFAMILY, "graphmock-conformance/1.0"
	ua.SetPlatform(&platform)
	ua.SetProductFamily(&family)
	ua.SetHeaderValue(&header)
	caller.SetUserAgent(ua)
	seg.SetCaller(caller)

	callee := callrecords.NewServiceEndpoint()
	sua := callrecords.NewServiceUserAgent()
	role := callrecords.MEDIACONTROLLER_SERVICEROLE
	sua.SetRole(&role)
	callee.SetUserAgent(sua)
	seg.SetCallee(callee)

	stream := callrecords.NewMediaStream()
	dir, codec := callrecords.CALLERTOCALLEE_MEDIASTREAMDIRECTION, callrecords.OPUS_AUDIOCODEC
	stream.SetStreamDirection(&dir)
	stream.SetAudioCodec(&codec)
	// Whole minutes: kiota's ISODuration writes PT0.016S as "P" (it drops milliseconds), which
	// the mock rightly rejects as not an Edm.Duration, and reads "PT2S" as zero (its seconds
	// pattern wants a fraction). Minutes survive the round trip.
	stream.SetMaxRoundTripTime(serialization.NewDuration(0, 0, 0, 0, 2, 0, 0))
	loss := float32(0.0125)
	stream.SetAveragePacketLossRate(&loss)
	util := int64(4294967295)
	stream.SetPacketUtilization(&util)
	media := callrecords.NewMedia()
	label := "main-audio"
	media.SetLabel(&label)
	media.SetStreams([]callrecords.MediaStreamable{stream})
	seg.SetMedia([]callrecords.Mediaable{media})
	return seg
}

// TestSegmentCreateUpdateDelete writes a segment through the SDK (POST with the body gzipped by
// the compression middleware, PATCH, DELETE) and reads every result back through the SDK.
func TestSegmentCreateUpdateDelete(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	segments := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments()
	const id = "9d3c1e5a-7b2f-4c8d-a6e0-3f1b5d7c9e24"
	start := time.Date(2026, 11, 20, 9, 20, 0, 0, time.UTC)
	end := start.Add(time.Minute)

	// Create.
	created, err := segments.Post(ctx(t), newSegmentBody(id, start, end), nil)
	if err != nil {
		t.Fatalf("Post: %v", describe(err))
	}
	ex := g.rec.exchanges()
	if len(ex) != 1 {
		t.Fatalf("POST took %d attempts, want 1 (a 415 would make the SDK resend uncompressed)", len(ex))
	}
	post := ex[0]
	if post.method != http.MethodPost || post.status != http.StatusCreated {
		t.Fatalf("%s -> %d, want POST -> 201", post.method, post.status)
	}
	if post.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Content-Encoding = %q: the SDK's compression handler did not gzip the body", post.header.Get("Content-Encoding"))
	}
	var sent map[string]any
	if err := json.Unmarshal(gunzip(t, post.body), &sent); err != nil {
		t.Fatalf("sent body: %v", err)
	}
	if sent["id"] != id || !strings.Contains(string(gunzip(t, post.body)), `"maxRoundTripTime":"PT2M"`) {
		t.Errorf("sent body = %s", gunzip(t, post.body))
	}
	if loc := post.respHeader.Get("Location"); !strings.HasSuffix(loc, "/v1.0/communications/callRecords/"+p2pID+"/sessions/"+p2pID+"/segments/"+id) {
		t.Errorf("Location = %q", loc)
	}
	strict(t, "created segment", created)
	if str(created.GetId()) != id || !created.GetStartDateTime().Equal(start) {
		t.Errorf("created = %s from %v", str(created.GetId()), created.GetStartDateTime())
	}

	// Read it back, typed.
	got, err := segments.BySegmentId(id).Get(ctx(t), nil)
	if err != nil {
		t.Fatalf("Get created: %v", describe(err))
	}
	strict(t, "segment", got)
	if c, ok := got.GetCaller().(*callrecords.ParticipantEndpoint); !ok || str(c.GetName()) != "conformance-laptop" {
		t.Errorf("caller = %T", got.GetCaller())
	} else if ua, ok := c.GetUserAgent().(*callrecords.ClientUserAgent); !ok || *ua.GetPlatform() != callrecords.WEB_CLIENTPLATFORM {
		t.Errorf("caller userAgent = %T", c.GetUserAgent())
	}
	if c, ok := got.GetCallee().(*callrecords.ServiceEndpoint); !ok {
		t.Errorf("callee = %T, want *callrecords.ServiceEndpoint", got.GetCallee())
	} else if ua, ok := c.GetUserAgent().(*callrecords.ServiceUserAgent); !ok || *ua.GetRole() != callrecords.MEDIACONTROLLER_SERVICEROLE {
		t.Errorf("callee userAgent = %T", c.GetUserAgent())
	}
	st := got.GetMedia()[0].GetStreams()[0]
	if st.GetMaxRoundTripTime() == nil || st.GetMaxRoundTripTime().String() != "PT2M" ||
		*st.GetAveragePacketLossRate() != 0.0125 || *st.GetPacketUtilization() != 4294967295 || *st.GetAudioCodec() != callrecords.OPUS_AUDIOCODEC {
		t.Errorf("stream read back = maxRoundTripTime %v, loss %v, utilization %v, codec %v",
			st.GetMaxRoundTripTime(), *st.GetAveragePacketLossRate(), *st.GetPacketUtilization(), *st.GetAudioCodec())
	}

	// Update: failureInfo is set, everything else stays.
	patch := callrecords.NewSegment()
	fi := callrecords.NewFailureInfo()
	stage, reason := callrecords.MIDCALL_FAILURESTAGE, "Network dropped"
	fi.SetStage(&stage)
	fi.SetReason(&reason)
	patch.SetFailureInfo(fi)
	updated, err := segments.BySegmentId(id).Patch(ctx(t), patch, nil)
	if err != nil {
		t.Fatalf("Patch: %v", describe(err))
	}
	if updated == nil || updated.GetFailureInfo() == nil || *updated.GetFailureInfo().GetStage() != callrecords.MIDCALL_FAILURESTAGE {
		t.Fatalf("Patch result has no failureInfo")
	}
	got, err = segments.BySegmentId(id).Get(ctx(t), nil)
	if err != nil {
		t.Fatalf("Get patched: %v", describe(err))
	}
	if got.GetFailureInfo() == nil || str(got.GetFailureInfo().GetReason()) != reason || len(got.GetMedia()) != 1 {
		t.Errorf("patched segment: failureInfo %v, media %d (PATCH must keep absent members)", got.GetFailureInfo(), len(got.GetMedia()))
	}
	if last := g.rec.exchanges(); last[len(last)-2].header.Get("Content-Encoding") != "gzip" || last[len(last)-2].status != http.StatusOK {
		t.Errorf("PATCH: Content-Encoding %q, status %d", last[len(last)-2].header.Get("Content-Encoding"), last[len(last)-2].status)
	}

	// The list shows it.
	count, err := segments.Count().Get(ctx(t), nil)
	if err != nil || count == nil || *count != 2 {
		t.Errorf("segments/$count after create = %v, %v, want 2", count, err)
	}

	// Delete, then the segment is gone.
	if err := segments.BySegmentId(id).Delete(ctx(t), nil); err != nil {
		t.Fatalf("Delete: %v", describe(err))
	}
	_, err = segments.BySegmentId(id).Get(ctx(t), nil)
	var oe *odataerrors.ODataError
	if !errors.As(err, &oe) || oe.ResponseStatusCode != http.StatusNotFound {
		t.Fatalf("Get deleted: %v, want a 404 ODataError", err)
	}
}

// TestSegmentCreateRejected posts a segment outside its session: the SDK surfaces the mock's
// 400 as an ODataError whose details point at the offending member, and nothing is stored.
func TestSegmentCreateRejected(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	segments := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments()
	start := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) // before the session starts
	_, err := segments.Post(ctx(t), newSegmentBody("rejected", start, start.Add(time.Minute)), nil)
	var oe *odataerrors.ODataError
	if !errors.As(err, &oe) {
		t.Fatalf("Post: %v, want an ODataError", err)
	}
	main := oe.GetErrorEscaped()
	if oe.ResponseStatusCode != http.StatusBadRequest || main == nil || str(main.GetCode()) != "BadRequest" || str(main.GetTarget()) != "/startDateTime" {
		t.Fatalf("error = %d %s target %s: %s", oe.ResponseStatusCode, str(main.GetCode()), str(main.GetTarget()), str(main.GetMessage()))
	}
	if d := main.GetDetails(); len(d) == 0 || str(d[0].GetTarget()) != "/startDateTime" {
		t.Errorf("details = %v", d)
	}
	if _, err := segments.BySegmentId("rejected").Get(ctx(t), nil); err == nil {
		t.Error("a rejected POST stored the segment")
	}
}

// describe adds the Graph error's code and message to an SDK error.
func describe(err error) string {
	var oe *odataerrors.ODataError
	if errors.As(err, &oe) && oe.GetErrorEscaped() != nil {
		return err.Error() + ": " + str(oe.GetErrorEscaped().GetCode()) + ": " + str(oe.GetErrorEscaped().GetMessage())
	}
	return err.Error()
}

// TestPatchReturnMinimal patches with Prefer: return=minimal: 204, which the SDK returns as no
// body and no error.
func TestPatchReturnMinimal(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	target := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments().BySegmentId(p2pID)
	patch := callrecords.NewSegment()
	fi := callrecords.NewFailureInfo()
	stage := callrecords.MIDCALL_FAILURESTAGE
	fi.SetStage(&stage)
	patch.SetFailureInfo(fi)
	got, err := target.Patch(ctx(t), patch, &communications.CallRecordsItemSessionsItemSegmentsSegmentItemRequestBuilderPatchRequestConfiguration{
		Headers: headers("Prefer", "return=minimal"),
	})
	if err != nil {
		t.Fatalf("Patch: %v", describe(err))
	}
	ex := g.rec.exchanges()
	if got != nil || ex[len(ex)-1].status != http.StatusNoContent {
		t.Errorf("Patch = %v, status %d; want nil, 204", got, ex[len(ex)-1].status)
	}
	after, err := target.Get(ctx(t), nil)
	if err != nil || after.GetFailureInfo() == nil || *after.GetFailureInfo().GetStage() != stage {
		t.Errorf("after minimal PATCH: %v", err)
	}
	// Unknown $select members are Graph 400s that the SDK maps to ODataError.
	_, err = target.Get(ctx(t), &segmentGetConfig{
		QueryParameters: &communications.CallRecordsItemSessionsItemSegmentsSegmentItemRequestBuilderGetQueryParameters{Select: []string{"nope"}},
	})
	if err == nil || !strings.Contains(describe(err), "BadRequest") {
		t.Errorf("$select=nope: %v, want a BadRequest ODataError", err)
	}
}
