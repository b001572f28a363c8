package canon

import (
	"encoding/json"
	"io/fs"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/schemas"
)

func TestAppendDateTime(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`"2026-11-20T10:20:00+01:00"`, `"2026-11-20T09:20:00Z"`},
		{`"2026-11-20T10:20:00.5+01:00"`, `"2026-11-20T09:20:00.5Z"`},
		{`"2026-11-20T10:20:00.5000000-05:30"`, `"2026-11-20T15:50:00.5000000Z"`},
		{`"2026-01-01T00:30:00.2169889+01:00"`, `"2025-12-31T23:30:00.2169889Z"`},
		{`"2026-11-20T10:20:00+00:00"`, `"2026-11-20T10:20:00Z"`},
		{`"2026-11-20T10:20:00-00:00"`, `"2026-11-20T10:20:00Z"`},
		{`"2026-11-20T10:20:00.120Z"`, `"2026-11-20T10:20:00.120Z"`},
		{`"2026-11-20T10:20:00"`, `"2026-11-20T10:20:00"`},
		{`"2026-02-30T10:20:00+01:00"`, `"2026-02-30T10:20:00+01:00"`},
		{`"9999-12-31T23:30:00-01:00"`, `"9999-12-31T23:30:00-01:00"`},
		{`"2026-11-20T10:20:00.+01:00"`, `"2026-11-20T10:20:00.+01:00"`},
		{`"not a date at all, really"`, `"not a date at all, really"`},
	}
	for _, tc := range tests {
		if got := string(appendDateTime(nil, []byte(tc.in))); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestAppendInteger(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"100", "100"}, {"1e2", "100"}, {"1E+2", "100"}, {"1.0", "1"}, {"-0", "0"}, {"-0.0e3", "0"},
		{"100.000", "100"}, {"0.5e1", "5"}, {"-25e-1", "-25e-1"}, {"1.5", "1.5"}, {"1e-1", "1e-1"},
		{"4294967295", "4294967295"}, {"42.00e1", "420"}, {"1e99", "1e99"}, {"0e0", "0"}, {"-7E0", "-7"},
	}
	for _, tc := range tests {
		if got := string(appendInteger(nil, []byte(tc.in))); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestAppendFloat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		single bool
		want   string
	}{
		{"1.0", true, "1"}, {"6.025816e1", true, "60.25816"}, {"0.0123", true, "0.0123"}, {"1E+2", true, "100"},
		{"0.1234567891", true, "0.12345679"}, {"0.1234567891", false, "0.1234567891"}, {"1e-7", false, "1e-7"},
		{"3.5e38", true, "3.5e38"}, {"-0", true, "-0"}, {"1e21", false, "1e+21"}, {"123456789012345678", false, "123456789012345680"},
	}
	for _, tc := range tests {
		if got := string(appendFloat(nil, []byte(tc.in), tc.single)); got != tc.want {
			t.Errorf("%s (single %v): got %s, want %s", tc.in, tc.single, got, tc.want)
		}
	}
}

// segmentIn is a segment as a client may write it; segmentOut is its canonical form.
const (
	segmentIn = `{"@odata.context":"x","id":"g","startDateTime":"2026-11-20T10:20:00.5+01:00","endDateTime":"2026-11-20T09:30:00Z",` +
		`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":8.0,"name":"1e2",` +
		`"userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"\u0061ndroid","productFamily":"azureCommunicationServices"}},` +
		`"media":[{"streams":[{"streamDirection":"callerToCallee","packetUtilization":1E+2,"averagePacketLossRate":1.0e-2,"startDateTime":null,"endDateTime":"2026-11-20T09:00:00-05:00"}]}]}`
	segmentOut = `{"id":"g","startDateTime":"2026-11-20T09:20:00.5Z","endDateTime":"2026-11-20T09:30:00Z",` +
		`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":8,"name":"1e2",` +
		`"userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"android","productFamily":"azureCommunicationServices"}},` +
		`"media":[{"streams":[{"streamDirection":"callerToCallee","packetUtilization":100,"averagePacketLossRate":0.01,"startDateTime":null,"endDateTime":"2026-11-20T14:00:00Z"}]}]}`
)

func TestCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		evolvable      bool
	}{
		{"everything at once", segmentIn, segmentOut, true},
		{"already canonical", segmentOut, segmentOut, true},
		{"no evolvable member", `{"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","productFamily":"teams"}}}`,
			`{"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","productFamily":"teams"}}}`, false},
		{"evolvable name in a free-text member", `{"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","name":"azureCommunicationServices"}}`,
			`{"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","name":"azureCommunicationServices"}}`, false},
		{"wrong kinds kept", `{"startDateTime":5,"media":[{"streams":[{"packetUtilization":"1e2","averageJitter":1.0}]}]}`,
			`{"startDateTime":5,"media":[{"streams":[{"packetUtilization":"1e2","averageJitter":1.0}]}]}`, false},
		{"undeclared members kept", `{"foo":1.0,"bar":{"x":1e2}}`, `{"foo":1.0,"bar":{"x":1e2}}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			obj, err := jsondoc.Parse([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Canonical(model.Segment(), obj)
			if err != nil {
				t.Fatal(err)
			}
			if string(got.Raw) != tc.want || got.Evolvable != tc.evolvable {
				t.Errorf("got %s (evolvable %v)\nwant %s (evolvable %v)", got.Raw, got.Evolvable, tc.want, tc.evolvable)
			}
			if len(got.Fields) == 0 || got.Fields[0].Name == "@odata.context" {
				t.Errorf("fields %+v", got.Fields)
			}
		})
	}
}

func TestShow(t *testing.T) {
	t.Parallel()
	stored := `{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","headerValue":null,"platform":"android","productFamily":"azureCommunicationServices"}`
	tests := []struct {
		name string
		show Show
		want string
	}{
		{"default", Show{}, `{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","headerValue":null,"platform":"android","productFamily":"unknownFutureValue"}`},
		{"unknown members", Show{UnknownEnumMembers: true}, stored},
		{"omit nulls", Show{OmitNulls: true, UnknownEnumMembers: true}, `{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"android","productFamily":"azureCommunicationServices"}`},
		{"both", Show{OmitNulls: true}, `{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"android","productFamily":"unknownFutureValue"}`},
	}
	value := `{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","name":null,"userAgent":` + stored + `}`
	for _, tc := range tests {
		got := string(tc.show.AppendValue(nil, model.Segment(), "caller", []byte(value)))
		want := `{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint",` + map[bool]string{false: `"name":null,`, true: ""}[tc.show.OmitNulls] + `"userAgent":` + tc.want + `}`
		if got != want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, want)
		}
	}
	// A member named like an evolvable enum member but not at an enum position stays.
	if got := string(Show{}.AppendValue(nil, model.Segment(), "caller", []byte(`{"name":"azureCommunicationServices"}`))); got != `{"name":"azureCommunicationServices"}` {
		t.Errorf("free text changed: %s", got)
	}
	// Nulls inside arrays of objects go; array items themselves are kept.
	if got := string(Show{OmitNulls: true}.AppendValue(nil, model.Segment(), "media", []byte(`[{"label":null,"streams":[{"streamId":null,"streamDirection":"callerToCallee"}]}]`))); got != `[{"streams":[{"streamDirection":"callerToCallee"}]}]` {
		t.Errorf("omit nulls in media: %s", got)
	}
	organizer := []byte(`{"id":"o","identity":null}`)
	if got := string(Show{}.AppendObject(nil, model.Organizer(), organizer)); got != string(organizer) {
		t.Errorf("organizer changed: %s", got)
	}
	if got := string(Show{OmitNulls: true}.AppendObject(nil, model.Organizer(), organizer)); got != `{"id":"o"}` {
		t.Errorf("organizer without nulls: %s", got)
	}
}

// TestEvolvableMembersComeFromTheSchemas checks that the evolvable members are exactly the enum
// members the schemas list after unknownFutureValue (read here independently of the builder), and
// that the types that can hold one are known, so a read of the others never looks for one.
func TestEvolvableMembersComeFromTheSchemas(t *testing.T) {
	t.Parallel()
	var want []string
	names, _ := fs.Glob(schemas.FS(), "*.json")
	for _, name := range names {
		data, _ := fs.ReadFile(schemas.FS(), name)
		var doc struct {
			Defs map[string]struct {
				Enum []string `json:"enum"`
			} `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for def, d := range doc.Defs {
			for i, m := range d.Enum {
				if i > 0 && contains(d.Enum[:i], "unknownFutureValue") {
					want = append(want, def+"."+m)
				}
			}
		}
	}
	if !contains(want, "microsoft.graph.callRecords.productFamily.azureCommunicationServices") {
		t.Fatalf("the schemas list %v after unknownFutureValue; productFamily.azureCommunicationServices is missing", want)
	}
	m, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	seen := map[*node]bool{}
	var walk func(path string, n *node)
	walk = func(path string, n *node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		for member := range n.evolvable {
			got = append(got, member)
		}
		walk(path+"/*", n.items)
		for k, p := range n.props {
			walk(path+"/"+k, p)
		}
		for k, v := range n.variants {
			walk(path+"("+k+")", v)
		}
	}
	for _, ty := range model.All() {
		walk(ty.Name(), m[ty.Name()])
	}
	sort.Strings(got)
	if len(got) != len(want) {
		t.Errorf("evolvable members reachable from the entities: %v; the schemas list %v", got, want)
	}
	for ty, wantMay := range map[string]bool{"microsoft.graph.callRecords.segment": true, "microsoft.graph.callRecords.session": true,
		"microsoft.graph.callRecords.organizer": false, "microsoft.graph.callRecords.participant": false} {
		if m[ty].mayEvolve != wantMay {
			t.Errorf("%s may hold an evolvable member: %v, want %v", ty, m[ty].mayEvolve, wantMay)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestShortestFloatNeedsNoConversion checks the shortcut that skips converting a number: it may
// only say "already shortest" for a literal appendFloat would write unchanged.
func TestShortestFloatNeedsNoConversion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lit    string
		single bool
		want   bool
	}{
		{"0", true, true}, {"-0", true, false}, {"0.0", true, false}, {"1", true, true}, {"0.0123", true, true},
		{"60.2581", true, true}, {"60.25816", true, false}, {"60.25816", false, true}, {"0.10", true, false},
		{"0.000001", true, true}, {"0.0000001", true, false}, {"1e2", true, false}, {"01", true, false},
		{"123456789012345", false, true}, {"1234567890123456", false, false}, {"-3887", true, true}, {"1.", true, false},
	}
	for _, tc := range tests {
		if got := shortestFloat([]byte(tc.lit), tc.single); got != tc.want {
			t.Errorf("shortestFloat(%s, single %v) = %v, want %v", tc.lit, tc.single, got, tc.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		lit := strconv.FormatFloat(rng.Float64()*math.Pow(10, float64(rng.IntN(24)-9)), 'f', rng.IntN(12), 64)
		single := i%2 == 0
		if shortestFloat([]byte(lit), single) && string(appendFloat(nil, []byte(lit), single)) != lit {
			t.Fatalf("shortestFloat(%s, single %v) but appendFloat writes %s", lit, single, appendFloat(nil, []byte(lit), single))
		}
	}
}
