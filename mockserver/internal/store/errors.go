package store

import (
	"errors"
	"fmt"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// ErrNotFound is what every *NotFoundError matches with errors.Is: the addressed entity does
// not exist. The HTTP layer answers it with Graph's 404.
var ErrNotFound = errors.New("not found")

// ErrConflict is what every *ConflictError matches with errors.Is: a create used an id its
// parent already holds. The HTTP layer answers it with Graph's 409.
var ErrConflict = errors.New("conflict")

// NotFoundError says which entity a read or write looked for and did not find: Type is what was
// looked up (model.Organizer() for a record without organizer_v2), and the ids say where. Its
// message is the one Graph's 404 carries, naming every id.
type NotFoundError struct {
	Type      model.EntityType
	RecordID  string
	SessionID string // for a segment, the session looked in
	ID        string // the segment's or participant's own id; "" for records, sessions, organizers
}

// Error names what was looked up, as Graph's 404 message does.
func (e *NotFoundError) Error() string {
	switch e.Type {
	case model.Session():
		return fmt.Sprintf("Could not find session '%s' in call record '%s'.", e.SessionID, e.RecordID)
	case model.Segment():
		return fmt.Sprintf("Could not find segment '%s' in session '%s' of call record '%s'.", e.ID, e.SessionID, e.RecordID)
	case model.Participant():
		return fmt.Sprintf("Could not find participant '%s' in call record '%s'.", e.ID, e.RecordID)
	case model.Organizer():
		return fmt.Sprintf("Call record '%s' has no organizer_v2.", e.RecordID)
	}
	return fmt.Sprintf("Could not find the requested call record '%s'. Records about calls or online meetings that started more than 30 days ago are not available.", e.RecordID)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ConflictError is a segment create whose id its session already holds; nothing was changed.
type ConflictError struct {
	RecordID  string
	SessionID string
	ID        string
}

// Error names the id and the session that holds it.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("A segment with id '%s' already exists in session '%s'.", e.ID, e.SessionID)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// invalidSegment is the *model.InvalidError of a segment that breaks one rule of the store.
func invalidSegment(pointer, msg string) error {
	return &model.InvalidError{Type: model.Segment(), Violations: []model.Violation{{Pointer: pointer, Code: "invalidValue", Message: msg}}}
}
