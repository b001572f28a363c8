package schemas_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/graphmock/graphmock/schemas"
)

const (
	crFile = "microsoft.graph.callRecords.schema.json"
	gFile  = "microsoft.graph.schema.json"
	cr     = "microsoft.graph.callRecords."
	graph  = "microsoft.graph."

	defCallRecord = cr + "callRecord"
	defSession    = cr + "session"
	defSegment    = cr + "segment"
	defPstnRow    = cr + "pstnCallLogRow"
	defDirectRow  = cr + "directRoutingLogRow"
)

// newCompiler returns a draft 2020-12 compiler that knows every embedded
// schema file under its bare name and refuses to load anything else.
func newCompiler(t *testing.T) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema %s is not embedded; nothing is fetched", s)
	}
	names, err := fs.Glob(schemas.FS(), "*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 5 {
		t.Fatalf("embedded schema files = %v, want the 2 type files, the 2 report rows and the subscription", names)
	}
	for _, name := range names {
		data, err := fs.ReadFile(schemas.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(name, bytes.NewReader(data)); err != nil {
			t.Fatalf("AddResource(%s): %v", name, err)
		}
	}
	return c
}

var (
	compiledMu sync.Mutex
	compiled   = map[string]*jsonschema.Schema{}
)

// schemaFor compiles (once) the definition of the named type. The file is
// picked from the name: callRecords types and Edm primitives live in the
// callRecords file, the other microsoft.graph types in the graph file.
func schemaFor(t *testing.T, def string) *jsonschema.Schema {
	t.Helper()
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if s, ok := compiled[def]; ok {
		return s
	}
	file := gFile
	switch {
	case def == defPstnRow, def == defDirectRow:
		file = strings.TrimPrefix(def, cr) + ".json"
	case strings.HasPrefix(def, cr) || strings.HasPrefix(def, "Edm."):
		file = crFile
	}
	s, err := newCompiler(t).Compile(file + "#/$defs/" + def)
	if err != nil {
		t.Fatalf("compile %s: %v", def, err)
	}
	compiled[def] = s
	return s
}

// decode parses one JSON value with UseNumber, as the server does.
func decode(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode: %v\n%s", err, s)
	}
	if d.More() {
		t.Fatalf("trailing data after JSON value:\n%s", s)
	}
	return v
}

func clone(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, string(b))
}

// deleteValue as the value of an edit removes the member instead of setting it.
const deleteValue = "<delete>"

// edit is one change applied to a copy of a base document: the JSON value
// raw is stored at the JSON pointer ptr (or the member is removed).
type edit struct {
	ptr, raw string
}

func apply(t *testing.T, base any, edits ...edit) any {
	t.Helper()
	doc := clone(t, base)
	for _, e := range edits {
		doc = setPointer(t, doc, e.ptr, e.raw)
	}
	return doc
}

func setPointer(t *testing.T, doc any, ptr, raw string) any {
	t.Helper()
	if ptr == "" {
		return decode(t, raw)
	}
	tokens := strings.Split(ptr[1:], "/")
	for i, tok := range tokens {
		tokens[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
	}
	cur := doc
	for i, tok := range tokens {
		last := i == len(tokens)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if raw == deleteValue {
					delete(c, tok)
				} else {
					c[tok] = decode(t, raw)
				}
				return doc
			}
			next, ok := c[tok]
			if !ok {
				t.Fatalf("pointer %s: no member %q", ptr, tok)
			}
			cur = next
		case []any:
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 || n >= len(c) {
				t.Fatalf("pointer %s: bad index %q", ptr, tok)
			}
			if last {
				c[n] = decode(t, raw)
				return doc
			}
			cur = c[n]
		default:
			t.Fatalf("pointer %s: cannot descend into %T", ptr, cur)
		}
	}
	return doc
}

// leaves returns the errors without causes, each with its depth.
func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// deepest returns the most deeply nested cause (the first one on ties).
func deepest(ve *jsonschema.ValidationError) (*jsonschema.ValidationError, int) {
	best, bestDepth := ve, 0
	for _, c := range ve.Causes {
		d, depth := deepest(c)
		if depth+1 > bestDepth {
			best, bestDepth = d, depth+1
		}
	}
	return best, bestDepth
}

// fragment drops the file:// URL in front of '#': the compiler turns the
// bare resource names into absolute file URLs under the working directory.
func fragment(abs string) string {
	if i := strings.IndexByte(abs, '#'); i >= 0 {
		return abs[strings.LastIndexByte(abs[:i], '/')+1:]
	}
	return abs
}

func describe(ve *jsonschema.ValidationError) string {
	return fmt.Sprintf("InstanceLocation=%q KeywordLocation=%q AbsoluteKeywordLocation=%q Message=%q",
		ve.InstanceLocation, ve.KeywordLocation, fragment(ve.AbsoluteKeywordLocation), ve.Message)
}

// ---------------------------------------------------------------------------
// Base documents. Together with the real examples under testdata they touch
// every complex and entity type; TestValidCoverage checks that.

