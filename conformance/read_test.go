package conformance

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoft/kiota-abstractions-go/store"
	"github.com/microsoftgraph/msgraph-sdk-go/communications"
	"github.com/microsoftgraph/msgraph-sdk-go/models/callrecords"

	"github.com/graphmock/graphmock/mockserver"
)

// strict fails when the SDK put a member of a typed object into AdditionalData: a member whose
// name the SDK's model does not know, so the mock sent the wrong shape. OData annotations
// (names with '@') are allowed: the SDK models none of them.
func strict(t *testing.T, where string, m serialization.AdditionalDataHolder) {
	t.Helper()
	if m == nil {
		t.Errorf("%s: missing", where)
		return
	}
	for k := range m.GetAdditionalData() {
		if !strings.Contains(k, "@") {
			t.Errorf("%s: member %q is not in the SDK's model", where, k)
		}
	}
}

// openTypes are the Graph types that accept members beyond their declared ones (identities carry
// tenantId, userPrincipalName, …); strictDeep does not hold them to the SDK's model.
var openTypes = map[string]bool{
	"*models.Identity": true, "*models.CommunicationsUserIdentity": true, "*models.IdentitySet": true,
	"*models.CommunicationsIdentitySet": true, "*models.CommunicationsApplicationIdentity": true,
	"*models.CommunicationsGuestIdentity": true, "*models.CommunicationsEncryptedIdentity": true,
	"*models.CommunicationsPhoneIdentity": true, "*models.AzureCommunicationServicesUserIdentity": true,
	"*callrecords.FeedbackTokenSet": true,
}

// strictDeep is strict for a model and every model reachable from it, through the SDK's backing
// store: any member the mock sent that the SDK's types do not declare fails the test.
func strictDeep(t *testing.T, where string, v any) {
	t.Helper()
	switch m := v.(type) {
	case nil:
		return
	case store.BackedModel:
		if h, ok := v.(serialization.AdditionalDataHolder); ok && !openTypes[fmt.Sprintf("%T", v)] {
			strict(t, fmt.Sprintf("%s (%T)", where, v), h)
		}
		for k, child := range m.GetBackingStore().Enumerate() {
			if k != "additionalData" {
				strictDeep(t, where+"/"+k, child)
			}
		}
	default:
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Slice {
			for i := 0; i < rv.Len(); i++ {
				strictDeep(t, fmt.Sprintf("%s/%d", where, i), rv.Index(i).Interface())
			}
		}
	}
}

// annotation returns a string annotation (such as @odata.context) that the SDK kept in
// AdditionalData, or "".
func annotation(m serialization.AdditionalDataHolder, name string) string {
	switch v := m.GetAdditionalData()[name].(type) {
	case *string:
		return str(v)
	case string:
		return v
	}
	return ""
}

