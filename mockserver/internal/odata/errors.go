package odata

import "fmt"

// QueryError is a request's query options (or its $skiptoken, or the page size it asks for)
// that the callRecords routes cannot honour. Message is the text Graph answers with, word for
// word; the HTTP layer alone decides that this is a 400 BadRequest.
type QueryError struct {
	Message string
}

// Error returns Graph's message.
func (e *QueryError) Error() string { return e.Message }

// errorf builds a *QueryError with a formatted message.
func errorf(format string, args ...any) error {
	return &QueryError{Message: fmt.Sprintf(format, args...)}
}
