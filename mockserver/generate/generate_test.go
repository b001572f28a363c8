package generate_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/generate"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the generator")

// write generates a scenario into memory.
func write(t *testing.T, o generate.Options) ([]byte, generate.Summary) {
	t.Helper()
	var b bytes.Buffer
	sum, err := generate.Write(&b, o)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), sum
}

// doc is a generated scenario decoded: what the tests look at.
type doc struct {
	CallRecords []struct {
		ID           string    `json:"id"`
		Type         string    `json:"type"`
		Modalities   []string  `json:"modalities"`
		Start        time.Time `json:"startDateTime"`
		End          time.Time `json:"endDateTime"`
		Participants []struct {
			ID string `json:"id"`
		} `json:"participants_v2"`
		Sessions []struct {
			ID          string                  `json:"id"`
			FailureInfo *struct{ Stage string } `json:"failureInfo"`
			Caller      json.RawMessage         `json:"caller"`
			Callee      json.RawMessage         `json:"callee"`
			Segments    []struct {
				ID    string            `json:"id"`
				Media []json.RawMessage `json:"media"`
			} `json:"segments"`
		} `json:"sessions"`
	} `json:"callRecords"`
	PstnCalls          []json.RawMessage `json:"pstnCalls"`
	DirectRoutingCalls []json.RawMessage `json:"directRoutingCalls"`
}

func decode(t *testing.T, data []byte) doc {
	t.Helper()
	var d doc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// The same options give the same bytes; another seed, other bytes; YAML and JSON hold the same
// data; what Write says it wrote is what it wrote.
func TestSameOptionsSameBytes(t *testing.T) {
	t.Parallel()
	o := generate.Options{Records: 15, Seed: 7}
	a, sum := write(t, o)
	b, _ := write(t, o)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same options differ")
	}
	o.Seed = 8
	if c, _ := write(t, o); bytes.Equal(a, c) {
		t.Fatal("another seed wrote the same bytes")
	}
	o.Seed, o.Format = 7, "json"
	j, jsum := write(t, o)
	var fromYAML, fromJSON any
	if err := yaml.Unmarshal(a, &fromYAML); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j, &fromJSON); err != nil {
		t.Fatal(err)
	}
	y, _ := json.Marshal(fromYAML) // YAML's numbers and strings as JSON's
	var yamlAsJSON any
	_ = json.Unmarshal(y, &yamlAsJSON)
	if !reflect.DeepEqual(yamlAsJSON, fromJSON) {
		t.Fatal("the YAML and the JSON of the same options hold different data")
	}
	if sum != jsum {
		t.Fatalf("summaries %+v and %+v", sum, jsum)
	}
	d := decode(t, j)
	got := generate.Summary{Records: len(d.CallRecords), PstnRows: len(d.PstnCalls), DirectRoutingRows: len(d.DirectRoutingCalls)}
	for _, r := range d.CallRecords {
		got.Participants += len(r.Participants)
		got.Sessions += len(r.Sessions)
		for _, s := range r.Sessions {
			got.Segments += len(s.Segments)
		}
	}
	if got != sum {
		t.Fatalf("Write said %+v, the scenario holds %+v", sum, got)
	}
}