const fullSegmentJSON = `{
  "@odata.type": "#microsoft.graph.callRecords.segment",
  "id": "e523d2ed-2966-4b6b-925b-754a88034cc5",
  "startDateTime": "2024-03-01T10:00:00Z",
  "endDateTime": "2024-03-01T10:30:00.1234567Z",
  "caller": {
    "@odata.type": "#microsoft.graph.callRecords.participantEndpoint",
    "name": "machineName_1",
    "cpuName": "AMD EPYC 7452 32-Core Processor",
    "cpuCoresCount": 8,
    "cpuProcessorSpeedInMhz": 2346,
    "userAgent": {
      "@odata.type": "#microsoft.graph.callRecords.clientUserAgent",
      "applicationVersion": "1415/1.0.0.2024",
      "headerValue": "RTCC/7.0.0.0 UCWA/7.0.0.0 AndroidLync/6.25.0.27 (SM-G930U Android 8.0.0)",
      "azureADAppId": "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
      "communicationServiceId": null,
      "platform": "android",
      "productFamily": "teams"
    },
    "associatedIdentity": {
      "@odata.type": "#microsoft.graph.communicationsUserIdentity",
      "id": "821809f5-0000-0000-0000-3b5136c0e777",
      "displayName": "Abbie Wilkins",
      "tenantId": "dc368399-474c-4d40-900c-6265431fd81f",
      "userPrincipalName": "abbie.wilkins@contoso.com"
    },
    "identity": {
      "@odata.type": "#microsoft.graph.communicationsIdentitySet",
      "user": {
        "@odata.type": "#microsoft.graph.userIdentity",
        "id": "821809f5-0000-0000-0000-3b5136c0e777",
        "displayName": "Abbie Wilkins",
        "ipAddress": "10.150.0.2",
        "userPrincipalName": "abbie.wilkins@contoso.com"
      },
      "application": {
        "@odata.type": "#microsoft.graph.communicationsApplicationIdentity",
        "id": "2d4f0b8e-0000-0000-0000-5a8b4a0d9b1c",
        "applicationType": "bot",
        "hidden": false
      },
      "device": {"@odata.type": "#microsoft.graph.identity", "id": "device-1", "displayName": null},
      "applicationInstance": {
        "@odata.type": "#microsoft.graph.communicationsApplicationInstanceIdentity",
        "hidden": true,
        "tenantId": "dc368399-474c-4d40-900c-6265431fd81f"
      },
      "assertedIdentity": {
        "@odata.type": "#microsoft.graph.callRecords.userIdentity",
        "id": "821809f5-0000-0000-0000-3b5136c0e777",
        "userPrincipalName": "abbie.wilkins@contoso.com"
      },
      "azureCommunicationServicesUser": {
        "@odata.type": "#microsoft.graph.azureCommunicationServicesUserIdentity",
        "id": "8:acs:00000000-0000-0000-0000-000000000000",
        "azureCommunicationServicesResourceId": "00000000-1111-2222-3333-444444444444"
      },
      "encrypted": {"@odata.type": "#microsoft.graph.communicationsEncryptedIdentity", "id": "enc-1"},
      "guest": {
        "@odata.type": "#microsoft.graph.communicationsGuestIdentity",
        "displayName": "Guest",
        "email": "guest@fabrikam.com"
      },
      "onPremises": {"@odata.type": "#microsoft.graph.communicationsUserIdentity", "tenantId": null},
      "phone": {"@odata.type": "#microsoft.graph.communicationsPhoneIdentity", "id": "+5564981205182"},
      "endpointType": "default",
      "acsUser": null,
      "spoolUser": null
    },
    "feedback": {
      "@odata.type": "#microsoft.graph.callRecords.userFeedback",
      "rating": "good",
      "text": "Clear audio.",
      "tokens": {
        "@odata.type": "#microsoft.graph.callRecords.feedbackTokenSet",
        "NoSound": false,
        "Echo": true
      }
    }
  },
  "callee": {
    "@odata.type": "#microsoft.graph.callRecords.serviceEndpoint",
    "userAgent": {
      "@odata.type": "#microsoft.graph.callRecords.serviceUserAgent",
      "applicationVersion": null,
      "headerValue": "ConfAttendant/1.0",
      "role": "conferencingAttendant"
    }
  },
  "failureInfo": {
    "@odata.type": "#microsoft.graph.callRecords.failureInfo",
    "reason": "MediaConnectivityFailure",
    "stage": "midcall"
  },
  "media": [
    {
      "@odata.type": "#microsoft.graph.callRecords.media",
      "label": "main-audio",
      "callerNetwork": {
        "@odata.type": "#microsoft.graph.callRecords.networkInfo",
        "bandwidthLowEventRatio": 0,
        "basicServiceSetIdentifier": "00:11:22:33:44:55",
        "connectionType": "wifi",
        "delayEventRatio": 0.01,
        "dnsSuffix": null,
        "ipAddress": "10.150.0.2",
        "linkSpeed": 4294967295,
        "macAddress": "00-00-00-00-00-00",
        "networkTransportProtocol": "udp",
        "port": 27288,
        "receivedQualityEventRatio": 0.27,
        "reflexiveIPAddress": "127.0.0.2",
        "relayIPAddress": "52.114.188.32",
        "relayPort": 53889,
        "sentQualityEventRatio": 0,
        "subnet": "10.150.0.0",
        "traceRouteHops": [
          {
            "@odata.type": "#microsoft.graph.callRecords.traceRouteHop",
            "hopCount": 1,
            "ipAddress": "10.150.0.1",
            "roundTripTime": "PT0.002S"
          },
          {"hopCount": 2, "ipAddress": null, "roundTripTime": null}
        ],
        "wifiBand": "frequency50GHz",
        "wifiBatteryCharge": 80,
        "wifiChannel": 36,
        "wifiMicrosoftDriver": "Microsoft",
        "wifiMicrosoftDriverVersion": "10.0.19041.1",
        "wifiRadioType": "wifi80211ac",
        "wifiSignalStrength": 90,
        "wifiVendorDriver": "Intel(R) Wi-Fi 6 AX201 160MHz",
        "wifiVendorDriverVersion": "22.110.1.1"
      },
      "calleeNetwork": {
        "connectionType": "wired",
        "networkTransportProtocol": "tcp",
        "wifiBand": "unknown",
        "wifiRadioType": "unknown",
        "traceRouteHops": []
      },
      "callerDevice": {
        "@odata.type": "#microsoft.graph.callRecords.deviceInfo",
        "captureDeviceDriver": "Microsoft: 5.0.8638.1100",
        "captureDeviceName": "Default input device",
        "captureNotFunctioningEventRatio": 0,
        "cpuInsufficentEventRatio": 0,
        "deviceClippingEventRatio": 0.005,
        "deviceGlitchEventRatio": 0,
        "howlingEventCount": 0,
        "initialSignalLevelRootMeanSquare": 60.25816,
        "lowSpeechLevelEventRatio": 0,
        "lowSpeechToNoiseEventRatio": 0,
        "micGlitchRate": 23,
        "receivedNoiseLevel": -68,
        "receivedSignalLevel": -10,
        "renderDeviceDriver": "Microsoft: 5.0.8638.1100",
        "renderDeviceName": "Default output device",
        "renderMuteEventRatio": 1,
        "renderNotFunctioningEventRatio": 0,
        "renderZeroVolumeEventRatio": 1,
        "sentNoiseLevel": -80,
        "sentSignalLevel": -20,
        "speakerGlitchRate": 3830
      },
      "calleeDevice": null,
      "streams": [
        {
          "@odata.type": "#microsoft.graph.callRecords.mediaStream",
          "audioCodec": "opus",
          "averageAudioDegradation": 1.160898,
          "averageAudioNetworkJitter": "PT0.266S",
          "averageBandwidthEstimate": 15644878,
          "averageFreezeDuration": null,
          "averageJitter": "PT0.007S",
          "averagePacketLossRate": 0.01381693,
          "averageRatioOfConcealedSamples": 0.06233422,
          "averageReceivedFrameRate": null,
          "averageRoundTripTime": "PT0.064S",
          "averageVideoFrameLossPercentage": null,
          "averageVideoFrameRate": null,
          "averageVideoPacketLossRate": null,
          "endDateTime": "2024-03-01T10:30:00Z",
          "isAudioForwardErrorCorrectionUsed": true,
          "lowFrameRateRatio": null,
          "lowVideoProcessingCapabilityRatio": null,
          "maxAudioNetworkJitter": "PT0.474S",
          "maxJitter": "PT0.012S",
          "maxPacketLossRate": 0.03738318,
          "maxRatioOfConcealedSamples": 0.07192807,
          "maxRoundTripTime": "PT0.106S",
          "packetUtilization": 709,
          "postForwardErrorCorrectionPacketLossRate": 0.001,
          "rmsFreezeDuration": null,
          "startDateTime": "2024-03-01T10:00:00.5+01:00",
          "streamDirection": "callerToCallee",
          "streamId": "1785122252",
          "videoCodec": null,
          "wasMediaBypassed": false
        },
        {
          "streamId": "1504545584",
          "streamDirection": "calleeToCaller",
          "audioCodec": null,
          "videoCodec": "h264",
          "averageReceivedFrameRate": 29.97,
          "averageVideoFrameRate": 30,
          "averageFreezeDuration": "PT1M2.5S",
          "rmsFreezeDuration": "P1DT2H",
          "averageJitter": "-PT0.5S",
          "maxJitter": "P1D"
        }
      ]
    }
  ]
}`

