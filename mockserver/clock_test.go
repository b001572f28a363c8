package mockserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// The timeline scenario's records and its clock's start.
const (
	recordNow     = "11111111-1111-4111-8111-111111111111"
	recordLater   = "22222222-2222-4222-8222-222222222222" // available at 12:15
	recordExpired = "33333333-3333-4333-8333-333333333333" // past the 30-day retention
	recordsURL    = "/v1.0/communications/callRecords"
)

var timelineStart = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// newTimeline is a server on testdata/timeline.yaml whose clock starts where the scenario says
// and follows real time.
func newTimeline(t *testing.T, opts ...mockserver.Option) *mockserver.Server {
	t.Helper()
	s, err := mockserver.New(append([]mockserver.Option{mockserver.WithScenarioFile("testdata/timeline.yaml")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// clockReading is GET /_mock/clock's answer.
type clockReading struct {
	Now    time.Time `json:"now"`
	Frozen bool      `json:"frozen"`
}

func readClock(t *testing.T, r result) clockReading {
	t.Helper()
	var c clockReading
	if r.status != http.StatusOK || json.Unmarshal(r.body, &c) != nil {
		t.Fatalf("clock: %d %s", r.status, r.body)
	}
	return c
}

func TestClockEndpointsSteerTheNamespace(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Freeze(true) // from here on only steering moves it
	start := s.Clock().Now()
	if d := start.Sub(timelineStart); d < 0 || d > time.Minute {
		t.Fatalf("the scenario's clock: starts at %v", start)
	}
	for _, c := range []struct {
		body   string
		want   time.Time
		frozen bool
	}{
		{`{"advance":"30m"}`, start.Add(30 * time.Minute), true},
		{`{"advance":"1d2h"}`, start.Add(30*time.Minute + 26*time.Hour), true},
		{`{"set":"2026-12-01T10:00:00Z"}`, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), true},
		{`{"set":"2026-12-01T11:00:00+01:00","freeze":true}`, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), true},
		{`{"advance":"0s","freeze":false}`, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), false},
	} {
		got := readClock(t, send(t, s, http.MethodPost, "/_mock/clock", c.body, nil))
		if c.frozen && !got.Now.Equal(c.want) || !c.frozen && (got.Now.Before(c.want) || got.Now.After(c.want.Add(time.Minute))) || got.Frozen != c.frozen {
			t.Fatalf("%s: %+v, want %v frozen=%v", c.body, got, c.want, c.frozen)
		}
	}
	s.Clock().Freeze(true) // first, or the clock runs on between the two
	s.Clock().Set(time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC))
	got := readClock(t, get(t, s, "/_mock/clock", nil))
	if !got.Now.Equal(time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)) || !got.Frozen {
		t.Fatalf("GET after Set: %+v", got)
	}
	// Graph's answers read the same clock: the Date header, error dates, the journal.
	r := get(t, s, recordsURL+"/nope", nil)
	if r.header.Get("Date") != "Wed, 02 Dec 2026 08:00:00 GMT" || !strings.HasPrefix(decodeError(t, r).Error.InnerError.Date, "2026-12-02T08:00:00") {
		t.Fatalf("Date %q, error date %q", r.header.Get("Date"), decodeError(t, r).Error.InnerError.Date)
	}
	if j := s.Requests(); len(j) != 1 || !j[0].Time.Equal(got.Now) {
		t.Fatalf("journal time: %+v", j)
	}
	// Each namespace has its own clock.
	other := readClock(t, get(t, s, "/_ns/other/_mock/clock", nil))
	if d := other.Now.Sub(timelineStart); other.Frozen || d < 0 || d > time.Minute {
		t.Fatalf("another namespace's clock: %+v", other)
	}
}

func TestClockRefusesBadSteering(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Freeze(true)
	before := s.Clock().Now()
	for _, c := range []struct {
		body, contentType string
		status            int
		msg               string
	}{
		{`{"advance":"30m"}`, "text/plain", 415, ""},
		{`[1]`, "", 400, "is not a JSON object"},
		{`null`, "", 400, "is not a JSON object"},
		{`{"advance":"30m"`, "", 400, "is not a JSON object"},
		{`{}`, "", 400, "says nothing"},
		{`{"advance":"30m","jump":true}`, "", 400, `unknown member "jump"`},
		{`{"advance":30}`, "", 400, `advance must be a length of time such as "30m", not 30`},
		{`{"advance":null}`, "", 400, "advance must be a length of time"},
		{`{"advance":"-5m"}`, "", 400, "the clock goes back with set"},
		{`{"advance":"soon"}`, "", 400, `"soon" is not a length of time`},
		{`{"set":"tomorrow"}`, "", 400, `set: "tomorrow" is not a date-time`},
		{`{"set":1}`, "", 400, "set must be a date-time string"},
		{`{"freeze":"yes"}`, "", 400, "freeze must be true or false"},
		{`{"advance":"1m","set":"2026-12-01T10:00:00Z"}`, "", 400, "not both"},
	} {
		header := http.Header{"Content-Type": {"application/json"}}
		if c.contentType != "" {
			header.Set("Content-Type", c.contentType)
		}
		r := send(t, s, http.MethodPost, "/_mock/clock", c.body, header)
		e := decodeError(t, r)
		if r.status != c.status || !strings.Contains(e.Error.Message, c.msg) {
			t.Errorf("%s: %d %s, want %d %q", c.body, r.status, e.Error.Message, c.status, c.msg)
		}
	}
	if !s.Clock().Now().Equal(before) {
		t.Fatal("a refused steering moved the clock")
	}
}

