package mockserver_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

const segmentsURL = group + "/sessions/s1/segments"

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

func send(t testing.TB, h http.Handler, method, target, body string, header http.Header) result {
	t.Helper()
	if header == nil {
		header = jsonHeader
	}
	return do(t, h, method, target, header, strings.NewReader(body))
}

// netBase holds the members Graph always sends in a networkInfo, for bodies that test another.
const netBase = `"connectionType":"wired","networkTransportProtocol":"udp","wifiRadioType":"unknown"`

// seg builds a segment body inside session s1 (09:00-09:10) with extra members.
func seg(extra string) string {
	if extra != "" {
		extra = "," + extra
	}
	return `{"startDateTime":"2026-11-21T09:03:00Z","endDateTime":"2026-11-21T09:04:00Z"` + extra + `}`
}

func TestCreateSegmentRejectsInvalidBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		header  http.Header
		status  int
		code    string
		pointer string // error.details[0].target (or error.target), "" when none
		message string // part of the error message
	}{
		{"malformed json", `{"startDateTime": }`, nil, 400, "BadRequest", "", "line 1, column 19"},
		{"malformed multi-line", "{\n  \"id\": \"x\",\n  \"media\": [\n}", nil, 400, "BadRequest", "", "line 4"},
		{"truncated", `{"id":"x"`, nil, 400, "BadRequest", "", "unexpected end"},
		{"trailing data", seg("") + `{}`, nil, 400, "BadRequest", "", "after the top-level value"},
		{"not an object", `[1,2]`, nil, 400, "BadRequest", "", "must be a JSON object"},
		{"empty body", ``, nil, 400, "BadRequest", "", "empty"},
		{"duplicate key", `{"id":"a","id":"b"}`, nil, 400, "BadRequest", "", "'id' appears twice"},
		{"nested duplicate key", seg(`"failureInfo":{"stage":"midcall","stage":"callSetup"}`), nil, 400, "BadRequest", "", "'stage' appears twice"},
		{"invalid utf-8", "{\"id\":\"\xff\"}", nil, 400, "BadRequest", "", "UTF-8"},
		{"too deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), nil, 400, "BadRequest", "", "nest deeper"},
		{"no content type", seg(""), http.Header{}, 415, "UnsupportedMediaType", "", "Content-Type"},
		{"xml", seg(""), http.Header{"Content-Type": {"application/xml"}}, 415, "UnsupportedMediaType", "", "application/xml"},
		{"latin1", seg(""), http.Header{"Content-Type": {"application/json; charset=iso-8859-1"}}, 415, "UnsupportedMediaType", "", "charset"},
		{"deflate", seg(""), http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"deflate"}}, 415, "UnsupportedMediaType", "", "deflate"},
		{"bad gzip", seg(""), http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}, 400, "BadRequest", "", "gzip"},
		{"unknown property", seg(`"foo":1`), nil, 400, "BadRequest", "/foo", "unknown property 'foo' on microsoft.graph.callRecords.segment"},
		{"unknown nested property", seg(`"media":[{"streams":[{"bogus":true}]}]`), nil, 400, "BadRequest", "/media/0/streams/0/bogus", "unknown property 'bogus' on microsoft.graph.callRecords.mediaStream"},
		{"missing start", `{"endDateTime":"2026-11-21T09:04:00Z"}`, nil, 400, "BadRequest", "/startDateTime", "startDateTime is required"},
		{"missing end", `{"startDateTime":"2026-11-21T09:04:00Z"}`, nil, 400, "BadRequest", "/endDateTime", "endDateTime is required"},
		{"null start", `{"startDateTime":null,"endDateTime":"2026-11-21T09:04:00Z"}`, nil, 400, "BadRequest", "/startDateTime", "not nullable"},
		{"bad date-time", `{"startDateTime":"2026-11-21 09:03","endDateTime":"2026-11-21T09:04:00Z"}`, nil, 400, "BadRequest", "/startDateTime", "Edm.DateTimeOffset"},
		{"eight fraction digits", `{"startDateTime":"2026-11-21T09:03:00.12345678Z","endDateTime":"2026-11-21T09:04:00Z"}`, nil, 400, "BadRequest", "/startDateTime", "Edm.DateTimeOffset"},
		{"end before start", `{"startDateTime":"2026-11-21T09:04:00Z","endDateTime":"2026-11-21T09:03:00Z"}`, nil, 400, "BadRequest", "/endDateTime", "before startDateTime"},
		{"outside session", `{"startDateTime":"2026-11-21T08:59:00Z","endDateTime":"2026-11-21T09:04:00Z"}`, nil, 400, "BadRequest", "/startDateTime", "before the session's startDateTime"},
		{"after session", `{"startDateTime":"2026-11-21T09:04:00Z","endDateTime":"2026-11-21T09:11:00Z"}`, nil, 400, "BadRequest", "/endDateTime", "after the session's endDateTime"},
		{"numeric id", seg(`"id":5`), nil, 400, "BadRequest", "/id", ""},
		{"bad failure stage", seg(`"failureInfo":{"stage":"teardown"}`), nil, 400, "BadRequest", "/failureInfo/stage", "microsoft.graph.callRecords.failureStage"},
		{"null failure stage", seg(`"failureInfo":{"stage":null}`), nil, 400, "BadRequest", "/failureInfo/stage", "not nullable"},
		{"bad stream direction", seg(`"media":[{"streams":[{"streamDirection":"both"}]}]`), nil, 400, "BadRequest", "/media/0/streams/0/streamDirection", "mediaStreamDirection"},
		{"bad audio codec", seg(`"media":[{"streams":[{"streamDirection":"callerToCallee","audioCodec":"mp3"}]}]`), nil, 400, "BadRequest", "/media/0/streams/0/audioCodec", "audioCodec"},
		{"bad duration", seg(`"media":[{"streams":[{"averageJitter":"16ms"}]}]`), nil, 400, "BadRequest", "/media/0/streams/0/averageJitter", "Edm.Duration"},
		{"int64 overflow", seg(`"media":[{"streams":[{"packetUtilization":9223372036854775808}]}]`), nil, 400, "BadRequest", "/media/0/streams/0/packetUtilization", "Edm.Int64"},
		{"int32 overflow", seg(`"media":[{"callerNetwork":{` + netBase + `,"wifiBand":"unknown","traceRouteHops":[],"port":2147483648}}]`), nil, 400, "BadRequest", "/media/0/callerNetwork/port", "Edm.Int32"},
		{"float for int", seg(`"media":[{"callerNetwork":{` + netBase + `,"wifiBand":"unknown","traceRouteHops":[],"port":80.5}}]`), nil, 400, "BadRequest", "/media/0/callerNetwork/port", "80.5 is not an integer"},
		{"string for number", seg(`"media":[{"streams":[{"averagePacketLossRate":"0.1"}]}]`), nil, 400, "BadRequest", "/media/0/streams/0/averagePacketLossRate", ""},
		{"bad wifi band", seg(`"media":[{"callerNetwork":{` + netBase + `,"traceRouteHops":[],"wifiBand":"5GHz"}}]`), nil, 400, "BadRequest", "/media/0/callerNetwork/wifiBand", "wifiBand"},
		{"null trace route hops", seg(`"media":[{"callerNetwork":{` + netBase + `,"wifiBand":"unknown","traceRouteHops":null}}]`), nil, 400, "BadRequest", "/media/0/callerNetwork/traceRouteHops", "not nullable"},
		{"unknown endpoint type", seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.robotEndpoint"}`), nil, 400, "BadRequest", "/caller/@odata.type", "not a type allowed here"},
		{"unknown property on participant endpoint", seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","role":"x"}`), nil, 400, "BadRequest", "/caller/role", "microsoft.graph.callRecords.participantEndpoint"},
		{"service role on client agent", seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"web","productFamily":"teams","role":"gateway"}}`), nil, 400, "BadRequest", "/caller/userAgent/role", "clientUserAgent"},
		{"bad platform", seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"linux"}}`), nil, 400, "BadRequest", "/caller/userAgent/platform", "clientPlatform"},
		{"bad feedback rating", seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","feedback":{"rating":"great"}}`), nil, 400, "BadRequest", "/caller/feedback/rating", "userFeedbackRating"},
		{"media not a list", seg(`"media":{}`), nil, 400, "BadRequest", "/media", ""},
		{"modality on a segment", seg(`"modalities":["audio"]`), nil, 400, "BadRequest", "/modalities", "unknown property 'modalities'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			before := get(t, s, segmentsURL, nil).body
			r := send(t, s, http.MethodPost, segmentsURL, tc.body, tc.header)
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tc.status, r.body)
			}
			e := decodeError(t, r)
			if e.Error.Code != tc.code || !strings.Contains(e.Error.Message, tc.message) {
				t.Fatalf("error = %s %q, want %s with %q", e.Error.Code, e.Error.Message, tc.code, tc.message)
			}
			if tc.pointer != "" {
				if len(e.Error.Details) == 0 || e.Error.Details[0].Target != tc.pointer {
					t.Fatalf("details = %+v, want first target %s", e.Error.Details, tc.pointer)
				}
				for _, d := range e.Error.Details {
					if d.Code == "" || d.Message == "" {
						t.Errorf("detail without code or message: %+v", d)
					}
				}
			}
			if after := get(t, s, segmentsURL, nil).body; !bytes.Equal(before, after) {
				t.Fatal("a rejected write changed the state")
			}
		})
	}
}