// A session whose caller is a plain endpoint (#...endpoint) with the
// abstract userAgent's base properties only, and whose callee carries the
// deprecated identity as a plain #microsoft.graph.identitySet.
const fullSessionJSON = `{
  "@odata.type": "#microsoft.graph.callRecords.session",
  "id": "e523d2ed-2966-4b6b-925b-754a88034cc5",
  "modalities": ["audio", "video", "videoBasedScreenSharing", "data", "screenSharing", "unknownFutureValue"],
  "startDateTime": "2024-03-01T10:00:00.123456Z",
  "endDateTime": "2024-03-01T10:30:00-05:00",
  "isTest": true,
  "caller": {
    "@odata.type": "#microsoft.graph.callRecords.endpoint",
    "userAgent": {"applicationVersion": "1.0", "headerValue": "SomeClient/1.0"}
  },
  "callee": {
    "@odata.type": "#microsoft.graph.callRecords.participantEndpoint",
    "identity": {
      "@odata.type": "#microsoft.graph.identitySet",
      "user": {"id": "f69e2c00-0000-0000-0000-185e5f5f5d8a", "displayName": "Owen Franklin", "tenantId": "dc368399-474c-4d40-900c-6265431fd81f"},
      "application": null,
      "device": null,
      "acsUser": null
    },
    "associatedIdentity": null,
    "cpuCoresCount": null,
    "cpuName": null,
    "cpuProcessorSpeedInMhz": null,
    "feedback": {"rating": "bad", "text": null, "tokens": null},
    "name": null,
    "userAgent": null
  },
  "failureInfo": null,
  "segments": []
}`

const fullCallRecordJSON = `{
  "@odata.type": "#microsoft.graph.callRecords.callRecord",
  "id": "e523d2ed-2966-4b6b-925b-754a88034cc5",
  "version": 9223372036854775807,
  "type": "groupCall",
  "modalities": ["audio", "video"],
  "joinWebUrl": "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
  "lastModifiedDateTime": "2024-03-01T11:00:00.5Z",
  "startDateTime": "2024-03-01T10:00:00Z",
  "endDateTime": "2024-03-01T10:30:00Z",
  "organizer": {"user": {"id": "821809f5-0000-0000-0000-3b5136c0e777", "displayName": "Abbie Wilkins", "tenantId": "dc368399-474c-4d40-900c-6265431fd81f"}},
  "participants": [
    {"@odata.type": "#microsoft.graph.identitySet", "user": {"id": "821809f5-0000-0000-0000-3b5136c0e777"}},
    {"@odata.type": "#microsoft.graph.communicationsIdentitySet", "phone": {"id": "+5564981205182"}, "endpointType": "voicemail"}
  ],
  "organizer_v2": {
    "@odata.type": "#microsoft.graph.callRecords.organizer",
    "id": "821809f5-0000-0000-0000-3b5136c0e777",
    "identity": {
      "user": {"id": "821809f5-0000-0000-0000-3b5136c0e777", "displayName": "Abbie Wilkins", "tenantId": "dc368399-474c-4d40-900c-6265431fd81f"},
      "acsUser": null,
      "spoolUser": null,
      "endpointType": null
    },
    "administrativeUnitInfos": [
      {"@odata.type": "#microsoft.graph.callRecords.administrativeUnitInfo", "id": "7c3b6b44-0000-0000-0000-c5bdc9e5d7a0"},
      {"id": null}
    ]
  },
  "participants_v2": [
    {
      "@odata.type": "#microsoft.graph.callRecords.participant",
      "id": "+5564981205182",
      "identity": {
        "@odata.type": "#microsoft.graph.communicationsIdentitySet",
        "phone": {"@odata.type": "#microsoft.graph.communicationsPhoneIdentity", "id": "+5564981205182", "displayName": null}
      },
      "administrativeUnitInfos": null
    },
    {"id": "821809f5-0000-0000-0000-3b5136c0e777", "identity": null}
  ],
  "sessions": []
}`

func fullSegment(t *testing.T) any { return decode(t, fullSegmentJSON) }

func fullSession(t *testing.T) any {
	return setPointer(t, decode(t, fullSessionJSON), "/segments", "["+fullSegmentJSON+"]")
}

func fullCallRecord(t *testing.T) any {
	session, err := json.Marshal(fullSession(t))
	if err != nil {
		t.Fatal(err)
	}
	return setPointer(t, decode(t, fullCallRecordJSON), "/sessions", "["+string(session)+"]")
}

const minimalSegmentJSON = `{"startDateTime": "2024-03-01T10:00:00Z", "endDateTime": "2024-03-01T10:30:00Z"}`

