package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// Graph serves its data in one canonical form, whatever form a scenario or a write used:
// DateTimeOffset in UTC with Z, Int32/Int64 as plain integers, Single/Double in shortest
// round-trip form. These tests seed and write the other forms and read them back.

// offsetScenario seeds times with offsets and numbers in exponent and decimal forms.
const offsetScenario = `name: offsets
callRecords:
  - id: r
    version: 1.0
    type: peerToPeer
    modalities: [audio]
    lastModifiedDateTime: "2026-11-20T11:30:00.4170000+01:00"
    startDateTime: "2026-11-20T10:00:00.5+01:00"
    endDateTime: "2026-11-20T09:30:00Z"
    sessions:
      - id: s
        modalities: [audio]
        startDateTime: "2026-11-20T04:00:00.5-05:00"
        endDateTime: "2026-11-20T09:30:00+00:00"
        segments:
          - id: g
            startDateTime: "2026-11-20T10:20:00+01:00"
            endDateTime: "2026-11-20T09:25:00.2169889Z"
            media:
              - streams:
                  - streamDirection: callerToCallee
                    packetUtilization: 1e2
                    averageBandwidthEstimate: 1E+2
                    averagePacketLossRate: 1.50e-2
                    startDateTime: "2026-11-20T10:20:00.123+01:00"
                callerNetwork:
                  connectionType: wired
                  networkTransportProtocol: udp
                  wifiBand: unknown
                  wifiRadioType: unknown
                  traceRouteHops: []
                  port: 1.0
                  relayPort: -0
`

