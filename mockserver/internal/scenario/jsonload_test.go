package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
)

// The JSON loader must be indistinguishable from the YAML loader reading the same JSON: the same
// store (the same JSON member for member; the YAML loader re-escapes strings, so values are
// compared decoded), the same summary and fault rules, the same problems at the same lines.

// badChecker reports every string value "bad" as a violation at its pointer, and a segment
// without media as one at /media: a stand-in for the schemas with pointers at every depth.
func badChecker(t model.EntityType, raw []byte) []model.Violation {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return []model.Violation{{Message: "undecodable: " + err.Error()}}
	}
	var out []model.Violation
	var walk func(ptr string, v any)
	walk = func(ptr string, v any) {
		switch v := v.(type) {
		case string:
			if v == "bad" {
				out = append(out, model.Violation{Pointer: ptr, Message: "is bad"})
			}
		case map[string]any:
			for k, c := range v {
				walk(ptr+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(k), c)
			}
		case []any:
			for i, c := range v {
				walk(fmt.Sprintf("%s/%d", ptr, i), c)
			}
		}
	}
	walk("", doc)
	if m, ok := doc.(map[string]any); ok && t == model.Segment() && m["media"] == nil {
		out = append(out, model.Violation{Pointer: "/media", Message: "media is required here"})
	}
	// Sorted like the validator's, so both loaders see one order whatever the map's.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Pointer < out[j-1].Pointer; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// loaded describes what a load made, comparably: the records decoded, the summary, the rules,