// Every detail level in both formats passes the checks a server loads with, and the two formats
// load to the same state.
func TestGeneratedScenariosLoad(t *testing.T) {
	t.Parallel()
	for _, detail := range []string{"full", "lean", "bare"} {
		var exports [2][]byte
		for i, format := range []string{"yaml", "json"} {
			data, sum := write(t, generate.Options{Records: 20, Seed: 3, Detail: detail, Format: format, LongSession: 30, FailureRate: 0.2, PSTN: 30, Group: 30, PeerToPeer: 40})
			if err := mockserver.ValidateScenario(detail+"."+format, data); err != nil {
				t.Fatalf("%s %s: %v", detail, format, err)
			}
			s, err := mockserver.New(mockserver.WithScenarioBytes(detail+"."+format, data))
			if err != nil {
				t.Fatal(err)
			}
			info := s.ScenarioInfo()
			if info.CallRecords != sum.Records || info.Sessions != sum.Sessions || info.Segments != sum.Segments || info.Participants != sum.Participants ||
				info.PstnCalls != sum.PstnRows || info.DirectRoutingCalls != sum.DirectRoutingRows || sum.PstnRows == 0 || sum.DirectRoutingRows == 0 {
				t.Fatalf("%s %s: loaded %+v, wrote %+v", detail, format, info, sum)
			}
			if exports[i], err = s.ExportScenario(); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(exports[0], exports[1]) {
			t.Errorf("%s: the YAML and the JSON load to different states", detail)
		}
	}
}

// The shape options are obeyed exactly.
func TestShapeOptions(t *testing.T) {
	t.Parallel()
	d := decode(t, must(write(t, generate.Options{Records: 25, Seed: 1, Sessions: 3, Segments: 4, LongSession: 500, FailureRate: -1, Format: "json", Detail: "bare"})))
	if len(d.CallRecords) != 26 {
		t.Fatalf("%d records, want 25 and the long one", len(d.CallRecords))
	}
	long := 0
	for i, r := range d.CallRecords {
		if i > 0 && r.Start.Before(d.CallRecords[i-1].Start) {
			t.Errorf("record %d starts before the one before it: records are listed in start order", i)
		}
		if len(r.Sessions) == 1 && len(r.Sessions[0].Segments) == 500 {
			long++
			continue
		}
		if len(r.Sessions) != 3 {
			t.Errorf("record %d has %d sessions, want 3", i, len(r.Sessions))
		}
		for _, s := range r.Sessions {
			if len(s.Segments) != 4 || s.FailureInfo != nil {
				t.Errorf("session %s: %d segments, failure %v; want 4 and none", s.ID, len(s.Segments), s.FailureInfo)
			}
			for _, g := range s.Segments {
				if len(g.Media) != 0 {
					t.Errorf("bare segment %s has media", g.ID)
				}
			}
		}
	}
	if long != 1 {
		t.Errorf("%d long sessions, want 1", long)
	}
	d = decode(t, must(write(t, generate.Options{Records: 30, Seed: 2, Group: 1, Format: "json", Detail: "lean"})))
	for _, r := range d.CallRecords {
		if r.Type != "groupCall" {
			t.Fatalf("-group only made a %s", r.Type)
		}
		for _, s := range r.Sessions {
			for _, g := range s.Segments {
				if len(g.Media) > 1 {
					t.Fatalf("a lean segment has %d media entries, want at most the audio one", len(g.Media))
				}
			}
		}
	}
}

func must(data []byte, _ generate.Summary) []byte { return data }

// The mix follows the weights, calls peak in office hours on working days, and about the asked
// share of sessions fails, each stage represented: checked on 2,000 records, with room for chance.
func TestDistributions(t *testing.T) {
	t.Parallel()
	d := decode(t, must(write(t, generate.Options{Records: 2000, Seed: 11, Format: "json", Detail: "bare", FailureRate: 0.1})))
	types, office, weekday, sessions, failed := map[string]int{}, 0, 0, 0, map[string]int{}
	pstn := 0
	for i, r := range d.CallRecords {
		if i > 0 && r.Start.Before(d.CallRecords[i-1].Start) {
			t.Fatalf("record %d starts before the one before it: records are listed in start order", i)
		}
		types[r.Type]++
		if h := r.Start.Hour(); h >= 8 && h < 18 {
			office++
		}
		if wd := r.Start.Weekday(); wd != time.Saturday && wd != time.Sunday {
			weekday++
		}
		for _, s := range r.Sessions {
			sessions++
			if s.FailureInfo != nil {
				failed[s.FailureInfo.Stage]++
			}
			if strings.Contains(string(s.Callee)+string(s.Caller), `"mediationServer"`) || strings.Contains(string(s.Callee)+string(s.Caller), `"gateway"`) {
				pstn++
			}
		}
	}
	share := func(n, of int) float64 { return float64(n) / float64(of) }
	if p := share(types["peerToPeer"], 2000); p < 0.58 || p > 0.72 { // peer-to-peer and PSTN calls (55 + 10)
		t.Errorf("peer-to-peer records %.2f, want about 0.65", p)
	}
	if office < 1600 || weekday < 1700 {
		t.Errorf("%d of 2000 calls start in office hours and %d on working days: want most", office, weekday)
	}
	if p := share(failed["callSetup"]+failed["midcall"], sessions); p < 0.07 || p > 0.13 || failed["callSetup"] == 0 || failed["midcall"] == 0 {
		t.Errorf("failed sessions %v of %d, want about a tenth, both stages", failed, sessions)
	}
	if pstn == 0 {
		t.Error("no session goes through a mediation server or a gateway")
	}
}

// Options out of range are refused, naming the option, before anything is written.
func TestOptionsOutOfRange(t *testing.T) {
	t.Parallel()
	for _, o := range []generate.Options{
		{Records: -1}, {Records: generate.MaxRecords + 1}, {Window: time.Minute}, {Window: -time.Hour},
		{Sessions: generate.MaxSessions + 1}, {Segments: -1}, {LongSession: generate.MaxSegments + 1},
		{FailureRate: 1.5}, {PeerToPeer: -1}, {Detail: "rich"}, {Format: "xml"}, {Users: -3},
	} {
		var b bytes.Buffer
		_, err := generate.Write(&b, o)
		var oe *generate.OptionError
		if err == nil || !strings.Contains(err.Error(), ": ") || b.Len() != 0 {
			t.Errorf("%+v: err %v, %d bytes written", o, err, b.Len())
		} else if ok := errorsAs(err, &oe); !ok || oe.Option == "" {
			t.Errorf("%+v: %T is not an *OptionError naming the option", o, err)
		}
	}
}

func errorsAs(err error, target **generate.OptionError) bool {
	oe, ok := err.(*generate.OptionError)
	*target = oe
	return ok
}

// A small generated scenario, byte for byte: a change to the generator shows as a diff here
// (regenerate with go test ./mockserver/generate -run Golden -update, and review it).
func TestGolden(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]generate.Options{
		"small.yaml": {Records: 4, Seed: 42, PSTN: 40, Group: 30, PeerToPeer: 30, FailureRate: 0.2},
		"lean.json":  {Records: 3, Seed: 42, Detail: "lean", Format: "json", Segments: 2},
	} {
		got, _ := write(t, o)
		path := filepath.Join("testdata", name+".golden")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s: run with -update and review the diff", name, path)
		}
	}
}