func TestCreateSegmentAcceptsValidBodies(t *testing.T) {
	t.Parallel()
	full := `{
		"id": "full",
		"startDateTime": "2026-11-21T09:03:00.1234567Z",
		"endDateTime": "2026-11-21T09:04:00+00:00",
		"caller": {"@odata.type": "#microsoft.graph.callRecords.participantEndpoint", "name": "machine", "cpuCoresCount": 8, "cpuName": "Intel", "cpuProcessorSpeedInMhz": 2995,
			"associatedIdentity": {"@odata.type": "#microsoft.graph.communicationsUserIdentity", "id": "u1", "displayName": "Abbie", "tenantId": "t1", "userPrincipalName": "abbie@contoso.com"},
			"feedback": {"rating": "poor", "text": null, "tokens": {"NoSound": false, "Echo": true}},
			"userAgent": {"@odata.type": "#microsoft.graph.callRecords.clientUserAgent", "headerValue": "RTCC/7.0", "applicationVersion": "1415/1.0.0", "platform": "macOS", "productFamily": "teams", "azureADAppId": null, "communicationServiceId": null}},
		"callee": {"@odata.type": "#microsoft.graph.callRecords.serviceEndpoint", "userAgent": {"@odata.type": "#microsoft.graph.callRecords.serviceUserAgent", "headerValue": null, "role": "skypeForBusinessAudioVideoMcu"}},
		"failureInfo": {"stage": "midcall", "reason": "Network dropped"},
		"media": [{"label": "main-audio",
			"callerDevice": {"captureDeviceName": "Mic", "howlingEventCount": 0, "micGlitchRate": 23, "initialSignalLevelRootMeanSquare": 60.25816},
			"calleeDevice": null,
			"callerNetwork": {"connectionType": "wifi", "networkTransportProtocol": "udp", "wifiBand": "frequency50GHz", "wifiRadioType": "wifi80211ac", "linkSpeed": 4294967295, "port": 50011, "dnsSuffix": null,
				"traceRouteHops": [{"hopCount": 1, "ipAddress": "10.0.0.1", "roundTripTime": "PT0.001S"}]},
			"calleeNetwork": null,
			"streams": [{"streamId": "1", "streamDirection": "callerToCallee", "audioCodec": "satin", "averageJitter": "PT0.016S", "averagePacketLossRate": 0.0123, "packetUtilization": 9223372036854775807, "averageAudioDegradation": null, "videoCodec": null},
				{"streamId": "2", "streamDirection": "calleeToCaller", "videoCodec": "h264", "averageVideoFrameRate": 29.5, "rmsFreezeDuration": "PT1M2.5S"}]}]
	}`
	s := newServer(t)
	for name, body := range map[string]string{"minimal": seg(""), "explicit nulls": seg(`"caller":null,"callee":null,"failureInfo":null,"media":null`), "full": full} {
		r := send(t, s, http.MethodPost, segmentsURL, body, nil)
		if r.status != http.StatusCreated {
			t.Fatalf("%s: status %d: %s", name, r.status, r.body)
		}
		var got map[string]any
		if err := json.Unmarshal(r.body, &got); err != nil {
			t.Fatal(err)
		}
		id, _ := got["id"].(string)
		if id == "" || r.header.Get("Location") != "http://example.com"+segmentsURL+"/"+id {
			t.Fatalf("%s: id %q Location %q", name, id, r.header.Get("Location"))
		}
		if !strings.HasSuffix(got["@odata.context"].(string), "/segments/$entity") {
			t.Errorf("%s: context %v", name, got["@odata.context"])
		}
		if back := get(t, s, segmentsURL+"/"+id, nil); back.status != 200 || !bytes.Equal(back.body, r.body) {
			t.Errorf("%s: read back %d differs:\n%s\n%s", name, back.status, back.body, r.body)
		}
	}
	if !strings.Contains(string(get(t, s, segmentsURL+"/full", nil).body), `"packetUtilization":9223372036854775807`) {
		t.Error("Int64 maximum not kept exactly")
	}
	if r := send(t, s, http.MethodPost, segmentsURL, seg(`"id":"full"`), nil); r.status != http.StatusConflict || decodeError(t, r).Error.Code != "Conflict" {
		t.Errorf("duplicate id: %d %s", r.status, r.body)
	}
	if r := send(t, s, http.MethodPost, group+"/sessions/nope/segments", seg(""), nil); r.status != http.StatusNotFound {
		t.Errorf("unknown session: %d", r.status)
	}
}

