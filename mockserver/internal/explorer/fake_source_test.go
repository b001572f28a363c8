package explorer

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// fakeSource is an in-memory Source: call records, each with participants and sessions, each
// session with segments, all as JSON objects. It records the forms' actions.
type fakeSource struct {
	records []fakeRecord
	loaded  []string // names LoadScenario was called with
	loadErr error    // what LoadScenario answers
	resets  int
}

type fakeRecord struct {
	obj          jsondoc.Object
	organizer    []byte
	participants []jsondoc.Object
	sessions     []fakeSession
}

type fakeSession struct {
	obj      jsondoc.Object
	segments []jsondoc.Object
}

// mustObject parses JSON or fails the test.
func mustObject(t *testing.T, format string, args ...any) jsondoc.Object {
	t.Helper()
	o, err := jsondoc.Parse(fmt.Appendf(nil, format, args...))
	if err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(format, args...), err)
	}
	return o
}

// newFakeSource builds records r0, r1, ...: record i has i+1 participants and sessions[i]
// sessions s0, s1, ..., session j with j+1 segments (all alike).
func newFakeSource(t *testing.T, sessions ...int) *fakeSource {
	t.Helper()
	src := &fakeSource{}
	segment := mustObject(t, `{"id":"g"}`) // counts matter, not ids: one object serves all
	for i, n := range sessions {
		rec := fakeRecord{
			obj:       mustObject(t, `{"id":"r%d","type":"groupCall","modalities":["audio"],"startDateTime":"2026-11-20T10:00:00Z","endDateTime":"2026-11-20T11:00:00Z"}`, i),
			organizer: []byte(`{"id":"o","identity":{"user":{"displayName":"Org"}}}`),
		}
		for p := range i + 1 {
			rec.participants = append(rec.participants, mustObject(t, `{"id":"p%d"}`, p))
		}
		for j := range n {
			ses := fakeSession{obj: mustObject(t, `{"id":"s%d","modalities":["audio"]}`, j)}
			for range j + 1 {
				ses.segments = append(ses.segments, segment)
			}
			rec.sessions = append(rec.sessions, ses)
		}
		src.records = append(src.records, rec)
	}
	return src
}

func pageOf[T any](all []T, skip, n int) Page[T] {
	skip = min(skip, len(all))
	return Page[T]{Items: all[skip:min(len(all), skip+n)], Total: len(all)}
}

var errGone = errors.New("Could not find it.")

func (f *fakeSource) find(id string) (*fakeRecord, error) {
	for i := range f.records {
		if got, _ := f.records[i].obj.GetString("id"); got == id {
			return &f.records[i], nil
		}
	}
	return nil, errGone
}

func (f *fakeSource) findSession(rid, sid string) (*fakeSession, error) {
	r, err := f.find(rid)
	if err != nil {
		return nil, err
	}
	for i := range r.sessions {
		if got, _ := r.sessions[i].obj.GetString("id"); got == sid {
			return &r.sessions[i], nil
		}
	}
	return nil, errGone
}

func (f *fakeSource) Info() Info {
	return Info{Name: "fake", Source: "test", CallRecords: len(f.records)}
}

func (f *fakeSource) Records(skip, n int) Page[Record] {
	all := make([]Record, len(f.records))
	for i, r := range f.records {
		all[i] = Record{JSON: r.obj, Organizer: r.organizer}
	}
	return pageOf(all, skip, n)
}

func (f *fakeSource) Record(id string) (Record, error) {
	r, err := f.find(id)
	if err != nil {
		return Record{}, err
	}
	return Record{JSON: r.obj, Organizer: r.organizer}, nil
}

func (f *fakeSource) Participants(rid string, skip, n int) (Page[jsondoc.Object], error) {
	r, err := f.find(rid)
	if err != nil {
		return Page[jsondoc.Object]{}, err
	}
	return pageOf(r.participants, skip, n), nil
}

func (f *fakeSource) Sessions(rid string, skip, n int) (Page[jsondoc.Object], error) {
	r, err := f.find(rid)
	if err != nil {
		return Page[jsondoc.Object]{}, err
	}
	all := make([]jsondoc.Object, len(r.sessions))
	for i, s := range r.sessions {
		all[i] = s.obj
	}
	return pageOf(all, skip, n), nil
}

func (f *fakeSource) Session(rid, sid string) (jsondoc.Object, error) {
	s, err := f.findSession(rid, sid)
	if err != nil {
		return jsondoc.Object{}, err
	}
	return s.obj, nil
}

func (f *fakeSource) Segments(rid, sid string, skip, n int) (Page[jsondoc.Object], error) {
	s, err := f.findSession(rid, sid)
	if err != nil {
		return Page[jsondoc.Object]{}, err
	}
	return pageOf(s.segments, skip, n), nil
}

func (f *fakeSource) Segment(rid, sid, gid string) (jsondoc.Object, error) {
	s, err := f.findSession(rid, sid)
	if err != nil {
		return jsondoc.Object{}, err
	}
	for _, g := range s.segments {
		if id, _ := g.GetString("id"); id == gid {
			return g, nil
		}
	}
	return jsondoc.Object{}, errors.New("segment " + gid + " not found")
}

func (f *fakeSource) LoadScenario(name string, data []byte) error {
	f.loaded = append(f.loaded, name)
	return f.loadErr
}

func (f *fakeSource) Reset() { f.resets++ }

// serve runs one request through h and returns the recorder.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}
