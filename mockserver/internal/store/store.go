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
}

// New returns an empty store that no budget bounds.
func New() *Store {
	return &Store{recs: newCollection[*record](0)}
}

// NewIn returns an empty store whose contents count against b: a namespace's store.
func NewIn(b *Budget) *Store {
	return &Store{recs: newCollection[*record](0), budget: b}
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
	return nil
}

// Clone copies the store's structure so that writes to the copy never reach the original: what
// lets every namespace (and every reset) start from one loaded scenario that is never changed.
// Objects are immutable and shared; entries, collections and indexes are new. The copy counts the
// same bytes and no budget.
func (s *Store) Clone() *Store {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := &Store{recs: newCollection[*record](len(s.recs.list)), nextSeq: s.nextSeq, bytes: s.bytes, timed: s.timed, retention: s.retention}
	for _, r := range s.recs.list {
		nr := &record{entry: r.entry, organizer: r.organizer, timing: r.timing, people: r.people, announced: r.announced}
		nr.participants = newCollection[*entry](len(r.participants.list))
		for _, p := range r.participants.list {
			np := *p
			nr.participants.addKeepFirst(&np)
		}
		nr.sessions = newCollection[*session](len(r.sessions.list))
		for _, ses := range r.sessions.list {
			ns := &session{entry: ses.entry, segments: newCollection[*entry](len(ses.segments.list))}
			for _, g := range ses.segments.list {
				ng := *g
				ns.segments.add(&ng)
			}
			nr.sessions.add(ns)
		}
		out.recs.add(nr)
	}
	return out
}