// TestGetCallRecordExpandedToStreams reads a whole call through the SDK's request builders:
// GET /callRecords/{id}?$expand=sessions($expand=segments), with every level typed down to the
// media streams, the derived endpoint and user agent types chosen by @odata.type, and no member
// the SDK's models do not know.
func TestGetCallRecordExpandedToStreams(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	rec, err := g.records.ByCallRecordId(p2pID).Get(ctx(t), &communications.CallRecordsCallRecordItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsCallRecordItemRequestBuilderGetQueryParameters{
			Expand: []string{"sessions($expand=segments)"},
		},
	})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	// The SDK sends the expand percent-encoded; the mock must have read it as an expand.
	ex := g.rec.exchanges()
	// The SDK percent-encodes the option's value (its parameter-name decoding handler turns
	// %24expand back into $expand); the mock must read it as the nested expand.
	if len(ex) != 1 || !strings.Contains(ex[0].url, "expand=sessions%28$expand%3Dsegments%29") {
		t.Errorf("request URL = %v, want the SDK's encoded $expand", ex)
	}
	if got := ex[0].header.Get("Authorization"); got != "Bearer graphmock-test-token" {
		t.Errorf("Authorization = %q, want the static bearer token", got)
	}

	strictDeep(t, "callRecord", rec)
	if str(rec.GetId()) != p2pID || rec.GetVersion() == nil || *rec.GetVersion() != 1 {
		t.Errorf("id, version = %s, %v", str(rec.GetId()), rec.GetVersion())
	}
	if rec.GetTypeEscaped() == nil || *rec.GetTypeEscaped() != callrecords.PEERTOPEER_CALLTYPE {
		t.Errorf("type = %v, want peerToPeer", rec.GetTypeEscaped())
	}
	if m := rec.GetModalities(); len(m) != 1 || m[0] != callrecords.AUDIO_MODALITY {
		t.Errorf("modalities = %v, want [audio]", m)
	}
	wantStart := time.Date(2026, 11, 20, 9, 14, 3, 216988900, time.UTC)
	if s := rec.GetStartDateTime(); s == nil || !s.Equal(wantStart) {
		t.Errorf("startDateTime = %v, want %v (all seven fractional digits)", s, wantStart)
	}
	if rec.GetJoinWebUrl() != nil {
		t.Errorf("joinWebUrl = %q, want null", *rec.GetJoinWebUrl())
	}
	org := rec.GetOrganizerV2()
	strict(t, "organizer_v2", org)
	if org == nil || str(org.GetId()) != aliceID || org.GetIdentity() == nil || org.GetIdentity().GetUser() == nil ||
		str(org.GetIdentity().GetUser().GetDisplayName()) != "Alice Moreau" {
		t.Fatalf("organizer_v2 not typed down to its user")
	}

	sessions := rec.GetSessions()
	if len(sessions) != 1 {
		t.Fatalf("sessions = %d, want 1", len(sessions))
	}
	ses := sessions[0]
	strict(t, "session", ses)
	if str(ses.GetId()) != p2pID || ses.GetIsTest() == nil || *ses.GetIsTest() {
		t.Errorf("session id, isTest = %s, %v", str(ses.GetId()), ses.GetIsTest())
	}
	if ses.GetFailureInfo() != nil {
		t.Errorf("session failureInfo = %v, want null", ses.GetFailureInfo())
	}
	caller, ok := ses.GetCaller().(*callrecords.ParticipantEndpoint)
	if !ok {
		t.Fatalf("session caller is %T, want *callrecords.ParticipantEndpoint", ses.GetCaller())
	}
	strict(t, "caller", caller)
	if str(caller.GetName()) != "CONTOSO-LT-0412" || caller.GetCpuCoresCount() == nil || *caller.GetCpuCoresCount() != 10 {
		t.Errorf("caller name, cpuCoresCount = %s, %v", str(caller.GetName()), caller.GetCpuCoresCount())
	}
	ua, ok := caller.GetUserAgent().(*callrecords.ClientUserAgent)
	if !ok {
		t.Fatalf("caller userAgent is %T, want *callrecords.ClientUserAgent", caller.GetUserAgent())
	}
	strict(t, "caller userAgent", ua)
	if ua.GetPlatform() == nil || *ua.GetPlatform() != callrecords.WINDOWS_CLIENTPLATFORM ||
		ua.GetProductFamily() == nil || *ua.GetProductFamily() != callrecords.TEAMS_PRODUCTFAMILY ||
		!strings.HasPrefix(str(ua.GetHeaderValue()), "Microsoft Teams/") {
		t.Errorf("caller userAgent platform, productFamily, headerValue = %v, %v, %s", ua.GetPlatform(), ua.GetProductFamily(), str(ua.GetHeaderValue()))
	}
	if fb := caller.GetFeedback(); fb == nil || fb.GetRating() == nil || *fb.GetRating() != callrecords.GOOD_USERFEEDBACKRATING {
		t.Errorf("caller feedback not typed: %v", fb)
	}
	if _, ok := ses.GetCallee().(*callrecords.ParticipantEndpoint); !ok {
		t.Errorf("session callee is %T, want *callrecords.ParticipantEndpoint", ses.GetCallee())
	}

	segs := ses.GetSegments()
	if len(segs) != 1 {
		t.Fatalf("segments = %d, want 1", len(segs))
	}
	seg := segs[0]
	strict(t, "segment", seg)
	media := seg.GetMedia()
	if len(media) != 1 || str(media[0].GetLabel()) != "main-audio" {
		t.Fatalf("media = %d items, want main-audio", len(media))
	}
	strict(t, "media", media[0])
	strict(t, "callerDevice", media[0].GetCallerDevice())
	strict(t, "calleeNetwork", media[0].GetCalleeNetwork())
	if n := media[0].GetCalleeNetwork(); n.GetWifiBand() == nil || *n.GetWifiBand() != callrecords.FREQUENCY50GHZ_WIFIBAND || len(n.GetTraceRouteHops()) != 5 {
		t.Errorf("calleeNetwork wifiBand, hops = %v, %d", n.GetWifiBand(), len(n.GetTraceRouteHops()))
	}
	streams := media[0].GetStreams()
	if len(streams) != 2 {
		t.Fatalf("streams = %d, want 2", len(streams))
	}
	st := streams[1]
	strict(t, "stream", st)
	if str(st.GetStreamId()) != "1785122252" || st.GetStreamDirection() == nil || *st.GetStreamDirection() != callrecords.CALLEETOCALLER_MEDIASTREAMDIRECTION {
		t.Errorf("stream id, direction = %s, %v", str(st.GetStreamId()), st.GetStreamDirection())
	}
	if st.GetAudioCodec() == nil || *st.GetAudioCodec() != callrecords.SATIN_AUDIOCODEC || st.GetVideoCodec() != nil {
		t.Errorf("codecs = %v, %v", st.GetAudioCodec(), st.GetVideoCodec())
	}
	// The SDK's ISODuration keeps milliseconds but prints only whole seconds, so compare parts.
	if j := st.GetAverageJitter(); j == nil || j.GetSeconds() != 0 || j.GetMilliSeconds() != 7 {
		t.Errorf("averageJitter = %v, want PT0.007S", j)
	}
	if r := st.GetMaxRoundTripTime(); r == nil || r.GetMilliSeconds() != 106 {
		t.Errorf("maxRoundTripTime = %v, want PT0.106S", r)
	}
	if r := st.GetAveragePacketLossRate(); r == nil || *r != 0.0123 {
		t.Errorf("averagePacketLossRate = %v, want 0.0123", r)
	}
	if p := st.GetPacketUtilization(); p == nil || *p != 53104 {
		t.Errorf("packetUtilization = %v, want 53104", p)
	}
	if b := st.GetAverageBandwidthEstimate(); b == nil || *b != 15644878 {
		t.Errorf("averageBandwidthEstimate = %v", b)
	}
	if f := st.GetIsAudioForwardErrorCorrectionUsed(); f == nil || !*f {
		t.Errorf("isAudioForwardErrorCorrectionUsed = %v, want true", f)
	}
}

