package mockserver

import (
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/console"
	"github.com/graphmock/graphmock/mockserver/internal/journal"
)

// JournalEntry is one request as the mock saw it and answered it: when (the server's clock),
// namespace, route, method, URL, headers (Authorization redacted, long values cut), the body as
// read (gzip decompressed, at most 64 KiB, BodyTruncated beyond), status, response size,
// duration, request ids, the fault rule that fired, the Retry-After sent and the validation
// problems of a rejected body. A request is journaled before any byte of its answer is written;
// one a fault holds back, dribbles or breaks is Pending until its outcome is known. Entries
// handed out are copies: changing one changes nothing in the journal.
type JournalEntry = journal.Entry

// RequestFilter selects journal entries by Route, Method (any case), Status and Since (entries at
// or after that time); zero fields select everything.
type RequestFilter = journal.Filter

// journalEntry builds the entry of a request answered with status and size body bytes.
func (s *Server) journalEntry(rq *request, status, size int) JournalEntry {
	e := JournalEntry{
		Time: rq.arrived, Namespace: rq.ns.name, Route: rq.route, Method: rq.http.Method,
		URL: rq.http.URL.RequestURI(), Header: rq.http.Header, Status: status, ResponseSize: size,
		Duration: time.Since(rq.start), RequestID: rq.requestID, ClientRequestID: rq.clientRequestID,
		Fault: rq.faultID, RetryAfter: rq.retryAfter, Problems: rq.problems, Console: console.Sent(rq.http),
	}
	if rq.inner != nil {
		e.Batch, e.BatchItem = rq.inner.Batch, rq.inner.ID
	}
	if rq.capture != nil {
		rq.capture.Fill(&e, rq.http.Header.Get("Content-Encoding"))
	}
	return e
}
