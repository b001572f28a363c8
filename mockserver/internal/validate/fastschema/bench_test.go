package fastschema

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/graphmock/graphmock/scenarios"
)

// wideSegment is the largest segment of the default scenario (media with devices, networks
// and streams), compact, as a POST body reaches the validator.
func wideSegment(b testing.TB) []byte {
	data, err := fs.ReadFile(scenarios.FS(), "default.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var y any
	if err := yaml.Unmarshal(data, &y); err != nil {
		b.Fatal(err)
	}
	doc := decodeNumber(b, string(marshal(b, y)))
	var best []byte
	for _, r := range doc.(map[string]any)["callRecords"].([]any) {
		for _, s := range r.(map[string]any)["sessions"].([]any) {
			for _, g := range s.(map[string]any)["segments"].([]any) {
				if raw := marshal(b, g); len(raw) > len(best) {
					best = raw
				}
			}
		}
	}
	return best
}

func BenchmarkValid(b *testing.B) {
	set, r := fast(b), ref(b)
	st := readSchemasTest(b)
	docs := []struct {
		name string
		raw  []byte
	}{
		{"defaultScenarioWidest", wideSegment(b)},
		{"schemasTestFullSegment", marshal(b, decodeNumber(b, st.consts["fullSegmentJSON"]))},
	}
	for _, d := range docs {
		if !set.Valid(defSegment, d.raw) {
			b.Fatalf("%s: not valid", d.name)
		}
		b.Run(d.name+"/fastschema", func(b *testing.B) {
			b.SetBytes(int64(len(d.raw)))
			b.ReportAllocs()
			for b.Loop() {
				if !set.Valid(defSegment, d.raw) {
					b.Fatal("invalid")
				}
			}
		})
		b.Run(d.name+"/jsonschema-v5", func(b *testing.B) {
			s := r.byDef[defSegment]
			b.SetBytes(int64(len(d.raw)))
			b.ReportAllocs()
			for b.Loop() {
				dec := json.NewDecoder(bytes.NewReader(d.raw))
				dec.UseNumber()
				var doc any
				if err := dec.Decode(&doc); err != nil {
					b.Fatal(err)
				}
				if err := s.Validate(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
