package store

// RecordData is a call record with everything under it, as plain values: what scenario loading
// builds a store from and what an export reads back. Organizer is the organizer_v2 JSON (nil
// when the record has none, "null" when it was given as null). People are the user ids of the
// people in the record, which a subscription's participants filter matches: the store finds
// them in the JSON when People is nil, and takes them as given otherwise, so a snapshot (which
// wrote them down when it was made) loads without reading every participant; Snapshot fills it.
type RecordData struct {
	Entry
	Organizer    []byte
	Participants []Entry
	Sessions     []SessionData
	Timing       Timing
	People       []string
}

// SessionData is a session with its segments, as plain values.
type SessionData struct {
	Entry
	Segments []Entry
}

// Build makes a store holding records, in order. Sequence numbers (what paging positions point
// at) are handed out depth-first, as a scenario file reads: a record, then each of its sessions
// followed by that session's segments, then its participants. Ids must be unique within their
// parent, except participants' (a pasted Graph response may repeat one): there the first keeps
// the id. Checking that is the caller's job (scenario loading reports duplicates with their line).
// The store counts the bytes of every entity's JSON and every organizer's, repeated participants
// included: what it holds.
func Build(records []RecordData) *Store {
	b := NewBuilder(len(records))
	for _, rd := range records {
		b.Add(rd)
	}
	return b.Store()
}

// Snapshot returns everything the store holds as plain values, in listing order: what an export
// writes out. It shares only the entities' immutable JSON with the store.
func (s *Store) Snapshot() []RecordData {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]RecordData, len(s.recs.list))
	for i, r := range s.recs.list {
		rd := RecordData{Entry: r.resolved(), Organizer: r.organizer, Participants: entries(r.participants.list), Timing: r.timing,
			People: append([]string{}, r.people...)}
		rd.Sessions = make([]SessionData, len(r.sessions.list))
		for j, ses := range r.sessions.list {
			rd.Sessions[j] = SessionData{Entry: ses.resolved(), Segments: entries(ses.segments.list)}
		}
		out[i] = rd
	}
	return out
}

// entries copies a collection's entries as plain values.
func entries(list []*entry) []Entry {
	out := make([]Entry, len(list))
	for i, e := range list {
		out[i] = e.resolved()
	}
	return out
}
