package mockserver

// Read methods for the explorer. They follow the store's rules (read lock, copies of immutable
// objects, never pointers into live state) and add what the Graph reads do not need: how many
// sessions, segments and participants sit under each row, so a list page can show counts without
// copying every child.

// recordSummary is a call record's JSON, its organizer_v2 JSON and the sizes of its collections.
type recordSummary struct {
	obj          object
	organizer    []byte
	sessions     int
	segments     int
	participants int
}

// sessionSummary is a session's JSON and how many segments it has.
type sessionSummary struct {
	obj      object
	segments int
}

func summarizeRecord(r *record) recordSummary {
	sum := recordSummary{obj: r.obj, organizer: r.organizer, sessions: len(r.sessions.list), participants: len(r.participants.list)}
	for _, ses := range r.sessions.list {
		sum.segments += len(ses.segments.list)
	}
	return sum
}

func summarizeSession(ses *session) sessionSummary {
	return sessionSummary{obj: ses.obj, segments: len(ses.segments.list)}
}

// recordSummaries returns up to n call records after skipping skip, in listing order. The skip
// is index arithmetic, so any page costs what the first does.
func (s *store) recordSummaries(skip, n int) page[recordSummary] {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return pageOf(&s.recs, 0, skip, n, nil, summarizeRecord)
}

// recordSummary returns one call record's summary.
func (s *store) recordSummary(id string) (recordSummary, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(id)
	if err != nil {
		return recordSummary{}, err
	}
	return summarizeRecord(r), nil
}

// sessionSummaries returns up to n sessions of a record after skipping skip.
func (s *store) sessionSummaries(recordID string, skip, n int) (page[sessionSummary], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, err := s.lookupRecord(recordID)
	if err != nil {
		return page[sessionSummary]{}, err
	}
	return pageOf(&r.sessions, 0, skip, n, nil, summarizeSession), nil
}

// sessionSummary returns one session's summary.
func (s *store) sessionSummary(recordID, sessionID string) (sessionSummary, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return sessionSummary{}, err
	}
	return summarizeSession(ses), nil
}