// or the problems.
func loaded(t *testing.T, load func() (*Loaded, error)) string {
	t.Helper()
	l, err := load()
	if err != nil {
		var se *Error
		if !errors.As(err, &se) {
			return "error: " + err.Error()
		}
		return "problems:\n" + err.Error()
	}
	decode := func(raw []byte) any {
		if raw == nil {
			return "<none>"
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("stored JSON %s: %v", raw, err)
		}
		return v
	}
	var recs []any
	for _, r := range l.Store.Snapshot() {
		var sessions, participants []any
		for _, s := range r.Sessions {
			var segs []any
			for _, g := range s.Segments {
				segs = append(segs, []any{g.ID, g.Start, g.End, decode(g.Obj.Raw), g.Obj.Evolvable})
			}
			sessions = append(sessions, []any{s.ID, s.Start, s.End, decode(s.Obj.Raw), segs})
		}
		for _, p := range r.Participants {
			participants = append(participants, []any{p.ID, decode(p.Obj.Raw)})
		}
		recs = append(recs, []any{r.ID, r.Start, r.End, decode(r.Obj.Raw), decode(r.Organizer), participants, sessions, r.Timing})
	}
	var faults []any
	for _, f := range l.Faults {
		faults = append(faults, decode(f))
	}
	var rows []any // each report's rows decoded, in load order and by start time
	for _, k := range reports.Kinds() {
		for _, list := range [][]reports.Row{l.Reports.Rows(k), l.Reports.ByStart(k)} {
			for _, r := range list {
				rows = append(rows, []any{k.ScenarioKey(), r.Start, decode(r.Obj.Raw), r.Obj.Evolvable})
			}
		}
	}
	out, err := json.MarshalIndent(map[string]any{"info": l.Info, "records": recs, "faults": faults, "clock": l.Clock, "retention": l.Retention, "reports": rows}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// jsonCases are JSON scenarios, good and bad, pretty-printed so lines matter.
func jsonCases() map[string]string {
	return map[string]string{
		"empty object":      `{}`,
		"no records":        `{"name": "n", "callRecords": []}`,
		"null records":      `{"callRecords": null}`,
		"records not list":  `{"callRecords": {"id": "r"}}`,
		"name not string":   `{"name": 5, "description": null, "callRecords": []}`,
		"unknown key":       "{\n  \"name\": \"x\",\n  \"colRecords\": []\n}",
		"syntax error":      "{\n  \"callRecords\": [\n    {\"id\": \"r\",}\n  ]\n}",
		"trailing data":     `{"callRecords": []} {}`,
		"repeated key":      `{"callRecords": [], "callRecords": []}`,
		"repeated member":   `{"callRecords": [{"id": "r", "id": "s"}]}`,
		"repeated nav":      `{"callRecords": [{"id": "r", "sessions": [], "sessions": []}]}`,
		"flow yaml":         `{name: flow, callRecords: []}`,
		"record not object": `{"callRecords": [5]}`,
		"timeline": `{"clock": "2026-11-20T12:00:00Z", "retention": "30d", "callRecords": [
  {"id": "r1", "startDateTime": "2026-11-20T09:00:00Z", "endDateTime": "2026-11-20T10:00:00Z", "availableAfter": "25m"},
  {"id": "r2", "availableAfter": "2026-11-21T00:00:00Z"},
  {"id": "r3",
   "availableAfter": 5},
  {"id": "r4", "endDateTime": "2026-11-20T10:00:00Z", "availableAfter": {"x": 1}},
  {"id": "r5", "availableAfter": "25m"}
]}`,
		"bad timeline": `{"clock": "noon", "retention": "0s", "callRecords": []}`,
		"reports": `{"callRecords": [{"id": "r1"}],
  "pstnCalls": [
    {"id": "p1", "startDateTime": "2026-11-20T09:00:00Z", "charge": 0.00, "userId": "bad"},
    {"id": "p2"}
  ],
  "directRoutingCalls": [{"id": "d1", "startDateTime": "2026-11-20T09:00:00Z", "successfulCall": true}]
}`,
		"faults": `{"callRecords": [], "faults": [
  {"id": "f1", "status": 429},
  {"id": "f1", "status": 503}
]}`,
		"full": `{
  "name": "full",
  "description": "every level",
  "callRecords": [
    {
      "id": "r1",
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#communications/callRecords/$entity",
      "startDateTime": "2026-11-20T10:00:00+01:00",
      "endDateTime": "2026-11-20T10:00:00Z",
      "version": 1.0,
      "organizer_v2": {"id": "o1", "identity": {"user": {"displayName": "bad"}}},
      "participants_v2": [
        {"id": "p1"},
        {"id": "p1", "x": "bad"},
        {
          "id": ""
        }
      ],
      "sessions": [
        {
          "id": "s1",
          "startDateTime": "2026-11-20T08:30:00Z",
          "endDateTime": "2026-11-20T09:30:00Z",
          "segments": [
            {"id": "g1", "startDateTime": "2026-11-20T09:00:00Z", "endDateTime": "2026-11-20T09:10:00Z", "media": []},
            {
              "id": "g1",
              "startDateTime": "2026-11-20T09:00:00Z",
              "endDateTime": "2026-11-20T08:10:00Z",
              "media": [
                {"label": "main-audio", "streams": [{"a": 1}, {"b": "bad"}]}
              ]
            },
            {"startDateTime": "x", "media": [], "caller": {"name": "bad"}},
            {"id": "g\u00e9\"", "startDateTime": "2026-11-20T09:20:00Z", "endDateTime": "2026-11-20T09:40:00Z", "media": [], "@odata.type": "#x"}
          ],
          "caller": {"userAgent": {"headerValue": "bad"}}
        },
        {"id": "s1", "segments": null},
        {"id": "s2", "startDateTime": "2026-11-20T09:00:00Z", "endDateTime": "2026-11-20T09:30:00Z"}
      ]
    },
    {"id": "r1"},
    {"id": "r2", "organizer_v2": null, "sessions": [], "participants_v2": null}
  ]
}`,
		"good": `{"name": "good", "callRecords": [
  {"id": "r1", "startDateTime": "2026-11-20T09:00:00Z", "endDateTime": "2026-11-20T10:00:00Z", "organizer_v2": {"id": "o"},
   "participants_v2": [{"id": "p1"}, {"id": "p1"}],
   "sessions": [
     {"id": "r1", "startDateTime": "2026-11-20T09:00:00Z", "endDateTime": "2026-11-20T10:00:00Z", "segments": [
       {"id": "r1", "startDateTime": "2026-11-20T09:00:00.1234567Z", "endDateTime": "2026-11-20T09:30:00Z", "media": [{"n": 1e2, "big": 9007199254740993}]},
       {"id": "g2", "startDateTime": "2026-11-20T09:30:00Z", "endDateTime": "2026-11-20T10:00:00Z", "media": [], "text": "a\\/b \u2028 \u00e9"}
     ]}
   ]}
]}`,
	}
}

func TestJSONLoaderAgreesWithYAMLLoader(t *testing.T) {
	t.Parallel()
	for name, doc := range jsonCases() {
		for _, check := range []Checker{nil, CheckFunc(badChecker)} {
			want := loaded(t, func() (*Loaded, error) { return loadYAML("s.json", []byte(doc), check, nil) })
			got := loaded(t, func() (*Loaded, error) { return Load("s.json", []byte(doc), check, nil) })
			if got != want {
				t.Errorf("%s (checker %v): the JSON loader says\n%s\nthe YAML loader says\n%s", name, check != nil, got, want)
			}
			stream := loaded(t, func() (*Loaded, error) {
				return LoadFrom("s.json", iotest.OneByteReader(strings.NewReader(doc)), func() (io.ReadCloser, error) {
					return io.NopCloser(strings.NewReader(doc)), nil
				}, check, nil)
			})
			if stream != want {
				t.Errorf("%s (checker %v): read a byte at a time, the JSON loader says\n%s\nthe YAML loader says\n%s", name, check != nil, stream, want)
			}
		}
	}
}

// Values longer than the reader's window, strings cut at every place by the reads, and a
// session holding many segments all come through a stream as they do from memory.
func TestJSONLoaderReadsLongValuesFromAStream(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	long := strings.Repeat(`x\"y`, streamChunk/3)
	fmt.Fprintf(&b, `{"name": %q, "callRecords": [{"id": "r", "note": "%s", "sessions": [{"id": "s", "segments": [`, "long", long)
	for i := range 800 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": "g%d", "startDateTime": "2026-11-20T09:00:00Z", "endDateTime": "2026-11-20T09:00:01Z", "media": [{"pad": %q}]}`, i, strings.Repeat("p", i%700))
	}
	b.WriteString("]}]}]}")
	doc := b.String()
	want := loaded(t, func() (*Loaded, error) { return loadYAML("s.json", []byte(doc), CheckFunc(badChecker), nil) })
	for _, r := range []io.Reader{strings.NewReader(doc), iotest.HalfReader(strings.NewReader(doc)), iotest.DataErrReader(strings.NewReader(doc))} {
		got := loaded(t, func() (*Loaded, error) {
			return LoadFrom("s.json", r, func() (io.ReadCloser, error) { return nil, errors.New("not reopened") }, CheckFunc(badChecker), nil)
		})
		if got != want {
			t.Fatalf("streamed: %.300s\nwant: %.300s", got, want)
		}
	}
}

// Records and sessions are assembled in the reader's slabs: those that do not fit what is left
// of a slab, or any slab, are stored as read all the same.
func TestJSONLoaderAssemblesAcrossSlabs(t *testing.T) {
	t.Parallel()
	sizes := []int{100, slabSize - 3000, 3000, slabSize / 2, slabSize/2 + 5000, slabSize + 10, 10, slabRoom}
	note := func(i, n int) string { return strings.Repeat(string(rune('a'+i)), n) }
	var b strings.Builder
	b.WriteString(`{"callRecords": [`)
	for i, n := range sizes {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": "r%d", "note": %q, "sessions": [{"id": "s", "note": %q, "segments": [{"id": "g"}]}, {"id": "t"}]}`, i, note(i, n), note(i, n/3))
	}
	b.WriteString("]}")
	l, err := Load("s.json", []byte(b.String()), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs := l.Store.Snapshot()
	if len(recs) != len(sizes) {
		t.Fatalf("%d records", len(recs))
	}
	for i, r := range recs {
		want := fmt.Sprintf(`{"id":"r%d","note":%q}`, i, note(i, sizes[i]))
		if got := string(r.Obj.Raw); got != want {
			t.Errorf("record %d: %.80s... (%d bytes), want %.80s... (%d bytes)", i, got, len(got), want, len(want))
		}
		want = fmt.Sprintf(`{"id":"s","note":%q}`, note(i, sizes[i]/3))
		if got := string(r.Sessions[0].Obj.Raw); len(r.Sessions) != 2 || got != want {
			t.Errorf("record %d's session: %.80s... (%d bytes), want %.80s...", i, got, len(got), want)
		}
	}
}

// A read error is an error, never a half-loaded scenario.
func TestJSONLoaderReportsReadErrors(t *testing.T) {
	t.Parallel()
	doc := `{"callRecords": [{"id": "r1"}, {"id": "r2"}]}`
	r := io.MultiReader(strings.NewReader(doc[:25]), iotest.ErrReader(errors.New("disk on fire")))
	l, err := LoadFrom("s.json", r, func() (io.ReadCloser, error) { return nil, errors.New("disk still on fire") }, nil, nil)
	if l != nil || err == nil || !strings.Contains(err.Error(), "on fire") {
		t.Fatalf("loaded %v, err %v", l, err)
	}
}

// JSON that yaml.v3 cannot read (a surrogate pair escape, "\/") loads as JSON.
func TestJSONLoaderReadsWhatYAMLCannot(t *testing.T) {
	t.Parallel()
	doc := `{"callRecords": [{"id": "r\ud83d\ude00\/"}]}`
	if _, err := loadYAML("s.json", []byte(doc), nil, nil); err == nil {
		t.Fatal("yaml.v3 reads surrogate pair escapes now: the JSON loader is no longer needed for them")
	}
	l, err := Load("s.json", []byte(doc), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := l.Store.Snapshot()[0]; r.ID != "r\U0001F600/" {
		t.Fatalf("id %q", r.ID)
	}
}

func FuzzJSONLoader(f *testing.F) {
	for _, doc := range jsonCases() {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		if !startsJSON([]byte(doc)) {
			return
		}
		want := loaded(t, func() (*Loaded, error) { return loadYAML("s.json", []byte(doc), CheckFunc(badChecker), nil) })
		got := loaded(t, func() (*Loaded, error) { return Load("s.json", []byte(doc), CheckFunc(badChecker), nil) })
		if strings.Contains(want, ": not valid YAML or JSON: ") && json.Valid([]byte(doc)) {
			return // JSON that yaml.v3 cannot read (surrogate pair escapes, DEL): only the JSON loader reads it
		}
		if got != want {
			t.Fatalf("the JSON loader says\n%s\nthe YAML loader says\n%s", got, want)
		}
	})
}

// A record far bigger than a batch is handed to the workers in parts as it is read: every one of
// its segments is stored, in order, between the records around it, and the problems deep inside
// it are reported at their lines, as for any record.
func TestJSONLoaderHandsALongRecordOverInParts(t *testing.T) {
	t.Parallel()
	const n = 12000
	pad := strings.Repeat("p", 900)
	var b strings.Builder
	b.WriteString(`{"callRecords": [{"id": "r0", "sessions": [{"id": "s", "segments": [{"id": "a", "media": []}]}]},` + "\n")
	b.WriteString(`{"id": "r1", "sessions": [{"id": "s", "segments": [` + "\n") // line 2; segment i is on line i+3
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		value, end := pad, "2026-11-20T09:00:01Z"
		switch i {
		case 7001:
			value = "bad"
		case 11002:
			end = "2026-11-20T08:00:00Z"
		}
		fmt.Fprintf(&b, `{"id": "g%d", "startDateTime": "2026-11-20T09:00:00Z", "endDateTime": %q, "media": [{"pad": %q}]}`, i, end, value)
	}
	b.WriteString("]}]},\n" + `{"id": "r2"}]}`)
	doc := b.String()
	if len(doc) < 2*batchBytes {
		t.Fatalf("the long record (%d bytes) fits in two batches: the test checks nothing", len(doc))
	}
	_, err := Load("s.json", []byte(doc), CheckFunc(badChecker), nil)
	want := []string{
		"s.json:7004: /callRecords/1/sessions/0/segments/7001/media/0/pad: is bad",
		"s.json:11005: /callRecords/1/sessions/0/segments/11002/endDateTime: endDateTime 2026-11-20T08:00:00Z is before startDateTime 2026-11-20T09:00:00Z",
	}
	if err == nil || strings.TrimSpace(err.Error()) != strings.Join(want, "\n") {
		t.Errorf("problems:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
	fixed := strings.Replace(strings.Replace(doc, `"bad"`, `"good"`, 1), "08:00:00Z", "09:00:02Z", 1)
	l, err := Load("s.json", []byte(fixed), CheckFunc(badChecker), nil)
	if err != nil {
		t.Fatal(err)
	}
	recs := l.Store.Snapshot()
	if len(recs) != 3 || recs[0].ID != "r0" || recs[1].ID != "r1" || recs[2].ID != "r2" || len(recs[1].Sessions) != 1 {
		t.Fatalf("records: %d", len(recs))
	}
	segs := recs[1].Sessions[0].Segments
	if len(segs) != n {
		t.Fatalf("%d segments stored, want %d", len(segs), n)
	}
	for i, g := range segs {
		if g.ID != fmt.Sprintf("g%d", i) || g.Start.IsZero() || !bytes.HasPrefix(g.Obj.Raw, []byte(`{"id":"g`)) {
			t.Fatalf("segment %d: %s %v %.40s", i, g.ID, g.Start, g.Obj.Raw)
		}
	}
}
