package store

import (
	"fmt"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Segment writes. The caller hands in a complete, validated Entry (its JSON and the times read
// from it); the store checks what only it can (the session exists, the id is free, the times lie
// within the session's, the budget has room for what the write adds) and changes nothing when a
// check fails. A write that does not grow the store never meets the budget; a delete frees room.
// Every write that changes a segment touches its call record (version + 1, lastModifiedDateTime,
// an Updated change).

// checkWithin verifies a segment's times lie inside its session's; callers hold mu.
func checkWithin(seg Entry, ses *session) error {
	if start := ses.start(); !start.IsZero() && seg.Start.Before(start) {
		return invalidSegment("/startDateTime", fmt.Sprintf("startDateTime %s is before the session's startDateTime %s.", FormatTime(seg.Start), FormatTime(start)))
	}
	if end := ses.end(); !end.IsZero() && seg.End.After(end) {
		return invalidSegment("/endDateTime", fmt.Sprintf("endDateTime %s is after the session's endDateTime %s.", FormatTime(seg.End), FormatTime(end)))
	}
	return nil
}

// CreateSegment adds a segment to a session, after the session's other segments. It fails with
// a *NotFoundError when the session does not exist, a *ConflictError when the id is taken, a
// *model.InvalidError when the segment's times fall outside the session's, and a *FullError when
// the budget has no room for it.
func (s *Store) CreateSegment(recordID, sessionID string, seg Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ses, err := s.writableIn(recordID, sessionID)
	if err != nil {
		return err
	}
	if _, exists := ses.segments.get(seg.ID); exists {
		return &ConflictError{RecordID: recordID, SessionID: sessionID, ID: seg.ID}
	}
	if err := checkWithin(seg, ses); err != nil {
		return err
	}
	t := s.touchOf(r)
	if err := s.grow(entrySize(&seg) + t.delta); err != nil {
		return err
	}
	g := newEntry(seg, s.seq())
	ses.segments.add(&g)
	s.commit(t)
	return nil
}

// ReplaceSegment swaps a segment's content for next, but only if it still holds prev (the
// version the caller read, merged and validated against): an optimistic write that does its
// slow work outside the lock. It reports false when a concurrent write got there first, so the
// caller can merge again. The segment keeps its place in the listing order.
func (s *Store) ReplaceSegment(recordID, sessionID string, prev jsondoc.Object, next Entry) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ses, err := s.writableIn(recordID, sessionID)
	if err != nil {
		return false, err
	}
	cur, ok := ses.segments.get(next.ID)
	if !ok {
		return false, errSegmentNotFound(recordID, sessionID, next.ID)
	}
	if !sameObject(cur.object(), prev) {
		return false, nil
	}
	if err := checkWithin(next, ses); err != nil {
		return false, err
	}
	t := s.touchOf(r)
	if err := s.grow(entrySize(&next) - cur.size() + t.delta); err != nil {
		return false, err
	}
	cur.set(next)
	s.commit(t)
	return true, nil
}

// UpdateSegmentLocked merges and stores a segment under the write lock: the slow path a PATCH
// takes when concurrent writes to the same segment keep invalidating its optimistic merge, so no
// accepted write is refused for losing races. merge gets the stored JSON and returns the new
// entry (or the error that rejects it); it runs under the lock, so it must not call the store.
func (s *Store) UpdateSegmentLocked(recordID, sessionID, segmentID string, merge func(prev jsondoc.Object) (Entry, error)) (Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ses, err := s.writableIn(recordID, sessionID)
	if err != nil {
		return Entry{}, err
	}
	cur, ok := ses.segments.get(segmentID)
	if !ok {
		return Entry{}, errSegmentNotFound(recordID, sessionID, segmentID)
	}
	next, err := merge(cur.object())
	if err != nil {
		return Entry{}, err
	}
	if err := checkWithin(next, ses); err != nil {
		return Entry{}, err
	}
	t := s.touchOf(r)
	if err := s.grow(entrySize(&next) - cur.size() + t.delta); err != nil {
		return Entry{}, err
	}
	cur.set(next)
	s.commit(t)
	return next, nil
}

// DeleteSegment removes a segment, freeing its bytes; later reads of it are a *NotFoundError.
func (s *Store) DeleteSegment(recordID, sessionID, segmentID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ses, err := s.writableIn(recordID, sessionID)
	if err != nil {
		return err
	}
	g, ok := ses.segments.get(segmentID)
	if !ok {
		return errSegmentNotFound(recordID, sessionID, segmentID)
	}
	ses.segments.remove(segmentID)
	t := s.touchOf(r)
	s.growForced(t.delta - g.size()) // a delete always goes through: it frees room
	s.commit(t)
	return nil
}

// sameObject reports whether two objects are the same stored version (objects are immutable, so
// identity of their bytes is identity of the version).
func sameObject(a, b jsondoc.Object) bool {
	return len(a.Raw) == len(b.Raw) && len(a.Raw) > 0 && &a.Raw[0] == &b.Raw[0]
}
