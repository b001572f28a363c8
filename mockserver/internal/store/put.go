package store

import "time"

// PutRecord adds a call record with everything under it, or replaces the record with its id
// (keeping its place in the listing order), all or nothing: it fails with a *FullError, changing
// nothing, when the budget has no room. It reports whether a record was replaced, and when the new
// one becomes available (zero: it is already), for the caller to Publish it then.
//
// A record that may be read before and after the replacement is a change: its version becomes one
// more than the old one's (or the new one's own, if higher), its lastModifiedDateTime the clock's
// time, and listeners hear Updated. Any other new record is announced by Publish as it becomes
// available (Created), with the version it was given; replacing a readable record with one that
// is not available yet withdraws it until then.
func (s *Store) PutRecord(rd RecordData) (replaced bool, availableAt time.Time, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	old, replaced := s.recs.get(rd.ID)
	pos := len(s.recs.list) // where the record goes: the old one's place, or the end
	if replaced {
		pos = s.recs.indexAfter(old.seq - 1)
	}
	// Build the record off to the side, counting its bytes, stamp it when it changes a readable
	// one, then charge the difference.
	staged := &Store{nextSeq: s.nextSeq, own: s.own}
	r := staged.newRecord(rd)
	change := replaced && s.announced.has(pos) && readable(old, s.retention, now) && readable(r, s.retention, now)
	var oldBytes int64
	if replaced {
		oldBytes = recordBytes(old)
	}
	if change {
		next := stamped(r.object(), max(versionOf(old.object())+1, versionOf(r.object())), now)
		staged.bytes += int64(len(next.Raw)) - r.size()
		r.setObject(next)
	}
	if err := s.grow(staged.bytes - oldBytes); err != nil {
		return false, time.Time{}, err
	}
	s.nextSeq, s.timed = staged.nextSeq, s.timed+staged.timed
	s.ownRecords()
	if replaced {
		r.seq = old.seq
		s.recs.replace(old, r)
		s.checkStartOrder()
		if !old.timing.From.IsZero() {
			s.timed--
		}
	} else {
		s.addRecord(r)
	}
	s.announced.put(pos, change) // a change is announced; any other new record waits for Publish
	if change {
		s.emit(Updated, r, now)
	}
	if !change && !r.timing.From.IsZero() && now.Before(r.timing.From) {
		availableAt = r.timing.From
	}
	return replaced, availableAt, nil
}

// recordBytes is what a record counts against the budget: its JSON, its organizer's, and every
// session's, segment's and participant's.
func recordBytes(r *record) int64 {
	n := r.size() + int64(len(r.organizer))
	for _, ses := range r.sessions.list {
		n += ses.size()
		for _, g := range ses.segments.list {
			n += g.size()
		}
	}
	for _, p := range r.participants.list {
		n += p.size()
	}
	return n
}