func gz(t testing.TB, s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGzipBodiesAndLimits(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{MaxBodyBytes: 1024}))
	gzHeader := http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}
	if r := send(t, s, http.MethodPost, segmentsURL, gz(t, seg(`"id":"zipped"`)), gzHeader); r.status != http.StatusCreated {
		t.Fatalf("gzip body: %d %s", r.status, r.body)
	}
	big := seg(`"failureInfo":{"stage":"midcall","reason":"` + strings.Repeat("x", 2000) + `"}`)
	if r := send(t, s, http.MethodPost, segmentsURL, big, nil); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("plain body over the limit: %d", r.status)
	}
	// Small on the wire, over the limit once decompressed.
	if r := send(t, s, http.MethodPost, segmentsURL, gz(t, big), gzHeader); r.status != http.StatusRequestEntityTooLarge || decodeError(t, r).Error.Code != "RequestEntityTooLarge" {
		t.Errorf("gzip bomb: %d %s", r.status, r.body)
	}
	truncated := gz(t, seg(""))
	if r := send(t, s, http.MethodPost, segmentsURL, truncated[:len(truncated)-6], gzHeader); r.status != http.StatusBadRequest {
		t.Errorf("truncated gzip: %d %s", r.status, r.body)
	}
}

func TestPatchSegmentSemantics(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	target := segmentsURL + "/g2"
	orig := get(t, s, target, nil)
	r := send(t, s, http.MethodPatch, target, `{"failureInfo":{"stage":"midcall","reason":"dropped"},"endDateTime":"2026-11-21T09:02:30Z"}`, nil)
	if r.status != http.StatusOK {
		t.Fatalf("patch: %d %s", r.status, r.body)
	}
	var got map[string]any
	_ = json.Unmarshal(r.body, &got)
	if got["id"] != "g2" || got["startDateTime"] != "2026-11-21T09:01:00Z" || got["endDateTime"] != "2026-11-21T09:02:30Z" {
		t.Fatalf("merged = %v", got)
	}
	// A complex property is replaced whole: reason disappears.
	r = send(t, s, http.MethodPatch, target, `{"failureInfo":{"stage":"callSetup"}}`, http.Header{"Content-Type": {"application/json"}, "Prefer": {"return=minimal"}})
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("minimal: %d %q", r.status, r.body)
	}
	if body := string(get(t, s, target, nil).body); !strings.Contains(body, `"failureInfo":{"stage":"callSetup"}`) {
		t.Fatalf("complex value not replaced whole: %s", body)
	}
	for name, tc := range map[string]struct {
		body, pointer string
		status        int
	}{
		"id mismatch":         {`{"id":"other"}`, "/id", 400},
		"merged invalid":      {`{"endDateTime":"2026-11-21T08:00:00Z"}`, "/endDateTime", 400},
		"null required":       {`{"startDateTime":null}`, "/startDateTime", 400},
		"unknown property":    {`{"colour":"red"}`, "/colour", 400},
		"outside the session": {`{"endDateTime":"2026-11-21T10:00:00Z"}`, "/endDateTime", 400},
	} {
		before := get(t, s, target, nil).body
		r := send(t, s, http.MethodPatch, target, tc.body, nil)
		if r.status != tc.status || decodeError(t, r).Error.Details[0].Target != tc.pointer {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
		if !bytes.Equal(before, get(t, s, target, nil).body) {
			t.Errorf("%s: a rejected patch changed the segment", name)
		}
	}
	if r := send(t, s, http.MethodPatch, segmentsURL+"/nope", `{}`, nil); r.status != http.StatusNotFound {
		t.Errorf("patch unknown: %d", r.status)
	}
	_ = orig
}

