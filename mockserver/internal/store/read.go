package store

import (
	"sort"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// SessionView is a session's JSON and, when segments were asked for, its segments' JSON (nil
// when they were not; empty when there are none).
type SessionView struct {
	Obj      jsondoc.Object
	Segments []jsondoc.Object
}

// RecordView is what a call record read returns: its id, its JSON, its organizer_v2 JSON (nil
// when it has none, "null" when seeded as null), and the first page of the collection the read
// expanded, if any.
type RecordView struct {
	ID        string
	Obj       jsondoc.Object
	Organizer []byte
	// Timing is when the record became available (Record fills it; zero From: at load).
	Timing       Timing
	Sessions     *Page[SessionView]
	Participants *Page[jsondoc.Object]
}

// RecordExpand says which collection a call record read expands: sessions (with their segments
// when Segments is set) or participants_v2.
type RecordExpand struct {
	Sessions     bool
	Segments     bool
	Participants bool
}

// RecordFilter decides whether a call record is listed, from the facts Graph lets $filter look
// at: its start time (zero when it has none) and whether a participant id is among its
// participants_v2. It sees plain values, so the query language lives outside the store.
type RecordFilter func(start time.Time, hasParticipant func(id string) bool) bool

func objectOf(e *entry) jsondoc.Object { return e.object() }

// lookupRecord finds a record that may be read now; callers hold mu.
func (s *Store) lookupRecord(id string) (*record, error) {
	r, ok := s.recs.get(id)
	if !ok || !s.visible(r) {
		return nil, &NotFoundError{Type: model.CallRecord(), RecordID: id}
	}
	return r, nil
}

// lookupSession finds a session of a record; callers hold mu.
func (s *Store) lookupSession(recordID, sessionID string) (*session, error) {
	_, ses, err := s.lookupIn(recordID, sessionID)
	return ses, err
}

// lookupIn finds a session and its record; callers hold mu.
func (s *Store) lookupIn(recordID, sessionID string) (*record, *session, error) {
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return nil, nil, err
	}
	ses, ok := r.sessions.get(sessionID)
	if !ok {
		return nil, nil, &NotFoundError{Type: model.Session(), RecordID: recordID, SessionID: sessionID}
	}
	return r, ses, nil
}

func errSegmentNotFound(recordID, sessionID, segmentID string) error {
	return &NotFoundError{Type: model.Segment(), RecordID: recordID, SessionID: sessionID, ID: segmentID}
}

func viewSession(withSegments bool) func(*session) SessionView {
	return func(ses *session) SessionView {
		v := SessionView{Obj: ses.object()}
		if withSegments {
			v.Segments = make([]jsondoc.Object, len(ses.segments.list))
			for i, g := range ses.segments.list {
				v.Segments[i] = g.object()
			}
		}
		return v
	}
}

// Segment returns one segment's JSON.
func (s *Store) Segment(recordID, sessionID, segmentID string) (jsondoc.Object, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return jsondoc.Object{}, err
	}
	g, ok := ses.segments.get(segmentID)
	if !ok {
		return jsondoc.Object{}, errSegmentNotFound(recordID, sessionID, segmentID)
	}
	return g.object(), nil
}

// Segments returns a page of a session's segments.
func (s *Store) Segments(recordID, sessionID string, pos Position) (Page[jsondoc.Object], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return Page[jsondoc.Object]{}, err
	}
	return pageOf(&ses.segments, pos.After, pos.Skip, pos.Size, nil, objectOf), nil
}

// Session returns one session, with its segments when asked.
func (s *Store) Session(recordID, sessionID string, withSegments bool) (SessionView, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return SessionView{}, err
	}
	return viewSession(withSegments)(ses), nil
}

// Sessions returns a page of a record's sessions, each with its segments when asked.
func (s *Store) Sessions(recordID string, pos Position, withSegments bool) (Page[SessionView], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return Page[SessionView]{}, err
	}
	return pageOf(&r.sessions, pos.After, pos.Skip, pos.Size, nil, viewSession(withSegments)), nil
}