// minimalCallRecordJSON holds only what a call record always has (its non-nullable members).
const minimalCallRecordJSON = `{"version": 1, "type": "unknown", "modalities": [], "lastModifiedDateTime": "2024-03-01T10:31:00Z",
  "startDateTime": "2024-03-01T10:00:00Z", "endDateTime": "2024-03-01T10:30:00Z"}`

// ---------------------------------------------------------------------------

func TestSchemaFilesAndDefs(t *testing.T) {
	for _, file := range []string{crFile, gFile} {
		data, err := fs.ReadFile(schemas.FS(), file)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Schema string                    `json:"$schema"`
			ID     string                    `json:"$id"`
			Defs   map[string]map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if doc.Schema != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema = %q", file, doc.Schema)
		}
		if doc.ID != file {
			t.Errorf("%s: $id = %q, want the bare file name", file, doc.ID)
		}
		for name, def := range doc.Defs {
			if def["title"] != name {
				t.Errorf("%s: $defs/%s has title %v, want the key", file, name, def["title"])
			}
			wantPrefix := graph
			if file == crFile {
				wantPrefix = cr
				if strings.HasPrefix(name, "Edm.") {
					wantPrefix = "Edm."
				}
			}
			if !strings.HasPrefix(name, wantPrefix) {
				t.Errorf("%s: $defs/%s does not belong in this file", file, name)
			}
			if _, err := newCompiler(t).Compile(file + "#/$defs/" + name); err != nil {
				t.Errorf("compile %s#/$defs/%s: %v", file, name, err)
			}
		}
	}
}

func TestValid(t *testing.T) {
	seg := fullSegment(t)
	tests := []struct {
		name string
		def  string
		doc  any
	}{
		{"segment/full", defSegment, seg},
		{"segment/minimal", defSegment, decode(t, minimalSegmentJSON)},
		{"segment/explicit nulls", defSegment, apply(t, decode(t, minimalSegmentJSON),
			edit{"/caller", "null"}, edit{"/callee", "null"}, edit{"/failureInfo", "null"}, edit{"/media", "null"})},
		{"segment/plain endpoint with #...endpoint and empty objects", defSegment, apply(t, seg,
			edit{"/caller", `{"@odata.type": "#microsoft.graph.callRecords.endpoint", "userAgent": {}}`},
			edit{"/callee", `{}`},
			edit{"/failureInfo", `{"stage": "unknown"}`},
			edit{"/media", `[{}]`})},
		{"segment/integer bounds", defSegment, apply(t, seg,
			edit{"/caller/cpuCoresCount", "2147483647"},
			edit{"/media/0/callerDevice/receivedSignalLevel", "-2147483648"},
			edit{"/media/0/callerNetwork/linkSpeed", "9223372036854775807"},
			edit{"/media/0/streams/0/packetUtilization", "-9223372036854775808"},
			edit{"/media/0/callerNetwork/port", "27288.0"})},
		{"segment/date-time variants", defSegment, apply(t, seg,
			edit{"/startDateTime", `"2020-02-25T18:52:21.2169889Z"`},
			edit{"/endDateTime", `"2020-02-25T19:00:24+00:00"`},
			edit{"/media/0/streams/0/endDateTime", `"2020-02-25T19:00:24.5-08:00"`})},
		{"segment/open types accept extras", defSegment, apply(t, seg,
			edit{"/caller/associatedIdentity/anything", `{"nested": [1, 2]}`},
			edit{"/caller/identity/user/tenantId", `"dc368399-474c-4d40-900c-6265431fd81f"`},
			edit{"/caller/identity/spoolUser", `{"id": "x"}`},
			edit{"/caller/feedback/tokens/Interruptions", "true"},
			edit{"/caller/feedback/tokens/SomeFutureToken", `"not even a boolean"`})},
		{"segment/identity without @odata.type", defSegment, apply(t, seg,
			edit{"/caller/associatedIdentity", `{"id": "1", "displayName": "A", "tenantId": "t", "userPrincipalName": "a@b"}`},
			edit{"/caller/identity", `{"user": {"id": "1"}, "phone": {"id": "+1"}}`})},
		{"session/full", defSession, fullSession(t)},
		{"session/minimal", defSession, apply(t, decode(t, minimalSegmentJSON), edit{"/modalities", "[]"})},
		{"session/null segments", defSession, apply(t, decode(t, minimalSegmentJSON), edit{"/modalities", "[]"}, edit{"/segments", "null"})},
		{"callRecord/full", defCallRecord, fullCallRecord(t)},
		{"callRecord/minimal", defCallRecord, decode(t, minimalCallRecordJSON)},
		{"callRecord/null navigation and deprecated properties", defCallRecord, apply(t, decode(t, minimalCallRecordJSON),
			edit{"/organizer", "null"}, edit{"/participants", "null"}, edit{"/organizer_v2", "null"},
			edit{"/participants_v2", "null"}, edit{"/sessions", "null"}, edit{"/joinWebUrl", "null"})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := schemaFor(t, tc.def).Validate(tc.doc); err != nil {
				t.Fatalf("%#v", err)
			}
		})
	}
}

// validDocs returns the full documents of TestValid (used by the coverage
// check).
func validDocs(t *testing.T) []any {
	return []any{fullSegment(t), fullSession(t), fullCallRecord(t)}
}

