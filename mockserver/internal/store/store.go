// Package store is graphmock's in-memory state: call records, their sessions and segments, their
// organizer and participants, in the order they were seeded or written. It knows nothing of HTTP:
// it speaks in ids, sequence numbers and positions, answers reads with copies (entities' JSON is
// immutable, so a copy shares its bytes), and reports what went wrong as domain errors
// (*NotFoundError, *ConflictError, *model.InvalidError, *FullError) that the HTTP layer maps to
// Graph's. A Budget caps the bytes a server's stores hold together.
package store

import (
	"sync"
	"time"
)

// Store holds one namespace's call records. It is safe for concurrent use: every method takes
// the lock it needs, and nothing it returns points into live state.
type Store struct {
	// mu guards recs, nextSeq, bytes, budget, timed, retention and everything reachable from the
	// records (collections, entries). Entries' objects are immutable, so readers copy the object
	// headers under the read lock and encode after releasing it; a write replaces an entry's
	// object, never changes it. bytes is the size of the JSON held (every entity's and
	// organizer's, as seeded or written), charged to budget; a nil budget bounds nothing (a loaded
	// scenario's own store, which is never written, or a dropped namespace's).
	mu      sync.RWMutex
	recs    collection[*record]
	nextSeq uint64
	bytes   int64
	budget  *Budget
	// timed counts the records with an availability time, and retention is how long a record is
	// kept after it starts (0: forever): reads look at the clock only when either is set.
	timed     int
	retention time.Duration
	// now and changed are set once, before the store is shared (Watch): the namespace's clock
	// (nil: the wall clock) and who hears of record changes (nil: nobody).
	now     func() time.Time
	changed func(Change)
	// own is the mark of what this store may change in place: the records and sessions it made,
	// or copied to write them. Everything else it holds is shared with the stores it was cloned
	// from or to (Clone shares, it does not copy), so a write first copies the session it
	// changes, the record holding it, and recs itself unless recsOwned: copy on write, a
	// session at a time. Guarded by mu like the rest.
	own       *owner
	recsOwned bool
	// startOrdered says the records are listed in start order (startDateTime never earlier
	// than the one before), so a $filter on startDateTime finds its window by binary search.
	startOrdered bool
	// announced marks the records whose created event went out, by position (see Publish).
	announced marks
}

// owner marks what one store may change in place. It has a size, so every new one is a distinct
// pointer.
type owner struct{ _ byte }

// New returns an empty store that no budget bounds.
func New() *Store {
	return &Store{recs: newCollection[*record](0), own: new(owner), recsOwned: true, startOrdered: true}
}

// NewIn returns an empty store whose contents count against b: a namespace's store.
func NewIn(b *Budget) *Store {
	return &Store{recs: newCollection[*record](0), budget: b, own: new(owner), recsOwned: true, startOrdered: true}
}

// Bytes is the size of the JSON the store holds: what it counts against its budget.
func (s *Store) Bytes() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.bytes
}

// grow accounts delta more bytes (negative: fewer), checking the budget when it grows; callers
// hold mu for writing and change nothing when it fails (a *FullError).
func (s *Store) grow(delta int64) error {
	if s.budget != nil {
		if err := s.budget.charge(delta, false); err != nil {
			return err
		}
	}
	s.bytes += delta
	return nil
}

// growForced accounts delta more bytes without a check; callers hold mu for writing.
func (s *Store) growForced(delta int64) {
	if s.budget != nil {
		_ = s.budget.charge(delta, true) // forced: never fails
	}
	s.bytes += delta
}

// Release gives the store's bytes back to its budget and leaves it unbounded: what dropping a
// namespace does, so requests still under way in it cannot charge a server it no longer counts in.
func (s *Store) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.budget != nil {
		_ = s.budget.charge(-s.bytes, true) // freeing never fails
		s.budget = nil
	}
}

// seq hands out the next sequence number; callers hold mu for writing (or own the store alone).
func (s *Store) seq() uint64 {
	s.nextSeq++
	return s.nextSeq
}

