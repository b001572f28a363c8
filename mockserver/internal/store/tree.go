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

// newRecord builds a record from its data, sequence numbers depth-first, counting its bytes and
// its timing; callers hold mu for writing (or own the store alone) and add it.
func (s *Store) newRecord(rd RecordData) *record {
	people := rd.People
	if people == nil {
		people = peopleOf(rd)
	}
	r := &record{entry: entry{Entry: rd.Entry, seq: s.seq()}, organizer: rd.Organizer, timing: rd.Timing, people: people, owner: s.own}
	if !rd.Timing.From.IsZero() {
		s.timed++
	}
	s.bytes += entrySize(&rd.Entry) + int64(len(rd.Organizer))
	r.sessions = newCollection[*session](len(rd.Sessions))
	for _, sd := range rd.Sessions {
		ses := &session{entry: entry{Entry: sd.Entry, seq: s.seq()}, segments: newCollection[*entry](len(sd.Segments)), owner: s.own}
		s.bytes += entrySize(&sd.Entry)
		segs := make([]entry, len(sd.Segments)) // allocated together
		for i, g := range sd.Segments {
			segs[i] = entry{Entry: g, seq: s.seq()}
			ses.segments.add(&segs[i])
			s.bytes += entrySize(&g)
		}
		r.sessions.add(ses)
	}
	r.participants = newCollection[*entry](len(rd.Participants))
	for _, p := range rd.Participants {
		r.participants.addKeepFirst(&entry{Entry: p, seq: s.seq()})
		s.bytes += entrySize(&p)
	}
	return r
}

// Builder builds a store a record at a time, as Build does from a list: a loader that reads
// records one by one hands each over as it is read, and never holds them all twice.
type Builder struct{ s *Store }

// NewBuilder starts an empty store with room for about n records.
func NewBuilder(n int) *Builder {
	s := New()
	s.recs = newCollection[*record](n)
	return &Builder{s: s}
}

// Add appends a record with its sessions, segments and participants (see Build).
func (b *Builder) Add(rd RecordData) { b.s.addRecord(b.s.newRecord(rd)) }

// Store returns the store built so far; the Builder must not be used afterwards.
func (b *Builder) Store() *Store { return b.s }

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