func TestSeededDataIsServedInCanonicalForm(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New(mockserver.WithScenarioBytes("offsets.yaml", []byte(offsetScenario)))
	if err != nil {
		t.Fatal(err)
	}
	r := get(t, s, "/v1.0/communications/callRecords/r?$expand=sessions($expand=segments)", nil)
	body := string(r.body)
	for _, want := range []string{
		`"version":1,`,
		`"lastModifiedDateTime":"2026-11-20T10:30:00.4170000Z"`,
		`"startDateTime":"2026-11-20T09:00:00.5Z","endDateTime":"2026-11-20T09:30:00Z"`,
		`"id":"s","modalities":["audio"],"startDateTime":"2026-11-20T09:00:00.5Z","endDateTime":"2026-11-20T09:30:00Z"`,
		`"id":"g","startDateTime":"2026-11-20T09:20:00Z","endDateTime":"2026-11-20T09:25:00.2169889Z"`,
		`"packetUtilization":100,"averageBandwidthEstimate":100,"averagePacketLossRate":0.015,"startDateTime":"2026-11-20T09:20:00.123Z"`,
		`"port":1,"relayPort":0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s\n%s", want, body)
		}
	}
	// $filter compares the instant, offsets or not.
	c := decodeCollection(t, get(t, s, "/v1.0/communications/callRecords?$filter=startDateTime%20ge%202026-11-20T09:00:00.5Z", nil))
	if got := ids(t, c.Value); len(got) != 1 {
		t.Errorf("$filter on the normalized instant: %v", got)
	}
}

func TestWrittenDataIsServedInCanonicalForm(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	body := `{"id":"w","startDateTime":"2026-11-21T10:03:00.5000000+01:00","endDateTime":"2026-11-21T09:04:00.120Z",` +
		`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":8.0,"cpuProcessorSpeedInMhz":2.995e3},` +
		`"media":[{"streams":[{"streamDirection":"callerToCallee","packetUtilization":1e2,"averageBandwidthEstimate":-0,"maxPacketLossRate":1.0,` +
		`"averageReceivedFrameRate":29.970,"endDateTime":"2026-11-21T04:04:00-05:00"}]}]}`
	want := []string{
		`"startDateTime":"2026-11-21T09:03:00.5000000Z","endDateTime":"2026-11-21T09:04:00.120Z"`,
		`"cpuCoresCount":8,"cpuProcessorSpeedInMhz":2995`,
		`"packetUtilization":100,"averageBandwidthEstimate":0,"maxPacketLossRate":1,"averageReceivedFrameRate":29.97,"endDateTime":"2026-11-21T09:04:00Z"`,
	}
	check := func(what string, r result, status int) {
		t.Helper()
		if r.status != status {
			t.Fatalf("%s: %d %s", what, r.status, r.body)
		}
		for _, w := range want {
			if !strings.Contains(string(r.body), w) {
				t.Errorf("%s lacks %s\n%s", what, w, r.body)
			}
		}
	}
	check("POST answer", send(t, s, http.MethodPost, segmentsURL, body, nil), http.StatusCreated)
	check("GET after POST", get(t, s, segmentsURL+"/w", nil), http.StatusOK)

	// PATCH: the merged segment is stored in canonical form too.
	r := send(t, s, http.MethodPatch, segmentsURL+"/g1", `{"endDateTime":"2026-11-21T10:00:30.25+01:00"}`, nil)
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"endDateTime":"2026-11-21T09:00:30.25Z"`) {
		t.Fatalf("PATCH: %d %s", r.status, r.body)
	}
}

func TestIntegerWithAFractionIsA400(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, v := range []string{"1.5", "15e-1", "1e-1", "-0.25"} {
		r := send(t, s, http.MethodPost, segmentsURL, seg(`"media":[{"streams":[{"streamDirection":"callerToCallee","packetUtilization":`+v+`}]}]`), nil)
		if r.status != http.StatusBadRequest {
			t.Fatalf("%s: %d %s", v, r.status, r.body)
		}
		e := decodeError(t, r)
		if len(e.Error.Details) != 1 || e.Error.Details[0].Target != "/media/0/streams/0/packetUtilization" ||
			e.Error.Details[0].Message != "packetUtilization: "+v+" is not an integer: Edm.Int32 and Edm.Int64 values have no fraction" {
			t.Errorf("%s: details %+v", v, e.Error.Details)
		}
	}
}

// acsScenario has an Azure Communication Services client (productFamily after
// unknownFutureValue, an evolvable member) in a session and its segment, and a Teams one.
const acsScenario = `name: acs
callRecords:
  - id: r
    version: 1
    type: peerToPeer
    modalities: [audio]
    lastModifiedDateTime: 2026-11-20T09:31:00Z
    startDateTime: 2026-11-20T09:00:00Z
    endDateTime: 2026-11-20T09:30:00Z
    sessions:
      - id: s
        modalities: [audio]
        startDateTime: 2026-11-20T09:00:00Z
        endDateTime: 2026-11-20T09:30:00Z
        caller: &acs
          "@odata.type": "#microsoft.graph.callRecords.participantEndpoint"
          name: azureCommunicationServices
          userAgent: {"@odata.type": "#microsoft.graph.callRecords.clientUserAgent", platform: web, productFamily: azureCommunicationServices}
        callee: &teams
          "@odata.type": "#microsoft.graph.callRecords.participantEndpoint"
          userAgent: {"@odata.type": "#microsoft.graph.callRecords.clientUserAgent", platform: web, productFamily: teams}
        segments:
          - {id: g, startDateTime: 2026-11-20T09:00:00Z, endDateTime: 2026-11-20T09:30:00Z, caller: *acs, callee: *teams}
          - {id: h, startDateTime: 2026-11-20T09:00:00Z, endDateTime: 2026-11-20T09:30:00Z, caller: *teams}
`

// TestEvolvableEnumMembersNeedTheirPreference checks api-facts §6 trap 11 in every response that
// shows a segment or a session, nested and expanded: without Prefer:
// include-unknown-enum-members an evolvable member is shown as unknownFutureValue; with it, the
// member itself, and Preference-Applied says so.
func TestEvolvableEnumMembersNeedTheirPreference(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New(mockserver.WithScenarioBytes("acs.yaml", []byte(acsScenario)))
	if err != nil {
		t.Fatal(err)
	}
	const rec = "/v1.0/communications/callRecords/r"
	const acs, hidden = `"productFamily":"azureCommunicationServices"`, `"productFamily":"unknownFutureValue"`
	include := http.Header{"Prefer": {"include-unknown-enum-members"}}
	for _, target := range []string{
		rec + "/sessions/s/segments/g",
		rec + "/sessions/s/segments",
		rec + "/sessions/s/segments/g?$select=caller",
		rec + "/sessions/s",
		rec + "/sessions/s?$expand=segments",
		rec + "/sessions?$expand=segments",
		rec + "?$expand=sessions($expand=segments)",
		"/beta/communications/callRecords/r?$expand=sessions($expand=segments($select=id,caller))",
	} {
		r := get(t, s, target, nil)
		if r.status != http.StatusOK || strings.Contains(string(r.body), acs) || !strings.Contains(string(r.body), hidden) ||
			!strings.Contains(string(r.body), `"productFamily":"teams"`) && !strings.Contains(target, "$select=caller") {
			t.Errorf("GET %s without the preference: %d\n%s", target, r.status, r.body)
		}
		if !strings.Contains(string(r.body), `"name":"azureCommunicationServices"`) {
			t.Errorf("GET %s: a free-text member that spells an enum member changed\n%s", target, r.body)
		}
		if got := r.header.Get("Preference-Applied"); got != "" {
			t.Errorf("GET %s without the preference: Preference-Applied %q", target, got)
		}
		r = get(t, s, target, include)
		if r.status != http.StatusOK || !strings.Contains(string(r.body), acs) || strings.Contains(string(r.body), hidden) {
			t.Errorf("GET %s with the preference: %d\n%s", target, r.status, r.body)
		}
		if got := r.header.Get("Preference-Applied"); got != "include-unknown-enum-members" {
			t.Errorf("GET %s with the preference: Preference-Applied %q", target, got)
		}
	}
	// A segment without one is copied as stored either way.
	if r := get(t, s, rec+"/sessions/s/segments/h", nil); strings.Contains(string(r.body), hidden) {
		t.Errorf("segment h: %s", r.body)
	}
	// Writes answer the same way, and store the member itself.
	body := `{"id":"w","startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:01:00Z","caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint",` +
		`"userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"web","productFamily":"azureCommunicationServices"}}}`
	if r := send(t, s, http.MethodPost, rec+"/sessions/s/segments", body, nil); r.status != http.StatusCreated || !strings.Contains(string(r.body), hidden) {
		t.Errorf("POST answer: %d %s", r.status, r.body)
	}
	if r := get(t, s, rec+"/sessions/s/segments/w", include); !strings.Contains(string(r.body), acs) {
		t.Errorf("the stored member is not the one written: %s", r.body)
	}
	if r := send(t, s, http.MethodPatch, rec+"/sessions/s/segments/w", `{"endDateTime":"2026-11-20T09:02:00Z"}`,
		http.Header{"Content-Type": {"application/json"}, "Prefer": {"include-unknown-enum-members"}}); !strings.Contains(string(r.body), acs) ||
		r.header.Get("Preference-Applied") != "include-unknown-enum-members" {
		t.Errorf("PATCH answer with the preference: %s %v", r.body, r.header)
	}
	// The export keeps the real member, so a scenario exported and loaded again is the same.
	if out, err := s.ExportScenario(); err != nil || !strings.Contains(string(out), "productFamily: azureCommunicationServices") {
		t.Errorf("export: %v\n%s", err, out)
	}
}

// TestOmitValuesNulls checks Prefer: omit-values=nulls on an entity, nested values and a list,
// alone and with other preferences in one header.
func TestOmitValuesNulls(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	const seg1 = p2p + "/sessions/e523d2ed-2966-4b6b-925b-754a88034cc5/segments/e523d2ed-2966-4b6b-925b-754a88034cc5"
	if r := get(t, s, seg1, nil); !strings.Contains(string(r.body), `"averageAudioDegradation":null`) {
		t.Fatalf("the seeded null is not there to omit: %s", r.body)
	}
	cases := []struct {
		name, target, prefer, applied string
		items                         int // items on the page of a list, 0 for an entity
	}{
		{"entity", seg1, "omit-values=nulls", "omit-values=nulls", 0},
		{"record", p2p + "?$expand=sessions($expand=segments)", "omit-values=nulls", "omit-values=nulls", 0},
		{"with a page size in one header", group + "/sessions?$expand=segments", "odata.maxpagesize=1, omit-values=nulls", "odata.maxpagesize=1, omit-values=nulls", 1},
		{"quoted, with parameters, and with the enum preference", "/v1.0/communications/callRecords",
			`odata.maxpagesize="1"; strict, omit-values=nulls, include-unknown-enum-members`, "odata.maxpagesize=1, omit-values=nulls, include-unknown-enum-members", 1},
		{"in two header lines", p2p + "/participants_v2", "omit-values=nulls", "omit-values=nulls", 2},
	}
	for _, tc := range cases {
		h := http.Header{"Prefer": strings.SplitN(tc.prefer, "\n", 2)}
		r := get(t, s, tc.target, h)
		if r.status != http.StatusOK || strings.Contains(string(r.body), "null") {
			t.Errorf("%s: %d, nulls left in\n%s", tc.name, r.status, r.body)
		}
		if got := r.header.Get("Preference-Applied"); got != tc.applied {
			t.Errorf("%s: Preference-Applied %q, want %q", tc.name, got, tc.applied)
		}
		if tc.items > 0 {
			if c := decodeCollection(t, r); len(c.Value) != tc.items {
				t.Errorf("%s: %d items, want %d", tc.name, len(c.Value), tc.items)
			}
		}
	}
	// Other members stay, in their order.
	if r := get(t, s, seg1, http.Header{"Prefer": {"omit-values=nulls"}}); !strings.Contains(string(r.body), `"streamId":"1504545584","streamDirection":"callerToCallee","averageJitter":"PT0.016S"`) {
		t.Errorf("members around the omitted null: %s", r.body)
	}
}

// TestPatchOfABodyJustRead checks that a client can GET a segment, change one member and PATCH
// the whole body back: the control annotations it read are ignored, @odata.type still checked.
func TestPatchOfABodyJustRead(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	read := get(t, s, segmentsURL+"/g2", nil)
	if !strings.Contains(string(read.body), `"@odata.context"`) {
		t.Fatalf("GET: %s", read.body)
	}
	edited := strings.Replace(string(read.body), `"endDateTime":"2026-11-21T09:02:00Z"`, `"endDateTime":"2026-11-21T09:02:30Z"`, 1)
	edited = strings.Replace(edited, `{`, `{"@odata.etag":"W/\"1\"","@odata.id":"x","segments@odata.nextLink":"y",`, 1)
	r := send(t, s, http.MethodPatch, segmentsURL+"/g2", edited, nil)
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"endDateTime":"2026-11-21T09:02:30Z"`) {
		t.Fatalf("PATCH of the body just read: %d %s", r.status, r.body)
	}
	if strings.Contains(string(r.body), "etag") || strings.Count(string(r.body), "@odata.context") != 1 {
		t.Errorf("annotations were stored: %s", r.body)
	}
	for _, typ := range []string{"#microsoft.graph.callRecords.session", "segment"} {
		r := send(t, s, http.MethodPatch, segmentsURL+"/g2", `{"@odata.context":"x","@odata.type":"`+typ+`"}`, nil)
		if r.status != http.StatusBadRequest || decodeError(t, r).Error.Details[0].Target != "/@odata.type" {
			t.Errorf("@odata.type %s: %d %s", typ, r.status, r.body)
		}
	}
	if r := send(t, s, http.MethodPost, segmentsURL, seg(`"@odata.context":"x","id":"posted"`), nil); r.status != http.StatusCreated {
		t.Errorf("POST with @odata.context: %d %s", r.status, r.body)
	}
}

// TestLoneSurrogateIsRefused checks that a \u escape of half a surrogate pair is refused like
// invalid UTF-8 in a body and in a scenario, while a whole pair is a character like any other.
func TestLoneSurrogateIsRefused(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, bad := range []string{`"\ud800"`, `"x\udc00"`, `"\ud83d\u0041"`} {
		r := send(t, s, http.MethodPost, segmentsURL, seg(`"failureInfo":{"stage":"midcall","reason":`+bad+`}`), nil)
		if r.status != http.StatusBadRequest || !strings.Contains(decodeError(t, r).Error.Message, "lone UTF-16 surrogate") {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
	if r := send(t, s, http.MethodPost, segmentsURL, seg(`"failureInfo":{"stage":"midcall","reason":"\ud83d\ude00"}`), nil); r.status != http.StatusCreated {
		t.Errorf("a surrogate pair: %d %s", r.status, r.body)
	}
	for _, data := range []string{"callRecords:\n  - id: \"\\ud800\"\n", `{"callRecords":[{"id":"\ud800"}]}`} {
		if err := mockserver.ValidateScenario("lone.yaml", []byte(data)); err == nil || !strings.Contains(err.Error(), "lone.yaml:") {
			t.Errorf("%q: %v", data, err)
		}
	}
}

func TestNonNullableMembersAreRequiredInWrites(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	cases := []struct{ body, target string }{
		{seg(`"failureInfo":{"reason":"dropped"}`), "/failureInfo/stage"},
		{seg(`"media":[{"streams":[{"packetUtilization":1}]}]`), "/media/0/streams/0/streamDirection"},
		{seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","feedback":{"text":"ok"}}`), "/caller/feedback/rating"},
		{seg(`"callee":{"@odata.type":"#microsoft.graph.callRecords.serviceEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.serviceUserAgent"}}`), "/callee/userAgent/role"},
	}
	for _, tc := range cases {
		r := send(t, s, http.MethodPost, segmentsURL, tc.body, nil)
		if r.status != http.StatusBadRequest || decodeError(t, r).Error.Details[0].Target != tc.target {
			t.Errorf("%s: %d %s", tc.body, r.status, r.body)
		}
	}
	if r := send(t, s, http.MethodPatch, segmentsURL+"/g1", `{"failureInfo":{"reason":"dropped"}}`, nil); r.status != http.StatusBadRequest {
		t.Errorf("PATCH failureInfo without stage: %d %s", r.status, r.body)
	}
}

