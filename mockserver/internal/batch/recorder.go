package batch

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Recorder is the http.ResponseWriter one request of a batch is served into, in process: the
// engine writes the answer as it writes any other, and the batch's answer is assembled from
// what the Recorders hold. It also carries what the adapter needs to know of the request's place
// in the batch: the batch's request-id and the request's id (for the journal), whether a fault
// fired on it (Faulted), and its turn to meet the fault engine (AwaitTurn, PassTurn). A Recorder
// cannot be hijacked or flushed, so the connection faults that need a socket answer as they do on
// any in-process ResponseWriter.
type Recorder struct {
	// Batch is the request-id of the $batch request; ID the request's id in the batch.
	Batch, ID string

	// header is the map the engine writes the answer's headers into: the batch's one, cleared
	// for each request, when they are served one at a time. WriteHeader keeps what an item shows
	// of it: the Content-Type, the headers beyond those stamped on every answer (name, value
	// pairs, sorted by name) and the Content-Length.
	header                     http.Header
	contentType, contentLength string
	shown                      []string
	status                     int
	body                       []byte
	faulted                    bool
	// arena, when set, is the buffer the batch's bodies are written into one after another
	// (requests served one at a time), so the batch allocates no body of its own.
	arena *[]byte
	// dependency is the id of the failed request this one depended on, when it did not run.
	dependency string
	// panicked is what serving the request panicked with, if it did.
	panicked any

	// turn is closed once the request before this one in its wave has met the fault engine (nil:
	// this one goes first); next is closed once this one has (nil: none follows).
	turn   <-chan struct{}
	next   chan struct{}
	passed bool
}

// Header returns the answer's headers, as http.ResponseWriter does.
func (r *Recorder) Header() http.Header {
	if r.header == nil {
		r.header = make(http.Header, 8) // room for what the engine writes on every answer
	}
	return r.header
}

// WriteHeader records the status and the headers set so far; only the first call counts, as on
// a connection.
func (r *Recorder) WriteHeader(status int) {
	if r.status != 0 {
		return
	}
	r.status = status
	h := r.header
	r.contentType, r.contentLength = h.Get("Content-Type"), h.Get("Content-Length")
	var names []string
	for name := range h {
		if !slices.Contains(stampedHeaders, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		r.shown = append(r.shown, name, strings.Join(h[name], ", "))
	}
}

// Write appends to the body (a copy: the engine's buffer is reused once the answer is written):
// in the batch's arena, or allocated once for the Content-Length the engine announced.
func (r *Recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	if r.arena != nil {
		start := len(*r.arena) - len(r.body) // this request's bytes are the arena's last ones
		*r.arena = append(*r.arena, b...)
		r.body = (*r.arena)[start:len(*r.arena):len(*r.arena)]
		return len(b), nil
	}
	if r.body == nil {
		n, _ := strconv.Atoi(r.contentLength)
		r.body = make([]byte, 0, max(n, len(b)))
	}
	r.body = append(r.body, b...)
	return len(b), nil
}

// Status is the answer's status; an answer the engine never wrote (the client went away while a
// fault held it) reads as 503, the status Graph gives what it could not serve.
func (r *Recorder) Status() int {
	if r.status == 0 {
		return http.StatusServiceUnavailable
	}
	return r.status
}

// Body is the answer's body as written.
func (r *Recorder) Body() []byte { return r.body }

// Faulted notes that a fault rule fired on the request: its wire action may have cut or
// replaced the body the engine built, so the body is checked before it is put in the answer as
// JSON.
func (r *Recorder) Faulted() { r.faulted = true }

// Failed reports whether the request failed, so that those depending on it do not run (Graph:
// a status of 400 or more; a request that did not run failed too).
func (r *Recorder) Failed() bool { return r.Status() >= 400 }

// Dependency is the id of the failed request this one depended on, when it did not run
// (Graph's 424 Failed Dependency); "" when it ran.
func (r *Recorder) Dependency() string { return r.dependency }

// Panic is what serving the request panicked with, nil when it did not. Its Recorder is then
// empty, for the caller to answer Graph's 500.
func (r *Recorder) Panic() any { return r.panicked }

// AwaitTurn waits until the request before this one in its wave has met the fault engine. The
// requests of a wave run at the same time, but meet the engine one after another in the batch's
// order, so its counters and its seeded random source see the same sequence every run and a
// seed replays the same faults.
func (r *Recorder) AwaitTurn() {
	if r.turn != nil {
		<-r.turn
	}
}

// PassTurn lets the next request of the wave meet the fault engine. Only the request's own
// goroutine calls it, after AwaitTurn; calls after the first do nothing.
func (r *Recorder) PassTurn() {
	if r.next != nil && !r.passed {
		r.passed = true
		close(r.next)
	}
}

// contentLengthOK reports whether the body is as long as the Content-Length the engine sent with
// it: a body cut short (a truncating fault, a client gone) is not.
func (r *Recorder) contentLengthOK() bool {
	return r.contentLength == "" || r.contentLength == strconv.Itoa(len(r.body))
}