func TestDeleteSegment(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if r := do(t, s, http.MethodDelete, segmentsURL+"/g1", nil, nil); r.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r := get(t, s, segmentsURL+"/g1", nil); r.status != http.StatusNotFound {
		t.Fatalf("get after delete: %d", r.status)
	}
	if r := do(t, s, http.MethodDelete, segmentsURL+"/g1", nil, nil); r.status != http.StatusNotFound {
		t.Fatalf("delete twice: %d", r.status)
	}
	if got := ids(t, decodeCollection(t, get(t, s, segmentsURL, nil)).Value); strings.Join(got, ",") != "g2,g3" {
		t.Fatalf("remaining = %v", got)
	}
	s.Reset()
	if r := get(t, s, segmentsURL+"/g1", nil); r.status != http.StatusOK {
		t.Fatalf("reset did not restore the deleted segment: %d", r.status)
	}
}

func TestConcurrentWritesLoseNothing(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	const workers = 64
	var wg sync.WaitGroup
	kept := make([][]string, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				id := fmt.Sprintf("w%02d-%d", w, i)
				if r := send(t, s, http.MethodPost, segmentsURL, seg(`"id":"`+id+`"`), nil); r.status != http.StatusCreated {
					t.Errorf("create %s: %d %s", id, r.status, r.body)
					return
				}
				// Everyone also patches the same shared segment, to race the merge.
				if r := send(t, s, http.MethodPatch, segmentsURL+"/g2", fmt.Sprintf(`{"failureInfo":{"stage":"midcall","reason":"%s"}}`, id), nil); r.status != http.StatusOK {
					t.Errorf("patch: %d %s", r.status, r.body)
				}
				if i%3 == 0 {
					if r := do(t, s, http.MethodDelete, segmentsURL+"/"+id, nil, nil); r.status != http.StatusNoContent {
						t.Errorf("delete %s: %d", id, r.status)
					}
					continue
				}
				kept[w] = append(kept[w], id)
			}
		}()
	}
	wg.Wait()
	want := map[string]bool{"g1": true, "g2": true, "g3": true}
	for _, ks := range kept {
		for _, k := range ks {
			want[k] = true
		}
	}
	got, _ := walk(t, s, segmentsURL, nil)
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("%s listed twice", id)
		}
		seen[id] = true
		if !want[id] {
			t.Errorf("%s listed but deleted", id)
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("listed %d segments, want %d", len(seen), len(want))
	}
}