// TestValidCoverage checks that the valid documents use every non-abstract
// complex and entity type at least once (through @odata.type; the abstract
// userAgent is covered by the session's plain caller).
func TestValidCoverage(t *testing.T) {
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if s, ok := v["@odata.type"].(string); ok {
				seen[s] = true
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, d := range validDocs(t) {
		walk(d)
	}
	abstract := map[string]bool{cr + "userAgent": true, cr + "participantBase": true}
	for _, file := range []string{crFile, gFile} {
		for name, def := range defsOf(t, file) {
			if strings.HasPrefix(name, "Edm.") || def["enum"] != nil || abstract[name] {
				continue
			}
			if !seen["#"+name] {
				t.Errorf("no valid test document uses %s", name)
			}
		}
	}
}

func defsOf(t *testing.T, file string) map[string]map[string]any {
	t.Helper()
	data, err := fs.ReadFile(schemas.FS(), file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Defs
}

// enumMembers are the members of api-facts §5.3, in CSDL order.
var enumMembers = map[string][]string{
	cr + "audioCodec":               {"unknown", "invalid", "cn", "pcma", "pcmu", "amrWide", "g722", "g7221", "g7221c", "g729", "multiChannelAudio", "muchv2", "opus", "satin", "satinFullband", "rtAudio8", "rtAudio16", "silk", "silkNarrow", "silkWide", "siren", "xmsRta", "unknownFutureValue"},
	cr + "callType":                 {"unknown", "groupCall", "peerToPeer", "unknownFutureValue"},
	cr + "clientPlatform":           {"unknown", "windows", "macOS", "iOS", "android", "web", "ipPhone", "roomSystem", "surfaceHub", "holoLens", "unknownFutureValue"},
	cr + "failureStage":             {"unknown", "callSetup", "midcall", "unknownFutureValue"},
	cr + "mediaStreamDirection":     {"callerToCallee", "calleeToCaller"},
	cr + "modality":                 {"audio", "video", "videoBasedScreenSharing", "data", "screenSharing", "unknownFutureValue"},
	cr + "networkConnectionType":    {"unknown", "wired", "wifi", "mobile", "tunnel", "unknownFutureValue"},
	cr + "networkTransportProtocol": {"unknown", "udp", "tcp", "unknownFutureValue"},
	cr + "productFamily":            {"unknown", "teams", "skypeForBusiness", "lync", "unknownFutureValue", "azureCommunicationServices"},
	cr + "pstnCallDurationSource":   {"microsoft", "operator"},
	cr + "serviceRole":              {"unknown", "customBot", "skypeForBusinessMicrosoftTeamsGateway", "skypeForBusinessAudioVideoMcu", "skypeForBusinessApplicationSharingMcu", "skypeForBusinessCallQueues", "skypeForBusinessAutoAttendant", "mediationServer", "mediationServerCloudConnectorEdition", "exchangeUnifiedMessagingService", "mediaController", "conferencingAnnouncementService", "conferencingAttendant", "audioTeleconferencerController", "skypeForBusinessUnifiedCommunicationApplicationPlatform", "responseGroupServiceAnnouncementService", "gateway", "skypeTranslator", "skypeForBusinessAttendant", "responseGroupService", "voicemail", "unknownFutureValue"},
	cr + "userFeedbackRating":       {"notRated", "bad", "poor", "fair", "good", "excellent", "unknownFutureValue"},
	cr + "videoCodec":               {"unknown", "invalid", "av1", "h263", "h264", "h264s", "h264uc", "h265", "rtvc1", "rtVideo", "xrtvc1", "unknownFutureValue"},
	cr + "wifiBand":                 {"unknown", "frequency24GHz", "frequency50GHz", "frequency60GHz", "unknownFutureValue"},
	cr + "wifiRadioType":            {"unknown", "wifi80211a", "wifi80211b", "wifi80211g", "wifi80211n", "wifi80211ac", "wifi80211ax", "unknownFutureValue"},
	graph + "endpointType":          {"default", "voicemail", "skypeForBusiness", "skypeForBusinessVoipPhone", "unknownFutureValue"},
}

// enumPositions says where each enum is used: the root type and a JSON
// pointer into its full document. pstnCallDurationSource is not reachable.
var enumPositions = map[string]struct{ def, ptr string }{
	cr + "audioCodec":               {defSegment, "/media/0/streams/0/audioCodec"},
	cr + "callType":                 {defCallRecord, "/type"},
	cr + "clientPlatform":           {defSegment, "/caller/userAgent/platform"},
	cr + "failureStage":             {defSegment, "/failureInfo/stage"},
	cr + "mediaStreamDirection":     {defSegment, "/media/0/streams/1/streamDirection"},
	cr + "modality":                 {defSession, "/modalities/1"},
	cr + "networkConnectionType":    {defSegment, "/media/0/calleeNetwork/connectionType"},
	cr + "networkTransportProtocol": {defSegment, "/media/0/callerNetwork/networkTransportProtocol"},
	cr + "productFamily":            {defSegment, "/caller/userAgent/productFamily"},
	cr + "serviceRole":              {defSegment, "/callee/userAgent/role"},
	cr + "userFeedbackRating":       {defSegment, "/caller/feedback/rating"},
	cr + "videoCodec":               {defSegment, "/media/0/streams/1/videoCodec"},
	cr + "wifiBand":                 {defSegment, "/media/0/callerNetwork/wifiBand"},
	cr + "wifiRadioType":            {defSegment, "/media/0/callerNetwork/wifiRadioType"},
	graph + "endpointType":          {defCallRecord, "/participants_v2/0/identity/endpointType"},
}

func TestEnumMembers(t *testing.T) {
	bases := map[string]any{defSegment: fullSegment(t), defSession: fullSession(t), defCallRecord: fullCallRecord(t)}
	found := 0
	for _, file := range []string{crFile, gFile} {
		for name, def := range defsOf(t, file) {
			raw, ok := def["enum"]
			if !ok {
				continue
			}
			found++
			want, ok := enumMembers[name]
			if !ok {
				t.Errorf("unexpected enum definition %s", name)
				continue
			}
			var got []string
			for _, m := range raw.([]any) {
				got = append(got, m.(string))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s members:\n got %v\nwant %v", name, got, want)
			}
			if def["type"] != "string" {
				t.Errorf("%s: type = %v, want string", name, def["type"])
			}
		}
	}
	if found != len(enumMembers) {
		t.Errorf("found %d enum definitions, want %d", found, len(enumMembers))
	}
	for name, pos := range enumPositions {
		s := schemaFor(t, pos.def)
		for _, m := range enumMembers[name] {
			doc := apply(t, bases[pos.def], edit{pos.ptr, strconv.Quote(m)})
			if err := s.Validate(doc); err != nil {
				t.Errorf("%s member %q at %s rejected: %v", name, m, pos.ptr, err)
			}
		}
		for _, bad := range []string{`"bogus"`, `""`, `"Audio"`, `0`} {
			err := s.Validate(apply(t, bases[pos.def], edit{pos.ptr, bad}))
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("%s: %s at %s accepted", name, bad, pos.ptr)
				continue
			}
			if leaf, _ := deepest(ve); leaf.InstanceLocation != pos.ptr {
				t.Errorf("%s: %s at %s: error at %q", name, bad, pos.ptr, leaf.InstanceLocation)
			}
		}
	}
}

func TestInvalid(t *testing.T) {
	seg := fullSegment(t)
	ses := fullSession(t)
	rec := fullCallRecord(t)
	tests := []struct {
		name    string
		def     string
		base    any
		edits   []edit
		wantLoc string
	}{
		// enums
		{"wrong enum member", defSegment, seg, []edit{{"/media/0/streams/0/streamDirection", `"sideways"`}}, "/media/0/streams/0/streamDirection"},
		{"modality unknown (not in CSDL)", defSession, ses, []edit{{"/modalities/0", `"unknown"`}}, "/modalities/0"},
		{"enum is case-sensitive", defSegment, seg, []edit{{"/media/0/streams/0/audioCodec", `"OPUS"`}}, "/media/0/streams/0/audioCodec"},
		{"callType wrong member", defCallRecord, rec, []edit{{"/type", `"p2p"`}}, "/type"},
		{"productFamily wrong member", defSegment, seg, []edit{{"/caller/userAgent/productFamily", `"skype"`}}, "/caller/userAgent/productFamily"},
		{"endpointType wrong member", defSegment, seg, []edit{{"/caller/identity/endpointType", `"phone"`}}, "/caller/identity/endpointType"},
		// null on non-nullable
		{"failureInfo.stage null", defSegment, seg, []edit{{"/failureInfo/stage", "null"}}, "/failureInfo/stage"},
		{"streamDirection null", defSegment, seg, []edit{{"/media/0/streams/0/streamDirection", "null"}}, "/media/0/streams/0/streamDirection"},
		{"serviceUserAgent.role null", defSegment, seg, []edit{{"/callee/userAgent/role", "null"}}, "/callee/userAgent/role"},
		{"userFeedback.rating null", defSegment, seg, []edit{{"/caller/feedback/rating", "null"}}, "/caller/feedback/rating"},
		{"traceRouteHops null", defSegment, seg, []edit{{"/media/0/callerNetwork/traceRouteHops", "null"}}, "/media/0/callerNetwork/traceRouteHops"},
		{"session.modalities null", defSession, ses, []edit{{"/modalities", "null"}}, "/modalities"},
		{"callRecord.version null", defCallRecord, rec, []edit{{"/version", "null"}}, "/version"},
		{"segment.id null", defSegment, seg, []edit{{"/id", "null"}}, "/id"},
		{"segment.startDateTime null", defSegment, seg, []edit{{"/startDateTime", "null"}}, "/startDateTime"},
		{"null item in media", defSegment, seg, []edit{{"/media/0", "null"}}, "/media/0"},
		// numbers
		{"Int32 overflow", defSegment, seg, []edit{{"/caller/cpuCoresCount", "2147483648"}}, "/caller/cpuCoresCount"},
		{"Int32 underflow", defSegment, seg, []edit{{"/media/0/callerDevice/receivedSignalLevel", "-2147483649"}}, "/media/0/callerDevice/receivedSignalLevel"},
		{"Int32 fraction", defSegment, seg, []edit{{"/media/0/callerNetwork/port", "1.5"}}, "/media/0/callerNetwork/port"},
		{"Int64 overflow", defSegment, seg, []edit{{"/media/0/callerNetwork/linkSpeed", "9223372036854775808"}}, "/media/0/callerNetwork/linkSpeed"},
		{"Int64 underflow", defSegment, seg, []edit{{"/media/0/streams/0/packetUtilization", "-9223372036854775809"}}, "/media/0/streams/0/packetUtilization"},
		{"callRecord.version overflow", defCallRecord, rec, []edit{{"/version", "18446744073709551616"}}, "/version"},
		{"Single as string", defSegment, seg, []edit{{"/media/0/streams/0/averageAudioDegradation", `"1.16"`}}, "/media/0/streams/0/averageAudioDegradation"},
		{"Single beyond float32", defSegment, seg, []edit{{"/media/0/callerDevice/micGlitchRate", "1e39"}}, "/media/0/callerDevice/micGlitchRate"},
		// durations
		{"duration empty", defSegment, seg, []edit{{"/media/0/streams/0/averageJitter", `""`}}, "/media/0/streams/0/averageJitter"},
		{"duration P", defSegment, seg, []edit{{"/media/0/streams/0/maxJitter", `"P"`}}, "/media/0/streams/0/maxJitter"},
		{"duration PT", defSegment, seg, []edit{{"/media/0/streams/0/averageRoundTripTime", `"PT"`}}, "/media/0/streams/0/averageRoundTripTime"},
		{"duration without P", defSegment, seg, []edit{{"/media/0/callerNetwork/traceRouteHops/0/roundTripTime", `"1S"`}}, "/media/0/callerNetwork/traceRouteHops/0/roundTripTime"},
		{"duration as number", defSegment, seg, []edit{{"/media/0/streams/0/maxRoundTripTime", "0.106"}}, "/media/0/streams/0/maxRoundTripTime"},
		// date-times
		{"date-time 8 fractional digits", defSegment, seg, []edit{{"/startDateTime", `"2020-02-25T18:52:21.21698890Z"`}}, "/startDateTime"},
		{"date-time without zone", defSegment, seg, []edit{{"/endDateTime", `"2021-02-23T13:54:17"`}}, "/endDateTime"},
		{"date only", defSession, ses, []edit{{"/startDateTime", `"2020-02-25"`}}, "/startDateTime"},
		{"date-time month 13", defCallRecord, rec, []edit{{"/lastModifiedDateTime", `"2020-13-25T18:52:21Z"`}}, "/lastModifiedDateTime"},
		// required
		{"segment without startDateTime", defSegment, seg, []edit{{"/startDateTime", deleteValue}}, ""},
		{"failureInfo without stage", defSegment, seg, []edit{{"/failureInfo/stage", deleteValue}}, "/failureInfo"},
		{"networkInfo without traceRouteHops", defSegment, seg, []edit{{"/media/0/calleeNetwork/traceRouteHops", deleteValue}}, "/media/0/calleeNetwork"},
		{"mediaStream without streamDirection", defSegment, seg, []edit{{"/media/0/streams/1/streamDirection", deleteValue}}, "/media/0/streams/1"},
		{"clientUserAgent without productFamily", defSegment, seg, []edit{{"/caller/userAgent/productFamily", deleteValue}}, "/caller/userAgent"},
		{"serviceUserAgent without role", defSegment, seg, []edit{{"/callee/userAgent/role", deleteValue}}, "/callee/userAgent"},
		{"userFeedback without rating", defSegment, seg, []edit{{"/caller/feedback/rating", deleteValue}}, "/caller/feedback"},
		{"session without modalities", defSession, ses, []edit{{"/modalities", deleteValue}}, ""},
		{"callRecord without version", defCallRecord, rec, []edit{{"/version", deleteValue}}, ""},
		{"nested session without endDateTime", defCallRecord, rec, []edit{{"/sessions/0/endDateTime", deleteValue}}, "/sessions/0"},
		// closed types
		{"unknown property on segment", defSegment, seg, []edit{{"/foo", "1"}}, "/foo"},
		{"unknown property on mediaStream", defSegment, seg, []edit{{"/media/0/streams/1/averageJitterMs", "16"}}, "/media/0/streams/1/averageJitterMs"},
		{"unknown property on networkInfo", defSegment, seg, []edit{{"/media/0/callerNetwork/foo", `"x"`}}, "/media/0/callerNetwork/foo"},
		{"unknown property on participantEndpoint", defSegment, seg, []edit{{"/caller/foo", "true"}}, "/caller/foo"},
		{"participantEndpoint property on serviceEndpoint", defSegment, seg, []edit{{"/callee/name", `"svc"`}}, "/callee/name"},
		{"participantEndpoint property without @odata.type", defSegment, seg, []edit{{"/caller", `{"name": "machineName_1"}`}}, "/caller/name"},
		{"derived userAgent property without @odata.type", defSegment, seg, []edit{{"/callee/userAgent/@odata.type", deleteValue}}, "/callee/userAgent/role"},
		{"unknown property on traceRouteHop", defSegment, seg, []edit{{"/media/0/callerNetwork/traceRouteHops/1/ttl", "3"}}, "/media/0/callerNetwork/traceRouteHops/1/ttl"},
		{"unknown property on nested segment", defCallRecord, rec, []edit{{"/sessions/0/segments/0/foo", "1"}}, "/sessions/0/segments/0/foo"},
		{"unknown property on organizer_v2", defCallRecord, rec, []edit{{"/organizer_v2/foo", "1"}}, "/organizer_v2/foo"},
		{"unknown property on administrativeUnitInfo", defCallRecord, rec, []edit{{"/organizer_v2/administrativeUnitInfos/0/name", `"AU"`}}, "/organizer_v2/administrativeUnitInfos/0/name"},
		{"annotation not stripped", defCallRecord, rec, []edit{{"/sessions@odata.nextLink", `"https://example.invalid"`}}, "/sessions@odata.nextLink"},
		// @odata.type
		{"unknown @odata.type on endpoint", defSegment, seg, []edit{{"/caller/@odata.type", `"#microsoft.graph.callRecords.bogusEndpoint"`}}, "/caller/@odata.type"},
		{"@odata.type without #", defSegment, seg, []edit{{"/callee/@odata.type", `"microsoft.graph.callRecords.serviceEndpoint"`}}, "/callee/@odata.type"},
		{"abstract userAgent as @odata.type", defSegment, seg, []edit{{"/caller/userAgent/@odata.type", `"#microsoft.graph.callRecords.userAgent"`}}, "/caller/userAgent/@odata.type"},
		{"identitySet where identity expected", defSegment, seg, []edit{{"/caller/associatedIdentity/@odata.type", `"#microsoft.graph.identitySet"`}}, "/caller/associatedIdentity/@odata.type"},
		{"identitySet derived type not in model", defSegment, seg, []edit{{"/caller/identity/@odata.type", `"#microsoft.graph.chatMessageFromIdentitySet"`}}, "/caller/identity/@odata.type"},
		{"organizer as participants_v2 item", defCallRecord, rec, []edit{{"/participants_v2/0/@odata.type", `"#microsoft.graph.callRecords.organizer"`}}, "/participants_v2/0/@odata.type"},
		{"wrong @odata.type on failureInfo", defSegment, seg, []edit{{"/failureInfo/@odata.type", `"#microsoft.graph.callRecords.failure"`}}, "/failureInfo/@odata.type"},
		{"wrong @odata.type on segment", defSegment, seg, []edit{{"/@odata.type", `"#microsoft.graph.callRecords.session"`}}, "/@odata.type"},
		{"base identitySet at communicationsIdentitySet position", defCallRecord, rec, []edit{{"/participants_v2/0/identity/@odata.type", `"#microsoft.graph.identitySet"`}}, "/participants_v2/0/identity/@odata.type"},
		// declared properties of open types are still typed
		{"identity.displayName number", defSegment, seg, []edit{{"/caller/associatedIdentity/displayName", "5"}}, "/caller/associatedIdentity/displayName"},
		{"derived identity property wrong type", defSegment, seg, []edit{{"/caller/identity/application/hidden", `"yes"`}}, "/caller/identity/application/hidden"},
		{"identitySet.user not an object", defSegment, seg, []edit{{"/caller/identity/user", `"Abbie"`}}, "/caller/identity/user"},
		{"feedback tokens not an object", defSegment, seg, []edit{{"/caller/feedback/tokens", "[]"}}, "/caller/feedback/tokens"},
		// wrong JSON types
		{"caller is a string", defSegment, seg, []edit{{"/caller", `"alice"`}}, "/caller"},
		{"media is an object", defSegment, seg, []edit{{"/media", "{}"}}, "/media"},
		{"isTest is a string", defSession, ses, []edit{{"/isTest", `"true"`}}, "/isTest"},
		{"id is a number", defCallRecord, rec, []edit{{"/participants_v2/1/id", "42"}}, "/participants_v2/1/id"},
		{"segment is null", defSegment, seg, []edit{{"", "null"}}, ""},
		{"sessions item is an array", defCallRecord, rec, []edit{{"/sessions/0", "[]"}}, "/sessions/0"},
	}
	if len(tests) < 30 {
		t.Fatalf("only %d invalid cases", len(tests))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := apply(t, tc.base, tc.edits...)
			err := schemaFor(t, tc.def).Validate(doc)
			if err == nil {
				t.Fatalf("accepted, want an error at %q", tc.wantLoc)
			}
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T %v, want *jsonschema.ValidationError", err, err)
			}
			leaf, _ := deepest(ve)
			t.Logf("deepest: %s", describe(leaf))
			if leaf.InstanceLocation != tc.wantLoc {
				t.Errorf("deepest cause at %q, want %q\n%#v", leaf.InstanceLocation, tc.wantLoc, ve)
			}
			// Each case breaks one thing, so there must be exactly one leaf:
			// a second one would be noise in the server's error message.
			if all := leaves(ve); len(all) != 1 {
				var lines []string
				for _, l := range all {
					lines = append(lines, describe(l))
				}
				sort.Strings(lines)
				t.Errorf("%d leaf errors, want 1:\n%s", len(all), strings.Join(lines, "\n"))
			}
		})
	}
}

