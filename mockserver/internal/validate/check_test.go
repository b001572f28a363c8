package validate

import (
	"errors"
	"reflect"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// segment is a valid segment body with extra members.
func segment(extra string) string {
	if extra != "" {
		extra = "," + extra
	}
	return `{"startDateTime":"2026-11-21T09:03:00Z","endDateTime":"2026-11-21T09:04:00Z"` + extra + `}`
}

// network and stream are the members Graph always sends in a networkInfo and a mediaStream
// (their non-nullable ones), for bodies that test something else.
const (
	network = `"connectionType":"wired","networkTransportProtocol":"udp","wifiBand":"unknown","wifiRadioType":"unknown","traceRouteHops":[],`
	stream  = `"streamDirection":"callerToCallee",`
)

// vi is a violation, for tables.
func vi(pointer, code, message string) model.Violation {
	return model.Violation{Pointer: pointer, Code: code, Message: message}
}

func compiled(t testing.TB) *Validator {
	t.Helper()
	v, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCheckNamesTheFieldAndWhy pins the violations (code, pointer and the exact message) that
// request bodies and scenario files get: Graph clients and scenario authors read these.
func TestCheckNamesTheFieldAndWhy(t *testing.T) {
	t.Parallel()
	v := compiled(t)
	tests := []struct {
		name string
		t    model.EntityType
		raw  string
		want []model.Violation
	}{
		{"valid", model.Segment(), segment(""), nil},
		{"valid session", model.Session(), `{"id":"s","modalities":["audio"],"startDateTime":"2026-11-21T09:00:00Z","endDateTime":"2026-11-21T09:10:00Z"}`, nil},
		{"non-nullable members are required", model.Segment(), segment(`"failureInfo":{"reason":"x"},"media":[{"streams":[{}],"callerNetwork":{}}]`), []model.Violation{
			vi("/failureInfo/stage", "required", "stage is required on microsoft.graph.callRecords.failureInfo"),
			vi("/media/0/callerNetwork/connectionType", "required", "connectionType is required on microsoft.graph.callRecords.networkInfo"),
			vi("/media/0/callerNetwork/networkTransportProtocol", "required", "networkTransportProtocol is required on microsoft.graph.callRecords.networkInfo"),
			vi("/media/0/callerNetwork/traceRouteHops", "required", "traceRouteHops is required on microsoft.graph.callRecords.networkInfo"),
			vi("/media/0/callerNetwork/wifiBand", "required", "wifiBand is required on microsoft.graph.callRecords.networkInfo"),
			vi("/media/0/callerNetwork/wifiRadioType", "required", "wifiRadioType is required on microsoft.graph.callRecords.networkInfo"),
			vi("/media/0/streams/0/streamDirection", "required", "streamDirection is required on microsoft.graph.callRecords.mediaStream"),
		}},
		{"unknown property", model.Segment(), segment(`"foo":1`),
			[]model.Violation{vi("/foo", "unknownProperty", "unknown property 'foo' on microsoft.graph.callRecords.segment")}},
		{"unknown property needing escapes", model.Segment(), segment(`"a~/b":1`),
			[]model.Violation{vi("/a~0~1b", "unknownProperty", "unknown property 'a~/b' on microsoft.graph.callRecords.segment")}},
		{"nested unknown property", model.Segment(), segment(`"media":[{"streams":[{` + stream + `"bogus":true}]}]`),
			[]model.Violation{vi("/media/0/streams/0/bogus", "unknownProperty", "unknown property 'bogus' on microsoft.graph.callRecords.mediaStream")}},
		{"required, one per member, sorted", model.Segment(), `{}`, []model.Violation{
			vi("/endDateTime", "required", "endDateTime is required on microsoft.graph.callRecords.segment"),
			vi("/startDateTime", "required", "startDateTime is required on microsoft.graph.callRecords.segment"),
		}},
		{"null where not nullable", model.Segment(), segment(`"failureInfo":{"stage":null}`),
			[]model.Violation{vi("/failureInfo/stage", "nullNotAllowed", "stage may not be null: it is not nullable")}},
		{"wrong type", model.Segment(), segment(`"media":{}`),
			[]model.Violation{vi("/media", "invalidType", "media: expected array or null, but got object")}},
		{"float for an integer", model.Segment(), segment(`"media":[{"callerNetwork":{` + network + `"port":80.5}}]`),
			[]model.Violation{vi("/media/0/callerNetwork/port", "invalidType", "port: 80.5 is not an integer: Edm.Int32 and Edm.Int64 values have no fraction")}},
		{"exponent with a fraction for an integer", model.Segment(), segment(`"media":[{"streams":[{` + stream + `"packetUtilization":15e-1}]}]`),
			[]model.Violation{vi("/media/0/streams/0/packetUtilization", "invalidType", "packetUtilization: 15e-1 is not an integer: Edm.Int32 and Edm.Int64 values have no fraction")}},
		{"integers in other spellings", model.Segment(), segment(`"media":[{"streams":[{` + stream + `"packetUtilization":1E+2}],"callerNetwork":{` + network + `"port":-0,"relayPort":100.0}}]`), nil},
		{"enum member", model.Segment(), segment(`"media":[{"streams":[{"streamDirection":"both"}]}]`),
			[]model.Violation{vi("/media/0/streams/0/streamDirection", "invalidValue", `"both" is not a member of microsoft.graph.callRecords.mediaStreamDirection; value must be one of "callerToCallee", "calleeToCaller"`)}},
		{"derived type", model.Segment(), segment(`"caller":{"@odata.type":"#x"}`),
			[]model.Violation{vi("/caller/@odata.type", "invalidType", `"#x" is not a type allowed here; value must be one of "#microsoft.graph.callRecords.endpoint", "#microsoft.graph.callRecords.participantEndpoint", "#microsoft.graph.callRecords.serviceEndpoint"`)}},
		{"date-time", model.Segment(), `{"startDateTime":"2026-11-21 09:03","endDateTime":"2026-11-21T09:04:00Z"}`,
			[]model.Violation{vi("/startDateTime", "invalidValue", `"2026-11-21 09:03" is not an Edm.DateTimeOffset: use ISO 8601 with 0 to 7 fractional digits and Z or an offset, such as 2026-11-20T10:15:42.4170000Z`)}},
		{"duration", model.Segment(), segment(`"media":[{"streams":[{` + stream + `"averageJitter":"16ms"}]}]`),
			[]model.Violation{vi("/media/0/streams/0/averageJitter", "invalidValue", `"16ms" is not an Edm.Duration: use ISO 8601, such as PT0.016S or PT1M30S`)}},
		{"Int32 range", model.Segment(), segment(`"media":[{"callerNetwork":{` + network + `"port":2147483648}}]`),
			[]model.Violation{vi("/media/0/callerNetwork/port", "invalidValue", "2147483648 is out of the Edm.Int32 range")}},
		{"Int64 range, exactly", model.Segment(), segment(`"media":[{"streams":[{` + stream + `"packetUtilization":9223372036854775808}]}]`),
			[]model.Violation{vi("/media/0/streams/0/packetUtilization", "invalidValue", "9223372036854775808 is out of the Edm.Int64 range")}},
		{"huge exponent", model.Segment(), segment(`"media":[{"streams":[{"averageJitter":1e99999999}]}]`),
			[]model.Violation{vi("", "invalidValue", "a number's exponent is beyond every Edm range (Int64, Single, Double)")}},
		{"not JSON", model.Segment(), `{"startDateTime":`,
			[]model.Violation{vi("", "invalidJson", "not valid JSON: unexpected EOF")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := v.Check(tc.t, []byte(tc.raw))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Check(%s)\n got  %q\n want %q", tc.raw, got, tc.want)
			}
		})
	}
}

// TestCheckFitsScenarioLoading: scenario loading takes its checker as a plain function.
func TestCheckFitsScenarioLoading(t *testing.T) {
	t.Parallel()
	var check func(model.EntityType, []byte) []model.Violation = compiled(t).Check
	if vs := check(model.Organizer(), []byte(`{"id":"o","x":1}`)); len(vs) != 1 || vs[0].Pointer != "/x" {
		t.Errorf("organizer violations = %q, want one at /x", vs)
	}
}

func TestCheckBodyIsAnInvalidError(t *testing.T) {
	t.Parallel()
	v := compiled(t)
	if err := v.CheckBody(model.Segment(), []byte(segment(""))); err != nil {
		t.Fatalf("valid body: %v", err)
	}
	err := v.CheckBody(model.Segment(), []byte(segment(`"foo":1,"media":{}`)))
	var ie *model.InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %T %v, want *model.InvalidError", err, err)
	}
	if ie.Type != model.Segment() || len(ie.Violations) != 2 || ie.Violations[0].Pointer != "/foo" || ie.Violations[1].Pointer != "/media" {
		t.Errorf("InvalidError = %+v", ie)
	}
}

func TestLookupPointerAndOwnerDef(t *testing.T) {
	t.Parallel()
	doc := map[string]any{"a/b": []any{"x", map[string]any{"~": true}}}
	if got, ok := lookupPointer(doc, "/a~1b/1/~0"); !ok || got != true {
		t.Errorf("lookupPointer = %v, %v", got, ok)
	}
	for _, ptr := range []string{"/nope", "/a~1b/2", "/a~1b/x", "/a~1b/0/y"} {
		if _, ok := lookupPointer(doc, ptr); ok {
			t.Errorf("lookupPointer(%s) found something", ptr)
		}
	}
	if got := ownerDef("x.json#/$defs/a/properties/b/$ref/$defs/Edm.Int32/maximum"); got != "Edm.Int32" {
		t.Errorf("ownerDef = %q", got)
	}
	if got := ownerDef("x.json#/properties/b"); got != "" {
		t.Errorf("ownerDef without $defs = %q", got)
	}
}
