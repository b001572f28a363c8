package mockserver

import (
	"fmt"
	"net/http"
)

// badField is a 400 about one field of a request body, with its JSON pointer as target.
func badField(pointer, msg string) error {
	return &GraphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: msg, Target: pointer,
		Details: []ErrorDetail{{Code: "invalidValue", Message: msg, Target: pointer}}, Err: ErrBadRequest}
}

// checkWithin verifies a segment's times lie inside its session's; callers hold mu.
func checkWithin(seg *entry, ses *session) error {
	if !ses.start.IsZero() && seg.start.Before(ses.start) {
		return badField("/startDateTime", fmt.Sprintf("startDateTime %s is before the session's startDateTime %s.", rfc3339(seg.start), rfc3339(ses.start)))
	}
	if !ses.end.IsZero() && seg.end.After(ses.end) {
		return badField("/endDateTime", fmt.Sprintf("endDateTime %s is after the session's endDateTime %s.", rfc3339(seg.end), rfc3339(ses.end)))
	}
	return nil
}

// createSegment adds a validated segment to a session: 404 when the session does not exist, 409
// when the id is taken, 400 when its times fall outside the session's. Nothing changes on error.
func (s *store) createSegment(recordID, sessionID string, seg *entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return err
	}
	if _, exists := ses.segments.get(seg.id); exists {
		return &GraphError{Status: http.StatusConflict, Code: "Conflict",
			Message: fmt.Sprintf("A segment with id '%s' already exists in session '%s'.", seg.id, sessionID), Err: ErrConflict}
	}
	if err := checkWithin(seg, ses); err != nil {
		return err
	}
	seg.seq = s.seq()
	ses.segments.add(seg)
	return nil
}

// replaceSegment swaps a segment's content for next, but only if it still holds prev (the version
// the caller merged and validated against); it reports false when a concurrent write got there
// first, so the caller can merge again. The segment keeps its place in the listing order.
func (s *store) replaceSegment(recordID, sessionID string, prev object, next *entry) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return false, err
	}
	cur, ok := ses.segments.get(next.id)
	if !ok {
		return false, errSegmentNotFound(recordID, sessionID, next.id)
	}
	if !sameObject(cur.obj, prev) {
		return false, nil
	}
	if err := checkWithin(next, ses); err != nil {
		return false, err
	}
	cur.obj, cur.start, cur.end = next.obj, next.start, next.end
	return true, nil
}

// updateSegmentLocked merges and stores a segment under the write lock: the slow path a PATCH
// takes when concurrent writes to the same segment keep invalidating its optimistic merge.
func (s *store) updateSegmentLocked(recordID, sessionID, segmentID string, merge func(prev object) (*entry, error)) (*entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return nil, err
	}
	cur, ok := ses.segments.get(segmentID)
	if !ok {
		return nil, errSegmentNotFound(recordID, sessionID, segmentID)
	}
	next, err := merge(cur.obj)
	if err != nil {
		return nil, err
	}
	if err := checkWithin(next, ses); err != nil {
		return nil, err
	}
	cur.obj, cur.start, cur.end = next.obj, next.start, next.end
	return next, nil
}

// deleteSegment removes a segment.
func (s *store) deleteSegment(recordID, sessionID, segmentID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, err := s.lookupSession(recordID, sessionID)
	if err != nil {
		return err
	}
	if !ses.segments.remove(segmentID) {
		return errSegmentNotFound(recordID, sessionID, segmentID)
	}
	return nil
}

// sameObject reports whether two objects are the same stored version (objects are immutable, so
// identity of their bytes is identity of the version).
func sameObject(a, b object) bool {
	return len(a.Raw) == len(b.Raw) && len(a.Raw) > 0 && &a.Raw[0] == &b.Raw[0]
}

func errSegmentNotFound(recordID, sessionID, segmentID string) error {
	return notFound("Could not find segment '%s' in session '%s' of call record '%s'.", segmentID, sessionID, recordID)
}
