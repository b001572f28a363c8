package mockserver_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/scenarios"
)

func TestBrokenScenariosNameFileLineAndPointer(t *testing.T) {
	t.Parallel()
	const times = "startDateTime: 2026-11-20T10:00:00Z, endDateTime: 2026-11-20T11:00:00Z"
	const rec = "callRecords:\n  - id: r1\n    startDateTime: 2026-11-20T10:00:00Z\n    endDateTime: 2026-11-20T11:00:00Z\n"
	tests := []struct {
		name string
		yaml string
		want string // expected problem line, after the file name
	}{
		{"syntax", "name: x\ncallRecords: [\n  - a: b\n", ":2: not valid YAML or JSON: did not find expected node content"},
		{"tabs", "name: x\n\tcallRecords: []\n", ":2: not valid YAML or JSON"},
		{"empty", "", ":1: the scenario is empty"},
		{"not a mapping", "- 1\n- 2\n", ":1: expected a mapping"},
		{"unknown top key", "name: x\ncalls: []\n", ":2: /calls: unknown top-level key"},
		{"callRecords not a list", "callRecords: {}\n", ":1: /callRecords: callRecords must be a list"},
		{"missing id", "callRecords:\n  - version: 1\n", ":2: /callRecords/0/id: id is required"},
		{"numeric id", "callRecords:\n  - id: 42\n", ":2: /callRecords/0/id: id is required and must be a non-empty string"},
		{"duplicate record id", rec + "  - id: r1\n", ":5: /callRecords/1/id: call record id \"r1\" is used twice"},
		{"duplicate key", "callRecords:\n  - id: r1\n    id: r2\n", ":3: /callRecords/0: key \"id\" is defined twice"},
		{"bad date", "callRecords:\n  - id: r1\n    startDateTime: yesterday\n", ":3: /callRecords/0/startDateTime: startDateTime \"yesterday\" is not an ISO 8601 date-time"},
		{"end before start", "callRecords:\n  - id: r1\n    startDateTime: 2026-11-20T10:00:00Z\n    endDateTime: 2026-11-20T09:00:00Z\n", ":4: /callRecords/0/endDateTime: endDateTime 2026-11-20T09:00:00Z is before startDateTime"},
		{"session outside record", rec + "    sessions:\n      - id: s1\n        startDateTime: 2026-11-20T09:00:00Z\n", ":7: /callRecords/0/sessions/0/startDateTime: starts at 2026-11-20T09:00:00Z, before its call record starts"},
		{"segment outside session", rec + "    sessions:\n      - id: s1\n        endDateTime: 2026-11-20T11:00:00Z\n        segments:\n          - id: g1\n          - id: g2\n            endDateTime: 2026-11-20T12:00:00Z\n", ":11: /callRecords/0/sessions/0/segments/1/endDateTime: ends at 2026-11-20T12:00:00Z, after its session ends"},
		{"duplicate session id", rec + "    sessions:\n      - {id: s1, " + times + "}\n      - {id: s1, " + times + "}\n", ":7: /callRecords/0/sessions/1/id: session id \"s1\" is used twice"},
		{"duplicate segment id", rec + "    sessions:\n      - id: s1\n        startDateTime: 2026-11-20T10:00:00Z\n        endDateTime: 2026-11-20T11:00:00Z\n        segments:\n          - {id: g1, " + times + "}\n          - {id: g1, " + times + "}\n", ":11: /callRecords/0/sessions/0/segments/1/id: segment id \"g1\" is used twice"},
		{"sessions not a list", rec + "    sessions: 3\n", ":5: /callRecords/0/sessions: must be a list"},
		{"infinite number", "callRecords:\n  - id: r1\n    version: .inf\n", ":3: /callRecords/0/version: the number \".inf\" cannot be written in JSON"},
		{"unknown alias", "callRecords:\n  - id: r1\n    caller: *nope\n", ": not valid YAML or JSON: unknown anchor 'nope' referenced"},
		{"json too", "{\"callRecords\": [{\"id\": \"r1\", \"startDateTime\": \"nope\"}]}", ":1: /callRecords/0/startDateTime: startDateTime \"nope\""},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := mockserver.New(mockserver.WithScenarioFile(path))
			if !errors.Is(err, mockserver.ErrInvalidScenario) {
				t.Fatalf("err = %v, want ErrInvalidScenario", err)
			}
			var se *mockserver.ScenarioError
			if !errors.As(err, &se) {
				t.Fatalf("err %T is not a *ScenarioError", err)
			}
			if !strings.Contains(err.Error(), path+tc.want) {
				t.Fatalf("error does not name file, line and pointer\n got: %v\nwant: %s%s", err, path, tc.want)
			}
		})
	}
}