// Replace swaps in the contents of another store built off-line (scenario loading, a new
// namespace), so a load is all-or-nothing and readers never see a half-loaded state. When the
// swap would take s's budget past its limit it fails with a *FullError and nothing changes. from
// must not be used afterwards: its structure now belongs to s.
func (s *Store) Replace(from *Store) error {
	return s.swap(from, false)
}

// Restore is Replace that always succeeds, even past the budget's limit: a reset to the loaded
// scenario, which is how a full server is emptied (the scenario fitted when it was loaded).
func (s *Store) Restore(from *Store) {
	_ = s.swap(from, true) // forced: never fails
}

// swap is Replace and Restore.
func (s *Store) swap(from *Store, force bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.budget != nil {
		if err := s.budget.charge(from.bytes-s.bytes, force); err != nil {
			return err
		}
	}
	s.recs, s.nextSeq, s.bytes, s.timed, s.retention = from.recs, from.nextSeq, from.bytes, from.timed, from.retention
	s.own, s.recsOwned, s.startOrdered, s.announced = from.own, from.recsOwned, from.startOrdered, from.announced
	return nil
}

// Clone returns a store with the same contents whose writes never reach s, nor s's writes it:
// what lets every namespace (and every reset) start from one loaded scenario that is never
// changed. It copies nothing: the two share every record, session and entry, and each copies a
// session (with the record holding it) the first time it writes to it. So a clone costs the
// same for a million segments as for one, and a namespace holds only what it changed. The copy
// counts the same bytes and no budget.
func (s *Store) Clone() *Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.own, s.recsOwned = new(owner), false // what the two now share, neither changes in place
	return &Store{recs: s.recs, nextSeq: s.nextSeq, bytes: s.bytes, timed: s.timed, retention: s.retention, own: new(owner), startOrdered: s.startOrdered,
		announced: s.announced.clone()}
}

// ownRecords makes the list of records s's own before s changes it (a record added, replaced or
// copied); callers hold mu for writing.
func (s *Store) ownRecords() {
	if !s.recsOwned {
		s.recs, s.recsOwned = s.recs.clone(), true
	}
}

// writableRecord returns r ready to be changed in place: r itself when s owns it, else a copy
// (its list of sessions copied too, the sessions themselves still shared) put in its place;
// callers hold mu for writing.
func (s *Store) writableRecord(r *record) *record {
	if r.owner == s.own {
		return r
	}
	s.ownRecords()
	nr := *r
	nr.sessions, nr.owner = r.sessions.clone(), s.own
	s.recs.replace(r, &nr)
	return &nr
}

// writableIn finds a session and its record for a write, copying them first when they are shared
// with another store; callers hold mu for writing. The copies hold the same values, so a write
// that fails after it changed nothing.
func (s *Store) writableIn(recordID, sessionID string) (*record, *session, error) {
	r, ses, err := s.lookupIn(recordID, sessionID)
	if err != nil {
		return nil, nil, err
	}
	r = s.writableRecord(r)
	if ses.owner == s.own {
		return r, ses, nil
	}
	ns := &session{entry: ses.entry, segments: newCollection[*entry](len(ses.segments.list)), owner: s.own}
	copies := make([]entry, len(ses.segments.list))
	for i, g := range ses.segments.list {
		copies[i] = *g
		ns.segments.add(&copies[i])
	}
	r.sessions.replace(ses, ns)
	return r, ns, nil
}

// addRecord appends a record, keeping track of start order; callers hold mu for writing (or own
// the store alone) and own recs.
func (s *Store) addRecord(r *record) {
	if n := len(s.recs.list); n > 0 && r.start().Before(s.recs.list[n-1].start()) {
		s.startOrdered = false
	}
	s.recs.add(r)
}

// checkStartOrder looks again at whether the records are in start order, after a record was
// replaced; callers hold mu for writing.
func (s *Store) checkStartOrder() {
	s.startOrdered = true
	for i := 1; i < len(s.recs.list); i++ {
		if s.recs.list[i].start().Before(s.recs.list[i-1].start()) {
			s.startOrdered = false
			return
		}
	}
}