// TestServiceEndpointsAndFailureInfo reads the group meeting: the MCU callee and the PSTN
// dial-out's endpoints deserialize as serviceEndpoint with a typed serviceUserAgent role, and the
// failed session's failureInfo is typed.
func TestServiceEndpointsAndFailureInfo(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	rec, err := g.records.ByCallRecordId(meetID).Get(ctx(t), &communications.CallRecordsCallRecordItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsCallRecordItemRequestBuilderGetQueryParameters{Expand: []string{"sessions($expand=segments)"}},
	})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	strictDeep(t, "callRecord", rec)
	var mcu, failed int
	for _, ses := range rec.GetSessions() {
		strict(t, "session "+str(ses.GetId()), ses)
		for _, ep := range []callrecords.Endpointable{ses.GetCaller(), ses.GetCallee()} {
			svc, ok := ep.(*callrecords.ServiceEndpoint)
			if !ok {
				continue
			}
			ua, ok := svc.GetUserAgent().(*callrecords.ServiceUserAgent)
			if !ok {
				t.Fatalf("session %s: serviceEndpoint userAgent is %T, want *callrecords.ServiceUserAgent", str(ses.GetId()), svc.GetUserAgent())
			}
			strict(t, "serviceUserAgent", ua)
			if ua.GetRole() == nil {
				t.Errorf("session %s: serviceUserAgent role missing", str(ses.GetId()))
			} else if *ua.GetRole() == callrecords.SKYPEFORBUSINESSAUDIOVIDEOMCU_SERVICEROLE {
				mcu++
			}
		}
		if fi := ses.GetFailureInfo(); fi != nil {
			failed++
			if fi.GetStage() == nil || *fi.GetStage() != callrecords.CALLSETUP_FAILURESTAGE || !strings.Contains(str(fi.GetReason()), "PSTN") {
				t.Errorf("failureInfo stage, reason = %v, %s", fi.GetStage(), str(fi.GetReason()))
			}
		}
	}
	if mcu == 0 || failed != 1 {
		t.Errorf("MCU service endpoints = %d (want > 0), failed sessions = %d (want 1)", mcu, failed)
	}
}

// TestGetOneSegment gets a single segment through its own request builder.
func TestGetOneSegment(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	seg, err := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments().BySegmentId(p2pID).Get(ctx(t), nil)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	strict(t, "segment", seg)
	if str(seg.GetId()) != p2pID || len(seg.GetMedia()) != 1 || len(seg.GetMedia()[0].GetStreams()) != 2 {
		t.Fatalf("segment = %s with %d media", str(seg.GetId()), len(seg.GetMedia()))
	}
	if _, ok := seg.GetCaller().(*callrecords.ParticipantEndpoint); !ok {
		t.Errorf("caller is %T", seg.GetCaller())
	}
	if want := time.Date(2026, 11, 20, 9, 31, 47, 764001300, time.UTC); !seg.GetEndDateTime().Equal(want) {
		t.Errorf("endDateTime = %v, want %v", seg.GetEndDateTime(), want)
	}
	ex := g.rec.exchanges()
	h := ex[len(ex)-1].respHeader
	if !strings.HasPrefix(h.Get("Content-Type"), "application/json") || h.Get("request-id") == "" || h.Get("client-request-id") != ex[len(ex)-1].header.Get("client-request-id") {
		t.Errorf("response headers: Content-Type %q, request-id %q, client-request-id %q (sent %q)",
			h.Get("Content-Type"), h.Get("request-id"), h.Get("client-request-id"), ex[len(ex)-1].header.Get("client-request-id"))
	}
}