func TestFormatJSONIsAccepted(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, target := range []string{group + "/sessions?$format=json", group + "?$format=application/json&$expand=sessions", "/beta/communications/callRecords?format=JSON"} {
		if r := get(t, s, target, nil); r.status != http.StatusOK {
			t.Errorf("%s: %d %s", target, r.status, r.body)
		}
	}
	if r := get(t, s, group+"/sessions?$format=xml", nil); r.status != http.StatusBadRequest || !strings.Contains(decodeError(t, r).Error.Message, "$format") {
		t.Errorf("$format=xml: %d %s", r.status, r.body)
	}
}

// TestSkipTokenKeepsItsTop checks that a $skiptoken is only honoured with the $top of the request
// it came from, and without $skip, rather than silently paging by the old $top.
func TestSkipTokenKeepsItsTop(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	first := decodeCollection(t, get(t, s, segmentsURL+"?$top=1", nil))
	next := strings.TrimPrefix(first.NextLink, "http://example.com")
	if !strings.Contains(next, "$top=1&") {
		t.Fatalf("next link %s", first.NextLink)
	}
	if c := decodeCollection(t, get(t, s, next, nil)); len(c.Value) != 1 {
		t.Fatalf("the link as given: %d items", len(c.Value))
	}
	for _, changed := range []string{strings.Replace(next, "$top=1", "$top=2", 1), strings.Replace(next, "$top=1&", "", 1), next + "&$skip=1"} {
		if r := get(t, s, changed, nil); r.status != http.StatusBadRequest || !strings.Contains(decodeError(t, r).Error.Message, "$skiptoken") {
			t.Errorf("%s: %d %s", changed, r.status, r.body)
		}
	}
	noTop := strings.TrimPrefix(decodeCollection(t, get(t, s, segmentsURL, http.Header{"Prefer": {"odata.maxpagesize=1"}})).NextLink, "http://example.com")
	if r := get(t, s, noTop+"&$top=1", nil); r.status != http.StatusBadRequest {
		t.Errorf("a $top added to a link without one: %d %s", r.status, r.body)
	}
}