func TestRecordsBecomeAvailableAndExpire(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Freeze(true)
	s.Clock().Set(timelineStart)
	later := recordsURL + "/" + recordLater
	listed := func() []string { return ids(t, decodeCollection(t, get(t, s, recordsURL, nil)).Value) }
	// Before it is generated: a 404 like any unknown record, left out of lists and $count, and
	// writes under it are 404 too.
	r := get(t, s, later+"?$expand=sessions($expand=segments)", nil)
	if e := decodeError(t, r); r.status != 404 || e.Error.Code != "NotFound" || !strings.Contains(e.Error.Message, recordLater) {
		t.Fatalf("not yet available: %d %s", r.status, r.body)
	}
	if got := listed(); len(got) != 1 || got[0] != recordNow {
		t.Fatalf("listed %v", got)
	}
	if r := get(t, s, recordsURL+"/$count", nil); string(r.body) != "1" {
		t.Fatalf("$count = %s", r.body)
	}
	if r := send(t, s, http.MethodPost, later+"/sessions/s1/segments", `{"startDateTime":"2026-11-28T11:41:00Z","endDateTime":"2026-11-28T11:42:00Z"}`, nil); r.status != 404 {
		t.Fatalf("a write under it: %d %s", r.status, r.body)
	}
	s.Clock().Advance(14 * time.Minute)
	if r := get(t, s, later, nil); r.status != 404 {
		t.Fatalf("a minute early: %d", r.status)
	}
	s.Clock().Advance(time.Minute)
	if r := get(t, s, later+"?$expand=sessions($expand=segments)", nil); r.status != 200 {
		t.Fatalf("at its time: %d %s", r.status, r.body)
	}
	if got := listed(); len(got) != 2 {
		t.Fatalf("listed %v", got)
	}
	// The record that started 40 days ago is past the scenario's retention.
	if r := get(t, s, recordsURL+"/"+recordExpired, nil); r.status != 404 {
		t.Fatalf("past retention: %d", r.status)
	}
	s.Clock().Set(time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)) // back: within its 30 days again
	if r := get(t, s, recordsURL+"/"+recordExpired, nil); r.status != 200 {
		t.Fatalf("within retention: %d", r.status)
	}
	s.Clock().Set(time.Date(2026, 12, 28, 11, 0, 0, 0, time.UTC)) // 30 days after 10:30, not yet after 11:40
	if got := listed(); len(got) != 1 || got[0] != recordLater {
		t.Fatalf("30 days on: listed %v", got)
	}
}

func TestScenarioClockStartsEachLoadAndReset(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Freeze(true)
	s.Clock().Advance(48 * time.Hour)
	s.Reset() // the clock restarts as a new server's: running, from the scenario's start
	if c := readClock(t, get(t, s, "/_mock/clock", nil)); c.Frozen || c.Now.Sub(timelineStart) < 0 || c.Now.Sub(timelineStart) > time.Minute {
		t.Fatalf("after a reset the clock reads %+v", c)
	}
	// Loading a scenario without a clock: start restarts it at real time.
	if err := s.LoadScenario("basic.yaml", basicYAML(t)); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(s.Clock().Now()); d < -time.Minute || d > time.Minute {
		t.Fatalf("after loading a scenario without a clock: %v", s.Clock().Now())
	}
	// WithClock gives the time: the scenario's start does not move it.
	fixed := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	w := newTimeline(t, mockserver.WithClock(func() time.Time { return fixed }))
	if !w.Clock().Now().Equal(fixed) {
		t.Fatalf("with WithClock: %v", w.Clock().Now())
	}
	// The default scenario starts its clock the day after its last call.
	d, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := d.Clock().Now(); got.Before(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)) || got.After(time.Date(2026, 11, 28, 12, 1, 0, 0, time.UTC)) {
		t.Fatalf("default scenario clock: %v", got)
	}
}

