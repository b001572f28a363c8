package mockserver

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/journal"
)

// The adapter's side of fault injection: serve asks the namespace's engine for a verdict on a
// Graph request (decideFault) and, when a rule fired, lets the server's wire actions carry it
// out (applyFault) through a faultExchange.

// decideFault asks the request's namespace whether a fault rule fires on it.
func (s *Server) decideFault(rq *request) (faults.Verdict, error) {
	if rq.ns.faults.Quiet(rq.route, rq.http.Header) {
		return faults.Verdict{}, nil // no rule can fire: skip describing the request
	}
	if rq.inner != nil { // a batch's requests meet the engine in the batch's order, so a seed replays them
		rq.inner.AwaitTurn()
		defer rq.inner.PassTurn()
	}
	record, _ := rq.id("recordID")
	in := faults.NewRequest(rq.http, rq.route, strings.TrimPrefix(rq.http.URL.Path, "/"+rq.version), rq.requestID, record)
	in.Envelope = rq.route == routeBatch
	return rq.ns.faults.Decide(&in, rq.now())
}

// applyFault carries out a fired rule. It returns the response to write, or done when the fault
// already wrote (or broke) the response itself.
func (s *Server) applyFault(w http.ResponseWriter, rq *request, h handler, v faults.Verdict) (resp response, done bool) {
	rq.faultID = v.Rule.ID
	if rq.inner != nil {
		rq.inner.Faulted() // its body may not be the JSON the handler built
	}
	// The action may hold the answer back, dribble it or break the connection: the request is
	// journaled now, pending, and completed as its outcome is known (record).
	rq.ticket = rq.ns.journal.Begin(s.journalEntry(rq, 0, 0))
	out, done := s.wire.Apply(w, rq.http, v, faultExchange{s: s, w: w, rq: rq, h: h})
	return response{status: out.Status, header: out.Header, contentType: out.ContentType, body: out.Body}, done
}

// faultExchange lets the wire actions run the handler, render Graph's envelope, write Graph's
// headers and journal the request (faults.Exchange).
type faultExchange struct {
	s  *Server
	w  http.ResponseWriter
	rq *request
	h  handler
}

// toFaultResponse hands a response to a wire action, its Location among its headers (wire
// actions answer a write with the rule's error, never with the write's own answer, but a
// response must not lose a header on its way through them).
func toFaultResponse(r response) faults.Response {
	if r.location != "" {
		r.header = r.header.Clone()
		if r.header == nil {
			r.header = http.Header{}
		}
		r.header["Location"] = []string{r.location}
	}
	return faults.Response{Status: r.status, Header: r.header, ContentType: r.contentType, Body: r.body}
}

// Run runs the handler; the journal keeps the error.details of an error answer.
func (x faultExchange) Run() faults.Response {
	resp := x.s.run(x.rq, x.h)
	x.rq.noteOutcome(resp)
	return toFaultResponse(resp)
}

// Fail renders the fault's answer in Graph's error envelope.
func (x faultExchange) Fail(a faults.Answer) faults.Response {
	ge := &graphError{Status: a.Status, Code: a.Code, Message: a.Message, Header: a.Header}
	return toFaultResponse(x.s.errorResponse(x.rq, ge))
}

// WriteHeader journals the status about to be sent (the entry stays pending until Finish), then
// sends the status line and Graph's headers.
func (x faultExchange) WriteHeader(r faults.Response) {
	resp := response{status: r.Status, header: r.Header, contentType: r.ContentType, body: r.Body}
	x.s.record(x.rq, resp, len(resp.body), true)
	x.s.writeHeader(x.w, x.rq, resp)
}

// Finish completes the request's journal entry and logs the request.
func (x faultExchange) Finish(status, sent int) {
	x.s.record(x.rq, response{status: status}, sent, false)
	x.s.logRequest(x.rq, status, sent)
}

// Skip ends a delay early when the namespace's clock is moved past it.
func (x faultExchange) Skip(d time.Duration) (<-chan struct{}, func()) {
	skipped, c := make(chan struct{}), x.rq.ns.clock
	stop := c.AfterFunc(c.Now().Add(d), func() { close(skipped) })
	return skipped, func() { stop() }
}

// DiscardBody reads the body the handler will not, for the journal.
func (x faultExchange) DiscardBody() {
	if x.rq.capture != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(x.rq.capture, journal.MaxBody+1))
	}
}
