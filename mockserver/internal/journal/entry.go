// Package journal is graphmock's request journal: a bounded ring of entries per namespace, the
// filters that select them, the redaction of what they keep (Authorization values, long headers,
// big bodies) and the retry reports computed from them. It knows nothing of the server around
// it: the adapter builds an Entry for each request and adds it to a Ring before the answer's
// first byte is written (Add), or, when a fault holds the answer back, adds it as pending and
// completes it later (Begin, Put).
package journal

import (
	"net/http"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// Entry is one request as the mock saw it and answered it. Entries handed out are copies:
// changing one changes nothing in the journal.
type Entry struct {
	Time      time.Time    `json:"time"`
	Namespace string       `json:"namespace,omitempty"`
	Route     faults.Route `json:"route"`
	Method    string       `json:"method"`
	URL       string       `json:"url"`
	// Header is the request's headers with Authorization redacted and long values cut
	// (RedactHeader). Given to Ring.Add it is the request's own header, which the ring redacts.
	Header http.Header `json:"header"`
	// Body is the request body as read, decompressed when it was gzip, at most MaxBody bytes;
	// BodyTruncated says the client sent more.
	Body            string        `json:"body,omitempty"`
	bodyHead        string        // Body as kept in the ring, bodyHead then body: made one string
	body            []byte        // only when handed out (Capture.Fill)
	BodyTruncated   bool          `json:"bodyTruncated,omitempty"`
	Status          int           `json:"status"`
	ResponseSize    int           `json:"responseSize"`
	Duration        time.Duration `json:"duration"`
	RequestID       string        `json:"requestId"`
	ClientRequestID string        `json:"clientRequestId"`
	// Fault is the id of the fault rule that fired on the request, if any.
	Fault string `json:"fault,omitempty"`
	// Batch is the RequestID of the JSON batch ($batch) the request came in, and BatchItem its
	// id in that batch; both are "" for a request sent on its own. Each request of a batch is an
	// entry of its own, journaled as it is answered; the batch's entry follows them.
	Batch     string `json:"batch,omitempty"`
	BatchItem string `json:"batchItem,omitempty"`
	// RetryAfter is the Retry-After the response carried, if any.
	RetryAfter time.Duration `json:"retryAfter,omitempty"`
	// Problems is the validation verdict of a rejected request body: one entry per violation,
	// with the JSON pointer into the body.
	Problems []ErrorDetail `json:"problems,omitempty"`
	// Pending says the answer is still under way: a fault holds it back (delay, hang), sends it
	// slowly (dribble) or is about to break the connection. A request is journaled before any
	// byte of its answer leaves, so a pending entry's Status is 0 until its headers are decided,
	// then the status being sent; ResponseSize, Duration and Body are final once Pending is
	// false.
	Pending bool `json:"pending,omitempty"`
	// Console says the request was sent from the explorer's request console (a person trying
	// the contract), not by a client.
	Console bool `json:"console,omitempty"`
}

// ErrorDetail is one entry of Graph's error.details[]: a code, a human message and the JSON
// pointer (target) into the request body that it is about. It is defined here because the
// journal is what publishes it as JSON (Entry.Problems); the error envelope is written by hand
// from the same values.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Target  string `json:"target,omitempty"`
}

// SetBody keeps a request body on the entry as bytes; it becomes Body only when the entry is
// handed out, so journaling a request copies no string. (The adapter keeps a captured body
// with Capture.Fill.)
func (e *Entry) SetBody(body []byte, truncated bool) {
	e.bodyHead, e.body, e.BodyTruncated = "", body, truncated
}

// clone copies an entry's body and problems, so callers cannot reach the journal's slices (the
// ring builds the Header).
func (e Entry) clone() Entry {
	if e.body != nil || e.bodyHead != "" {
		e.Body, e.bodyHead, e.body = e.bodyHead+string(e.body), "", nil
	}
	e.Problems = append([]ErrorDetail(nil), e.Problems...)
	return e
}
