package model

import "fmt"

// Violation is one thing wrong with an entity's JSON: where (a JSON pointer relative to the
// entity), a short code (Graph's error.details[].code, such as "invalidValue") and a message that
// names the field and says why. Schema validation, the store's domain rules and scenario loading
// all report problems this way, so one place (mockserver's error map) turns them into Graph's
// error.details[] and scenario loading into file:line problems.
type Violation struct {
	Pointer string
	Code    string
	Message string
}

// InvalidError is a rejected entity body: the type it should have been and every violation
// found. Nothing was changed by the request that got it.
type InvalidError struct {
	Type       EntityType
	Violations []Violation
}

// Error summarizes the first violation and how many more there are.
func (e *InvalidError) Error() string {
	if len(e.Violations) == 0 {
		return "the request body is not a valid " + e.Type.Name()
	}
	v := e.Violations[0]
	return "the request body is not a valid " + e.Type.Name() + ": " + v.Pointer + ": " + v.Message
}

// Summary is Graph's message for the rejected body: the type and the first violation, and how
// many more there are (each of which an answer lists in error.details).
func (e *InvalidError) Summary() string {
	if len(e.Violations) == 0 {
		return fmt.Sprintf("The request body is not a valid %s.", e.Type.Name())
	}
	v := e.Violations[0]
	msg := fmt.Sprintf("The request body is not a valid %s: %s: %s", e.Type.Name(), v.Pointer, v.Message)
	if len(e.Violations) > 1 {
		msg += fmt.Sprintf(" (and %d more problems in error.details)", len(e.Violations)-1)
	}
	return msg
}