func TestScenarioKeepsGraphShapesAsWritten(t *testing.T) {
	t.Parallel()
	// A pasted Graph response: OData annotations are ignored, date-times keep all 7 digits,
	// Int64 values stay exact, explicit nulls and open-type extras stay, anchors and merge keys
	// resolve. Numbers are served in Graph's canonical form (a Single in shortest form).
	const yaml = `
callRecords:
  - "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#communications/callRecords(sessions(segments()))/$entity"
    id: r1
    version: 1
    type: peerToPeer
    modalities: [audio]
    lastModifiedDateTime: 2020-02-25T19:53:00Z
    startDateTime: 2020-02-25T18:52:21.2169889Z
    endDateTime: 2020-02-25T19:52:21Z
    organizer_v2@odata.context: "https://graph.microsoft.com/v1.0/$metadata#x"
    sessions@odata.nextLink: "https://graph.microsoft.com/v1.0/x?$skiptoken=abc"
    sessions:
      - id: r1
        modalities: [audio]
        startDateTime: 2020-02-25T18:52:21.2169889Z
        endDateTime: 2020-02-25T19:00:00Z
        caller: &ep
          "@odata.type": "#microsoft.graph.callRecords.participantEndpoint"
          identity: {user: {id: u1, displayName: null, tenantId: t1}}
        callee:
          <<: *ep
          name: callee-machine
        segments@odata.context: "x"
        segments:
          - id: r1
            startDateTime: 2020-02-25T18:52:21.2169889Z
            endDateTime: 2020-02-25T18:53:00Z
            media: [{streams: [{streamDirection: callerToCallee, packetUtilization: 9007199254740993, averageJitter: PT0.016S, maxPacketLossRate: 1.50e-2}]}]
`
	s, err := mockserver.New(mockserver.WithScenarioBytes("pasted.yaml", []byte(yaml)))
	if err != nil {
		t.Fatal(err)
	}
	r := get(t, s, "/v1.0/communications/callRecords/r1?$expand=sessions($expand=segments)", nil)
	body := string(r.body)
	for _, want := range []string{
		`"startDateTime":"2020-02-25T18:52:21.2169889Z"`,
		`"packetUtilization":9007199254740993`,
		`"maxPacketLossRate":0.015`,
		`"displayName":null,"tenantId":"t1"`,
		`"callee":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","identity":{"user":{"id":"u1","displayName":null,"tenantId":"t1"}},"name":"callee-machine"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s\n%s", want, body)
		}
	}
	for _, gone := range []string{"abc", "segments@odata.context", "organizer_v2@odata.context\":\"https://graph.microsoft.com"} {
		if strings.Contains(body, gone) {
			t.Errorf("body still has pasted annotation %q", gone)
		}
	}
}

func TestEmbeddedScenariosLoad(t *testing.T) {
	t.Parallel()
	for _, name := range mockserver.EmbeddedScenarios() {
		if _, err := mockserver.New(mockserver.WithScenarioName(name)); err != nil {
			t.Errorf("embedded scenario %s: %v", name, err)
		}
	}
	if _, err := mockserver.New(mockserver.WithScenarioName("nope")); !errors.Is(err, mockserver.ErrInvalidScenario) {
		t.Errorf("unknown embedded name: %v", err)
	}
}

// TestEmbeddedScenariosPassTheSchemas is why the embedded scenarios load without the schemas at
// run time: every one of them passes every check, schemas included, here.
func TestEmbeddedScenariosPassTheSchemas(t *testing.T) {
	t.Parallel()
	for _, name := range mockserver.EmbeddedScenarios() {
		data, err := fs.ReadFile(scenarios.FS(), name+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := mockserver.ValidateScenario("scenarios/"+name+".yaml", data); err != nil {
			t.Errorf("embedded scenario %s: %v", name, err)
		}
	}
}

func TestLoadScenarioIsAllOrNothingAndResetRestores(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	before := get(t, s, "/v1.0/communications/callRecords", nil).body
	bad := "callRecords:\n  - id: new\n  - id: new\n"
	if err := s.LoadScenario("bad.yaml", []byte(bad)); err == nil {
		t.Fatal("duplicate ids loaded")
	}
	if after := get(t, s, "/v1.0/communications/callRecords", nil).body; string(after) != string(before) {
		t.Fatal("a rejected load changed the state")
	}
	if err := s.LoadScenario("one.yaml", []byte("name: one\ncallRecords:\n  - id: only\n"+recordYAML)); err != nil {
		t.Fatal(err)
	}
	if info := s.ScenarioInfo(); info.Name != "one" || info.CallRecords != 1 || info.Source != "one.yaml" {
		t.Fatalf("info = %+v", info)
	}
	s.Reset()
	if c := decodeCollection(t, get(t, s, "/v1.0/communications/callRecords", nil)); len(c.Value) != 1 {
		t.Fatalf("after reset: %d records, want the loaded scenario's 1", len(c.Value))
	}
}

// TestRealGraphResponsesLoad pastes the callRecord responses of Graph's own documentation
// (schemas/testdata) into scenarios, with their control annotations put back, and reads them
// back through the API.
func TestRealGraphResponsesLoad(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../schemas/testdata/*.callRecord.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// Put back what a real response carries around the data.
			pasted := `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords(sessions(segments()))/$entity",` +
				`"sessions@odata.nextLink":"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('x')/sessions?$expand=segments&$skiptoken=abc",` +
				strings.TrimPrefix(strings.TrimSpace(string(data)), "{")
			s, err := mockserver.New(mockserver.WithScenario(mockserver.Scenario{Name: "pasted", CallRecords: []json.RawMessage{json.RawMessage(pasted)}}))
			if err != nil {
				t.Fatalf("a real Graph response does not load: %v", err)
			}
			var rec struct {
				ID       string
				Sessions []struct {
					ID       string
					Segments []json.RawMessage
				}
			}
			if err := json.Unmarshal(data, &rec); err != nil {
				t.Fatal(err)
			}
			r := get(t, s, "/v1.0/communications/callRecords/"+rec.ID+"?$expand=sessions($expand=segments)", nil)
			if r.status != 200 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			for _, ses := range rec.Sessions {
				for i := range ses.Segments {
					var seg struct{ ID string }
					_ = json.Unmarshal(ses.Segments[i], &seg)
					if g := get(t, s, "/v1.0/communications/callRecords/"+rec.ID+"/sessions/"+ses.ID+"/segments/"+seg.ID, nil); g.status != 200 {
						t.Errorf("segment %s: %d", seg.ID, g.status)
					}
				}
			}
		})
	}
}

func TestScenarioFaultIDsAreUniqueAndNilBytesAreEmpty(t *testing.T) {
	t.Parallel()
	err := mockserver.ValidateScenario("f.yaml", []byte("callRecords: []\nfaults:\n  - {id: x, status: 500}\n  - {id: x, status: 503}\n"))
	if err == nil || !strings.Contains(err.Error(), `f.yaml:4: /faults/1/id: fault rule id "x" is used twice`) {
		t.Fatalf("duplicate fault ids: %v", err)
	}
	if _, err := mockserver.New(mockserver.WithScenarioBytes("nil.yaml", nil)); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("nil bytes loaded something: %v", err)
	}
}