func TestPutCallRecord(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Freeze(true)
	s.Clock().Set(timelineStart)
	rec := func(id, extra string) string {
		return `{"id":"` + id + `","version":3,"type":"peerToPeer","modalities":["audio"],"lastModifiedDateTime":"2026-11-28T11:30:00Z",` +
			`"startDateTime":"2026-11-28T11:00:00Z","endDateTime":"2026-11-28T11:45:00Z"` + extra +
			`,"sessions":[{"id":"s1","modalities":["audio"],"startDateTime":"2026-11-28T11:00:00Z","endDateTime":"2026-11-28T11:45:00Z"}]}`
	}
	const fresh = "44444444-4444-4444-8444-444444444444"
	r := send(t, s, http.MethodPost, "/_mock/callRecords", rec(fresh, ""), nil)
	if r.status != 201 || string(r.body) != `{"id":"`+fresh+`","replaced":false}` {
		t.Fatalf("add: %d %s", r.status, r.body)
	}
	if r := get(t, s, recordsURL+"/"+fresh+"/sessions/s1", nil); r.status != 200 {
		t.Fatalf("the added record: %d %s", r.status, r.body)
	}
	r = send(t, s, http.MethodPost, "/_mock/callRecords", rec(fresh, ""), nil)
	if r.status != 200 || !strings.Contains(string(r.body), `"replaced":true`) {
		t.Fatalf("replace: %d %s", r.status, r.body)
	}
	var got struct {
		Version      int64  `json:"version"`
		LastModified string `json:"lastModifiedDateTime"`
	}
	if err := json.Unmarshal(get(t, s, recordsURL+"/"+fresh, nil).body, &got); err != nil || got.Version != 4 || got.LastModified != "2026-11-28T12:00:00Z" {
		t.Fatalf("replaced record: %+v %v", got, err)
	}
	// availableAfter follows the availability rule: 45m after its end is 12:30.
	const late = "55555555-5555-4555-8555-555555555555"
	r = send(t, s, http.MethodPost, "/_mock/callRecords", rec(late, `,"availableAfter":"45m"`), nil)
	if r.status != 201 || !strings.Contains(string(r.body), `"availableAt":"2026-11-28T12:30:00Z"`) {
		t.Fatalf("add later: %d %s", r.status, r.body)
	}
	if r := get(t, s, recordsURL+"/"+late, nil); r.status != 404 || strings.Contains(string(r.body), "availableAfter") {
		t.Fatalf("before its time: %d", r.status)
	}
	s.Clock().Advance(30 * time.Minute)
	if r := get(t, s, recordsURL+"/"+late, nil); r.status != 200 || strings.Contains(string(r.body), "availableAfter") {
		t.Fatalf("at its time: %d %s", r.status, r.body)
	}
	// Checked like a scenario's record, all or nothing, pointers and lines in the body.
	before := everything(t, s, "")
	for _, c := range []struct{ body, msg, target string }{
		{`{"id":"x","version":1`, "The call record was not loaded; nothing changed. callRecord:1: the body is not a JSON object", ""},
		{`[]`, "the body is not a JSON object", ""},
		{"{\n\"id\": \"x\",\n\"version\": \"one\"}", "The call record was not loaded", "callRecord:3: /version: version: expected integer"},
		{rec("x", `,"availableAfter":"soon"`), `/availableAfter: availableAfter "soon" is neither`, "/availableAfter"},
		{strings.Replace(rec("x", ""), `"modalities":["audio"],"startDateTime":"2026-11-28T11:00:00Z"`, `"modalities":["audio"],"startDateTime":"2026-11-28T10:00:00Z"`, 1),
			"callRecord:1: /sessions/0/startDateTime: starts at 2026-11-28T10:00:00Z, before its call record starts", "/sessions/0/startDateTime"},
	} {
		r := send(t, s, http.MethodPost, "/_mock/callRecords", c.body, nil)
		e := decodeError(t, r)
		if r.status != 400 || !strings.Contains(e.Error.Message, c.msg) || c.target != "" && (len(e.Error.Details) == 0 || e.Error.Details[0].Code != "invalidScenario") {
			t.Errorf("%s: %d %s", c.body, r.status, r.body)
		}
		found := c.target == "" // a detail whose target (or message) is c.target
		for _, d := range e.Error.Details {
			found = found || d.Target == c.target || strings.HasPrefix(d.Message, c.target)
		}
		if !found {
			t.Errorf("%s: no detail targets %s: %s", c.body, c.target, r.body)
		}
	}
	if everything(t, s, "") != before {
		t.Fatal("a refused record changed the state")
	}
	if err := s.PutCallRecord([]byte(`{"id":""}`)); err == nil {
		t.Fatal("PutCallRecord accepted a record without an id")
	}
}

func TestExportKeepsTheTimeline(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Advance(time.Hour) // the export says where the clock started, not where it is
	y, err := s.ExportScenario()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`clock: "2026-11-28T12:00:00Z"`, "retention: 30d", "availableAfter: 25m"} {
		if !strings.Contains(string(y), want) {
			t.Errorf("the export lacks %q", want)
		}
	}
	back := newTimeline(t, mockserver.WithScenarioBytes("exported.yaml", y))
	again, err := back.ExportScenario()
	if err != nil || string(again) != string(y) {
		t.Fatalf("the export does not round-trip: %v", err)
	}
}

// basicYAML is testdata/basic.yaml, a scenario without a clock.
func basicYAML(t *testing.T) []byte {
	t.Helper()
	data, err := readFile("testdata/basic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}
