// Package batch is Graph's JSON batching ($batch) without the engine that answers the requests:
// reading and checking a batch body (Parse), running its requests in the order their
// dependencies allow (Batch.Run, which calls back into the engine for each one and writes each
// answer into a Recorder) and writing the batch's answer (AppendResponses), in the order the
// requests came or shuffled from a seed (Batch.Order).
//
// It knows nothing of routes, namespaces, auth or faults: the adapter turns each Request into an
// HTTP request and serves it like a direct one, so an item gets exactly what the same request
// would get on its own. A batch Graph refuses as a whole is an *Error, which the adapter's error
// map answers with Graph's 400.
package batch

import (
	"fmt"
	"net/http"
	"net/url"
)

// MaxRequests is the most requests one batch may hold, Graph's documented limit.
const MaxRequests = 20

// Request is one request of a batch, checked and ready to serve.
type Request struct {
	// ID is the id the client gave it, as sent. Ids are unique in a batch, compared without
	// regard to case, as Graph compares them.
	ID string
	// Method is the HTTP method, in upper case.
	Method string
	// URL is the url as sent; Target is it parsed as a request target relative to the batch's
	// version: with a leading slash, escaped as sent, without a fragment
	// ("/communications/callRecords?$top=1").
	URL    string
	Target *url.URL
	// Header holds the request's headers, names in canonical form; nil when it has none.
	Header http.Header
	// Body is the request body: the JSON as sent, or the bytes a base64 string decodes to; nil
	// when the request has none.
	Body []byte
	// DependsOn are the ids this request depends on, as sent.
	DependsOn []string
	// after is the index of the request this one runs after (-1: none): its dependency, or of
	// the ids the Graph SDK for Go lists for a chain (every earlier link), the last link.
	after int
}

// After returns the index of the request this one runs after, and whether there is one.
func (r *Request) After() (int, bool) { return r.after, r.after >= 0 }

// Batch is a checked batch: its requests in the order sent, and the waves they run in.
type Batch struct {
	Requests []Request
	// waves are the requests' indexes grouped by how many requests run before them: a wave
	// runs once the one before it has finished, its requests at the same time.
	waves [][]int
}

// AnyHeader reports whether one of the batch's requests carries the named header (canonical).
func (b *Batch) AnyHeader(name string) bool {
	for i := range b.Requests {
		if len(b.Requests[i].Header[name]) > 0 {
			return true
		}
	}
	return false
}

// Error is a batch Graph refuses as a whole: the batch's answer is a 400, not a 200 with an
// answer per request. Message is Graph's own text where it is known ("Invalid batch payload
// format.", "Request Id 1 has to be unique in a batch."); Detail says exactly what is wrong and
// Pointer is the JSON pointer into the body it is about.
type Error struct {
	Message string
	Detail  string
	Pointer string
}

// Error is Graph's message followed by the detail, for logs and Go callers.
func (e *Error) Error() string {
	if e.Detail == "" || e.Detail == e.Message {
		return e.Message
	}
	return e.Message + " " + e.Detail
}

// Graph's messages for a batch it refuses.
const (
	msgFormat    = "Invalid batch payload format."
	msgTooMany   = "Number of requests inside batch exceeds the limit."
	msgDuplicate = "Request Id %s has to be unique in a batch."
	msgShape     = "Batch should be either fully sequential or fully parallel."
)

// formatError is Graph's "Invalid batch payload format." with what is wrong at pointer.
func formatError(pointer, format string, args ...any) *Error {
	return &Error{Message: msgFormat, Detail: fmt.Sprintf(format, args...), Pointer: pointer}
}

// pointerTo is the JSON pointer of a member of the i-th request ("" for the request itself).
func pointerTo(i int, name string) string {
	p := fmt.Sprintf("/requests/%d", i)
	if name != "" {
		p += "/" + name
	}
	return p
}
