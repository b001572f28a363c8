// Package store is graphmock's in-memory state: call records, their sessions and segments, their
// organizer and participants, in the order they were seeded or written. It knows nothing of HTTP:
// it speaks in ids, sequence numbers and positions, answers reads with copies (entities' JSON is
// immutable, so a copy shares its bytes), and reports what went wrong as domain errors
// (*NotFoundError, *ConflictError, *model.InvalidError) that the HTTP layer maps to Graph's.
package store

import "sync"

// Store holds one namespace's call records. It is safe for concurrent use: every method takes
// the lock it needs, and nothing it returns points into live state.
type Store struct {
	// mu guards recs, nextSeq and everything reachable from the records (collections, entries).
	// Entries' objects are immutable, so readers copy the object headers under the read lock and
	// encode after releasing it; a write replaces an entry's object, never changes it.
	mu      sync.RWMutex
	recs    collection[*record]
	nextSeq uint64
}

// New returns an empty store.
func New() *Store {
	return &Store{recs: newCollection[*record](0)}
}

// seq hands out the next sequence number; callers hold mu for writing (or own the store alone).
func (s *Store) seq() uint64 {
	s.nextSeq++
	return s.nextSeq
}

// Replace swaps in the contents of another store built off-line (scenario loading, a reset), so
// a load is all-or-nothing and readers never see a half-loaded state. from must not be used
// afterwards: its structure now belongs to s.
func (s *Store) Replace(from *Store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recs = from.recs
	s.nextSeq = from.nextSeq
}

// Clone copies the store's structure so that writes to the copy never reach the original: what
// lets every namespace (and every reset) start from one loaded scenario that is never changed.
// Objects are immutable and shared; entries, collections and indexes are new.
func (s *Store) Clone() *Store {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := &Store{recs: newCollection[*record](len(s.recs.list)), nextSeq: s.nextSeq}
	for _, r := range s.recs.list {
		nr := &record{entry: r.entry, organizer: r.organizer}
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
