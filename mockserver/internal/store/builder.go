package store

// Builder builds a store a record at a time, as Build does from a list: a loader that reads
// records one by one hands each over as it is read, and never holds them all twice. A record is
// handed over whole (Add), or entity by entity in the order of a scenario file (BeginRecord,
// then each AddSession followed by its AddSegments, then the AddParticipants, then EndRecord):
// what a loader that checks each entity as it meets it uses, so that no record's sessions and
// segments are gathered into RecordData only to be copied into the store and dropped.
type Builder struct {
	s     *Store
	cur   building
	carve *carver
}

// NewBuilder starts an empty store with room for about n records.
func NewBuilder(n int) *Builder {
	s := New()
	s.recs = newCollection[*record](n)
	return &Builder{s: s, carve: &carver{}}
}

// Add appends a record with its sessions, segments and participants (see Build).
func (b *Builder) Add(rd RecordData) { b.s.addRecord(b.s.build(b.carve, rd)) }

// BeginRecord starts a record of its entry, which the calls up to EndRecord fill: room is made
// for the number of sessions and participants given (more still fit, at the cost of a copy).
// Ids must be unique as Build says; checking that is the caller's job.
func (b *Builder) BeginRecord(e Entry, sessions, participants int) {
	b.cur = b.s.begin(b.carve, e, sessions, participants)
}

// AddSession appends a session to the record begun, with room for the number of segments given:
// its segments are stored in one block of that size, so the count should be the most that will
// follow.
func (b *Builder) AddSession(e Entry, segments int) { b.cur.session(e, segments) }

// AddSegment appends a segment to the session added last.
func (b *Builder) AddSegment(e Entry) { b.cur.segment(e) }

// AddParticipant appends a participant to the record begun, after its sessions (a repeated id
// keeps naming the first, as Build says).
func (b *Builder) AddParticipant(e Entry) { b.cur.participant(e) }

// EndRecord completes the record begun with its organizer_v2 JSON (nil: none) and its timing,
// finds the people in it (see RecordData.People) and appends it to the store.
func (b *Builder) EndRecord(organizer []byte, timing Timing) {
	b.s.addRecord(b.cur.end(organizer, timing, nil))
	b.cur = building{}
}

// Store returns the store built so far; the Builder must not be used afterwards.
func (b *Builder) Store() *Store { return b.s }

// newRecord builds a record from its data, sequence numbers depth-first, counting its bytes and
// its timing; callers hold mu for writing (or own the store alone) and add it.
func (s *Store) newRecord(rd RecordData) *record { return s.build(nil, rd) }

// build is newRecord carving from c (nil: allocating each part on its own).
func (s *Store) build(c *carver, rd RecordData) *record {
	b := s.begin(c, rd.Entry, len(rd.Sessions), len(rd.Participants))
	for i := range rd.Sessions {
		sd := &rd.Sessions[i]
		b.session(sd.Entry, len(sd.Segments))
		for j := range sd.Segments {
			b.segment(sd.Segments[j])
		}
	}
	for i := range rd.Participants {
		b.participant(rd.Participants[i])
	}
	return b.end(rd.Organizer, rd.Timing, rd.People)
}

// building is a record being built entity by entity, depth-first as a scenario reads, each
// handed its sequence number and counted in the store's bytes as it comes: the one way both
// newRecord and a Builder make records. A session's segments, and a record's participants, are
// stored in one block each instead of an allocation per entity; with a carver, the blocks, the
// lists and the records and sessions themselves are carved from shared chunks.
type building struct {
	s     *Store
	c     *carver // nil: every part allocated on its own
	r     *record
	ses   *session // the session added last, which segments go to
	segs  []entry  // the block its segments are stored in
	parts []entry  // the block the record's participants are stored in
}

// begin starts a record with room for the sessions and participants given; callers hold mu for
// writing (or own the store alone) until end.
func (s *Store) begin(c *carver, e Entry, sessions, participants int) building {
	var rs []record
	if c != nil {
		rs = c.records.take(1)
	}
	rs = append(rs, record{entry: newEntry(e, s.seq()), owner: s.own, fields: e.Obj.Fields,
		sessions: collection[*session]{list: c.sesLists().take(sessions)}, participants: collection[*entry]{list: c.entLists().take(participants)}})
	s.bytes += entrySize(&e)
	return building{s: s, c: c, r: &rs[0], parts: c.ents().take(participants)}
}

// session appends a session with room for the segments given.
func (b *building) session(e Entry, segments int) {
	var ss []session
	if b.c != nil {
		ss = b.c.sessions.take(1)
	}
	ss = append(ss, session{entry: newEntry(e, b.s.seq()), segments: collection[*entry]{list: b.c.entLists().take(segments)}, owner: b.s.own})
	b.ses = &ss[0]
	b.s.bytes += entrySize(&e)
	b.segs = b.c.ents().take(segments)
	b.r.sessions.add(b.ses)
}

// segment appends a segment to the last session. Past the block's room, append moves on to a
// new block: the entries already stored stay where they are.
func (b *building) segment(e Entry) {
	b.segs = append(b.segs, newEntry(e, b.s.seq()))
	b.ses.segments.add(&b.segs[len(b.segs)-1])
	b.s.bytes += entrySize(&e)
}

// participant appends a participant.
func (b *building) participant(e Entry) {
	b.parts = append(b.parts, newEntry(e, b.s.seq()))
	b.r.participants.addKeepFirst(&b.parts[len(b.parts)-1])
	b.s.bytes += entrySize(&e)
}

// end completes the record with its organizer, timing and people (nil: found in its JSON).
func (b *building) end(organizer []byte, timing Timing, people []string) *record {
	r := b.r
	r.organizer, r.timing = organizer, timing
	b.s.bytes += int64(len(organizer))
	if !timing.From.IsZero() {
		b.s.timed++
	}
	if people == nil {
		people = peopleOf(r)
	}
	r.people = people
	return r
}