// TestPrimitives checks the Edm definitions on their own. They only constrain
// values of their kind; the JSON type is stated at each use site.
func TestPrimitives(t *testing.T) {
	tests := []struct {
		def   string
		value string
		ok    bool
	}{
		{"Edm.Duration", `"PT0.016S"`, true},
		{"Edm.Duration", `"PT1M2.5S"`, true},
		{"Edm.Duration", `"P1DT2H"`, true},
		{"Edm.Duration", `"PT1H2S"`, true},
		{"Edm.Duration", `"P1D"`, true},
		{"Edm.Duration", `"-PT5S"`, true},
		{"Edm.Duration", `"PT0S"`, true},
		{"Edm.Duration", `""`, false},
		{"Edm.Duration", `"P"`, false},
		{"Edm.Duration", `"PT"`, false},
		{"Edm.Duration", `"1S"`, false},
		{"Edm.Duration", `"P1DT"`, false},
		{"Edm.Duration", `"PT1.S"`, false},
		{"Edm.Duration", `"PT.5S"`, false},
		{"Edm.Duration", `"PT0.5M"`, false},
		{"Edm.Duration", `"P1W"`, false},
		{"Edm.Duration", `"P1Y"`, false},
		{"Edm.Duration", `"+PT1S"`, false},
		{"Edm.Duration", `"pt1s"`, false},
		{"Edm.Duration", `" PT1S"`, false},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21Z"`, true},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21.5Z"`, true},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21.582757Z"`, true},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21.2169889Z"`, true},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21+05:30"`, true},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21.1-00:00"`, true},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21.21698890Z"`, false},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21"`, false},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52Z"`, false},
		{"Edm.DateTimeOffset", `"2020-02-25 18:52:21Z"`, false},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21z"`, false},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21.Z"`, false},
		{"Edm.DateTimeOffset", `"2020-02-25T24:00:00Z"`, false},
		{"Edm.DateTimeOffset", `"2020-02-25T18:52:21+0530"`, false},
		{"Edm.Int32", `2147483647`, true},
		{"Edm.Int32", `-2147483648`, true},
		{"Edm.Int32", `2147483648`, false},
		{"Edm.Int32", `-2147483649`, false},
		{"Edm.Int64", `9223372036854775807`, true},
		{"Edm.Int64", `-9223372036854775808`, true},
		{"Edm.Int64", `9223372036854775808`, false},
		{"Edm.Int64", `-9223372036854775809`, false},
		{"Edm.Single", `3.4e38`, true},
		{"Edm.Single", `-1e-45`, true},
		{"Edm.Single", `3.5e38`, false},
	}
	for _, tc := range tests {
		err := schemaFor(t, tc.def).Validate(decode(t, tc.value))
		if (err == nil) != tc.ok {
			t.Errorf("%s %s: valid=%v, want %v (%v)", tc.def, tc.value, err == nil, tc.ok, err)
		}
	}
}

// TestRealExamples validates the responses of the Graph documentation
// (testdata/README.md says where they come from).
func TestRealExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc := decode(t, string(data))
			switch {
			case strings.HasSuffix(file, ".callRecord.json"):
				if err := schemaFor(t, defCallRecord).Validate(doc); err != nil {
					t.Fatalf("%#v", err)
				}
			case strings.HasSuffix(file, ".session-list.json"):
				items, ok := doc.(map[string]any)["value"].([]any)
				if !ok || len(items) == 0 {
					t.Fatal("no value array")
				}
				for i, item := range items {
					if err := schemaFor(t, defSession).Validate(item); err != nil {
						t.Fatalf("value/%d: %#v", i, err)
					}
				}
			case strings.HasSuffix(file, ".pstnCallLogRow-list.json"), strings.HasSuffix(file, ".directRoutingLogRow-list.json"):
				def := defPstnRow
				if strings.HasSuffix(file, ".directRoutingLogRow-list.json") {
					def = defDirectRow
				}
				items, ok := doc.(map[string]any)["value"].([]any)
				if !ok || len(items) == 0 {
					t.Fatal("no value array")
				}
				for i, item := range items {
					if err := schemaFor(t, def).Validate(item); err != nil {
						t.Fatalf("value/%d: %#v", i, err)
					}
				}
			default:
				t.Fatalf("cannot tell which schema applies to %s", file)
			}
		})
	}
}

// TestErrorShapes logs the whole error tree of a few typical failures, to
// show what the server has to turn into a readable message.
func TestErrorShapes(t *testing.T) {
	seg := fullSegment(t)
	cases := []struct {
		name string
		doc  any
	}{
		{"unknown property on a closed type (unevaluatedProperties)", apply(t, seg, edit{"/media/0/streams/0/foo", "1"})},
		{"bad value inside a derived type (if/then dispatch)", apply(t, seg, edit{"/caller/userAgent/platform", `"amiga"`})},
		{"unknown @odata.type", apply(t, seg, edit{"/callee/@odata.type", `"#microsoft.graph.callRecords.bogusEndpoint"`})},
		{"null on a non-nullable enum", apply(t, seg, edit{"/failureInfo/stage", "null"})},
		{"wrong member of a nullable enum", apply(t, seg, edit{"/media/0/streams/1/videoCodec", `"vp9"`})},
		{"Int64 overflow", apply(t, seg, edit{"/media/0/callerNetwork/linkSpeed", "9223372036854775808"})},
		{"bad duration", apply(t, seg, edit{"/media/0/streams/0/averageJitter", `"16ms"`})},
		{"missing required", apply(t, seg, edit{"/endDateTime", deleteValue})},
	}
	s := schemaFor(t, defSegment)
	for _, tc := range cases {
		err := s.Validate(tc.doc)
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: got %v, want a validation error", tc.name, err)
		}
		leaf, depth := deepest(ve)
		t.Logf("%s\n  Error(): %v\n  leaf (depth %d): %s\n  tree:\n%#v", tc.name, ve, depth, describe(leaf), ve)
	}
}
