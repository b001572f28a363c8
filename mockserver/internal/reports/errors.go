package reports

import "fmt"

// ParamError is a call whose parameters cannot be read: the function's parameters missing,
// unknown, repeated, empty or not a DateTimeOffset, a reversed range, or a page size out of
// bounds. Message is the text Graph answers with; the HTTP layer makes it a 400 BadRequest.
type ParamError struct {
	Message string
}

// Error returns the message.
func (e *ParamError) Error() string { return e.Message }

// paramErrorf builds a *ParamError with a formatted message.
func paramErrorf(format string, args ...any) error {
	return &ParamError{Message: fmt.Sprintf(format, args...)}
}

// RangeError is a well-formed range longer than the 90 days the docs allow: Graph has been seen
// to refuse it with 406 Not Acceptable, which the HTTP layer answers.
type RangeError struct {
	Range Range
}

// Error says what was asked and what is allowed.
func (e *RangeError) Error() string {
	return fmt.Sprintf("The range from fromDateTime %s to toDateTime %s is %s long; it can't be more than 90 days. "+
		"Ask for 90 days at most, and for a longer period one range after another.",
		formatTime(e.Range.From), formatTime(e.Range.To), spell(e.Range.To.Sub(e.Range.From)))
}
