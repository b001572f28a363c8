package mockserver

// position says where a page starts and how long it is: after the item with sequence number
// after (0 = from the start), skipping skip further items ($skip on a first page), at most size
// items.
type position struct {
	after uint64
	skip  int
	size  int
}

// sessionView is a session's JSON and, when segments were expanded, its segments' JSON.
type sessionView struct {
	obj      object
	segments []object
}

// recordView is what a call record read returns: its JSON, its organizer_v2 JSON (nil when it has
// none), and the expanded collection the request asked for, if any.
type recordView struct {
	id           string
	obj          object
	organizer    []byte
	sessions     *page[sessionView]
	participants *page[object]
}

func objectOf(e *entry) object { return e.obj }

func errRecordNotFound(id string) error {
	return notFound("Could not find the requested call record '%s'. Records about calls or online meetings that started more than 30 days ago are not available.", id)
}

// lookupRecord finds a record; callers hold mu.
func (s *store) lookupRecord(id string) (*record, error) {
	r, ok := s.recs.get(id)
	if !ok {
		return nil, errRecordNotFound(id)
	}
	return r, nil
}

// lookupSession finds a session of a record; callers hold mu.
func (s *store) lookupSession(recordID, sessionID string) (*session, error) {
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return nil, err
	}
	ses, ok := r.sessions.get(sessionID)
	if !ok {
		return nil, notFound("Could not find session '%s' in call record '%s'.", sessionID, recordID)
	}
	return ses, nil
}

func viewSession(withSegments bool) func(*session) sessionView {
	return func(ses *session) sessionView {
		v := sessionView{obj: ses.obj}
		if withSegments {
			v.segments = make([]object, len(ses.segments.list))
			for i, g := range ses.segments.list {
				v.segments[i] = g.obj
			}
		}
		return v
	}
}

// segment returns one segment's JSON.
func (s *store) segment(recordID, sessionID, segmentID string) (object, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return object{}, err
	}
	g, ok := ses.segments.get(segmentID)
	if !ok {
		return object{}, errSegmentNotFound(recordID, sessionID, segmentID)
	}
	return g.obj, nil
}

// segments returns a page of a session's segments.
func (s *store) segments(recordID, sessionID string, pos position) (page[object], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return page[object]{}, err
	}
	return pageOf(&ses.segments, pos.after, pos.skip, pos.size, nil, objectOf), nil
}

// session returns one session, with its segments when asked.
func (s *store) session(recordID, sessionID string, withSegments bool) (sessionView, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return sessionView{}, err
	}
	return viewSession(withSegments)(ses), nil
}

// sessions returns a page of a record's sessions, each with its segments when asked.
func (s *store) sessions(recordID string, pos position, withSegments bool) (page[sessionView], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return page[sessionView]{}, err
	}
	return pageOf(&r.sessions, pos.after, pos.skip, pos.size, nil, viewSession(withSegments)), nil
}

// recordExpand says which collection a call record read expands.
type recordExpand struct {
	sessions     bool
	segments     bool
	participants bool
}

// record returns one call record; an expanded collection is paged from its start with size.
func (s *store) record(id string, exp recordExpand, size int) (recordView, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(id)
	if err != nil {
		return recordView{}, err
	}
	v := recordView{id: r.id, obj: r.obj, organizer: r.organizer}
	if exp.sessions {
		p := pageOf(&r.sessions, 0, 0, size, nil, viewSession(exp.segments))
		v.sessions = &p
	}
	if exp.participants {
		p := pageOf(&r.participants, 0, 0, size, nil, objectOf)
		v.participants = &p
	}
	return v, nil
}

// records returns a page of call records that keep accepts (nil: all), without collections.
func (s *store) records(pos position, keep func(*record) bool) page[recordView] {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return pageOf(&s.recs, pos.after, pos.skip, pos.size, keep, func(r *record) recordView {
		return recordView{id: r.id, obj: r.obj, organizer: r.organizer}
	})
}

// participants returns a page of a record's participants_v2.
func (s *store) participants(recordID string, pos position) (page[object], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return page[object]{}, err
	}
	return pageOf(&r.participants, pos.after, pos.skip, pos.size, nil, objectOf), nil
}

// participant returns one participant of a record.
func (s *store) participant(recordID, participantID string) (object, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return object{}, err
	}
	p, ok := r.participants.get(participantID)
	if !ok {
		return object{}, notFound("Could not find participant '%s' in call record '%s'.", participantID, recordID)
	}
	return p.obj, nil
}

// organizer returns a record's organizer_v2 JSON.
func (s *store) organizer(recordID string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return nil, err
	}
	if r.organizer == nil || string(r.organizer) == "null" {
		return nil, notFound("Call record '%s' has no organizer_v2.", recordID)
	}
	return r.organizer, nil
}