// Record returns one call record; an expanded collection is paged from its start with size.
func (s *Store) Record(id string, exp RecordExpand, size int) (RecordView, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(id)
	if err != nil {
		return RecordView{}, err
	}
	v := RecordView{ID: r.ID, Obj: r.object(), Organizer: r.organizer, Timing: r.timing}
	if exp.Sessions {
		p := pageOf(&r.sessions, 0, 0, size, nil, viewSession(exp.Segments))
		v.Sessions = &p
	}
	if exp.Participants {
		p := pageOf(&r.participants, 0, 0, size, nil, objectOf)
		v.Participants = &p
	}
	return v, nil
}

// Records returns a page of the call records keep accepts (nil: all) that may be read now,
// without collections.
func (s *Store) Records(pos Position, keep RecordFilter) Page[RecordView] {
	return s.RecordsStarting(pos, StartWindow{}, keep)
}

// StartWindow bounds the start times of the call records a listing holds: from Since
// (inclusive) to Until (exclusive), each zero when that side is open.
type StartWindow struct{ Since, Until time.Time }

// open reports whether the window bounds nothing.
func (w StartWindow) open() bool { return w.Since.IsZero() && w.Until.IsZero() }

// holds reports whether a start time lies in the window (a zero start lies in no bounded one).
func (w StartWindow) holds(start time.Time) bool {
	return w.open() || !start.IsZero() && !start.Before(w.Since) && (w.Until.IsZero() || start.Before(w.Until))
}

// RecordsStarting is Records for the records that start in w: a $filter on startDateTime. When
// the records are in start order (as a generated or exported scenario's are) the window is
// found by binary search, so a page, and a count without keep, cost the same over fifty
// thousand records as over five; otherwise every record is looked at.
func (s *Store) RecordsStarting(pos Position, w StartWindow, keep RecordFilter) Page[RecordView] {
	s.mu.RLock()
	defer s.mu.RUnlock()
	list := &s.recs
	if !w.open() {
		if s.startOrdered {
			all := s.recs.list
			lo := sort.Search(len(all), func(i int) bool { // zero starts come first and lie in no window
				start := all[i].start()
				return !start.IsZero() && (w.Since.IsZero() || !start.Before(w.Since))
			})
			hi := len(all)
			if !w.Until.IsZero() {
				hi = lo + sort.Search(len(all)-lo, func(i int) bool { return !all[lo+i].start().Before(w.Until) })
			}
			list = &collection[*record]{list: all[lo:hi]}
		} else {
			inner := keep
			keep = func(start time.Time, has func(string) bool) bool {
				return w.holds(start) && (inner == nil || inner(start, has))
			}
		}
	}
	var accept func(*record) bool
	if keep != nil {
		var cur *record // one closure for the whole listing, not one per record
		has := func(id string) bool { _, ok := cur.participants.get(id); return ok }
		accept = func(r *record) bool {
			cur = r
			return keep(r.start(), has)
		}
	}
	if s.timed > 0 || s.retention > 0 {
		now, filter := s.clock(), accept // the clock is read once for the whole listing
		accept = func(r *record) bool {
			return readable(r, s.retention, now) && (filter == nil || filter(r))
		}
	}
	return pageOf(list, pos.After, pos.Skip, pos.Size, accept, func(r *record) RecordView {
		return RecordView{ID: r.ID, Obj: r.object(), Organizer: r.organizer}
	})
}

// Participants returns a page of a record's participants_v2.
func (s *Store) Participants(recordID string, pos Position) (Page[jsondoc.Object], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return Page[jsondoc.Object]{}, err
	}
	return pageOf(&r.participants, pos.After, pos.Skip, pos.Size, nil, objectOf), nil
}

// Participant returns one participant of a record (the first, when a pasted response repeats
// an id).
func (s *Store) Participant(recordID, participantID string) (jsondoc.Object, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return jsondoc.Object{}, err
	}
	p, ok := r.participants.get(participantID)
	if !ok {
		return jsondoc.Object{}, &NotFoundError{Type: model.Participant(), RecordID: recordID, ID: participantID}
	}
	return p.object(), nil
}

// Organizer returns a record's organizer_v2 JSON; a record without one (or with null) is a
// *NotFoundError for model.Organizer().
func (s *Store) Organizer(recordID string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return nil, err
	}
	if r.organizer == nil || string(r.organizer) == "null" {
		return nil, &NotFoundError{Type: model.Organizer(), RecordID: recordID}
	}
	return r.organizer, nil
}