// TestSelectOnSessions lists sessions with $select: the SDK gets exactly the selected members.
func TestSelectOnSessions(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	resp, err := g.records.ByCallRecordId(meetID).Sessions().Get(ctx(t), &communications.CallRecordsItemSessionsRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsItemSessionsRequestBuilderGetQueryParameters{Select: []string{"id", "modalities", "failureInfo"}},
	})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	strict(t, "sessions page", resp)
	if c := annotation(resp, "@odata.context"); !strings.HasSuffix(c, "/sessions(id,modalities,failureInfo)") {
		t.Errorf("@odata.context = %s, want the selected shape", c)
	}
	if len(resp.GetValue()) == 0 {
		t.Fatal("no sessions")
	}
	var failed int
	for _, s := range resp.GetValue() {
		strict(t, "session", s)
		if s.GetId() == nil || len(s.GetModalities()) == 0 {
			t.Errorf("session %s: selected members missing", str(s.GetId()))
		}
		if s.GetStartDateTime() != nil || s.GetCaller() != nil || s.GetCallee() != nil || s.GetSegments() != nil {
			t.Errorf("session %s: unselected members present", str(s.GetId()))
		}
		if s.GetFailureInfo() != nil {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("sessions with failureInfo = %d, want 1", failed)
	}
}

// TestBetaPath points the same v1.0 SDK client at /beta: every read works there too.
func TestBetaPath(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "beta")
	rec, err := g.records.ByCallRecordId(p2pID).Get(ctx(t), &communications.CallRecordsCallRecordItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsCallRecordItemRequestBuilderGetQueryParameters{Expand: []string{"sessions($expand=segments)"}},
	})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if len(rec.GetSessions()) != 1 || len(rec.GetSessions()[0].GetSegments()) != 1 {
		t.Fatalf("beta record not expanded")
	}
	seg, err := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments().BySegmentId(p2pID).Get(ctx(t), nil)
	if err != nil || str(seg.GetId()) != p2pID {
		t.Fatalf("beta segment: %v, %v", seg, err)
	}
	list, err := g.records.Get(ctx(t), nil)
	if err != nil {
		t.Fatalf("beta list: %v", err)
	}
	if n := len(list.GetValue()); n != 5 {
		t.Errorf("beta call records = %d, want 5", n)
	}
	if c := annotation(list, "@odata.context"); !strings.Contains(c, "/beta/$metadata#") {
		t.Errorf("beta @odata.context = %s", c)
	}
	for _, ex := range g.rec.exchanges() {
		if !strings.Contains(ex.url, "/beta/communications/") || ex.status != http.StatusOK {
			t.Errorf("%s %s -> %d", ex.method, ex.url, ex.status)
		}
	}
}

// TestListCallRecordsWithFilter lists call records through the SDK with $filter, $select and
// $count.
func TestListCallRecordsWithFilter(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	count := true
	filter := "participants_v2/any(p:p/id eq '" + aliceID + "')"
	resp, err := g.records.Get(ctx(t), &communications.CallRecordsRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsRequestBuilderGetQueryParameters{
			Filter: &filter, Select: []string{"id", "type", "startDateTime"}, Count: &count,
		},
	})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	var got []string
	for _, r := range resp.GetValue() {
		strict(t, "callRecord", r)
		got = append(got, str(r.GetId()))
	}
	if !slices.Contains(got, p2pID) || !slices.Contains(got, meetID) || slices.Contains(got, pstnID) {
		t.Errorf("filtered ids = %v", got)
	}
	if c := resp.GetOdataCount(); c == nil || int(*c) != len(got) {
		t.Errorf("@odata.count = %v, want %d", c, len(got))
	}
}

// TestOverTLS drives a StartTLS mock: the SDK's pipeline runs on the mock client's transport,
// which trusts the mock's certificate.
func TestOverTLS(t *testing.T) {
	t.Parallel()
	g := newGraphOn(t, mockserver.StartTLS(t), "v1.0")
	seg, err := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments().BySegmentId(p2pID).Get(ctx(t), nil)
	if err != nil || str(seg.GetId()) != p2pID {
		t.Fatalf("Get over TLS: %v", err)
	}
	if ex := g.rec.exchanges(); !strings.HasPrefix(ex[0].url, "https://") {
		t.Errorf("URL = %s, want https", ex[0].url)
	}
}
