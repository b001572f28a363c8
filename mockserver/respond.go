package mockserver

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Content types the mock answers with. Graph's JSON responses carry the OData parameters.
const (
	contentTypeOData = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	contentTypeText  = "text/plain;charset=utf-8"
	// agsDiagnostic mimics the x-ms-ags-diagnostic header every Graph response carries, so code
	// that logs it (as Microsoft advises) finds a value.
	agsDiagnostic = `{"ServerInfo":{"DataCenter":"graphmock","Slice":"E","Ring":"5","ScaleUnit":"000","RoleInstance":"graphmock"}}`
)

// response is what a handler returns: the adapter writes it, so handlers never touch the writer.
type response struct {
	status      int
	body        []byte
	contentType string
	header      http.Header
	location    string // the Location header, when there is one (a create's)
	// problems are the error.details of an error answer, for the journal.
	problems []ErrorDetail
}

// maxPooledBuffer is the largest body buffer kept for reuse; bigger ones are left to the GC.
const maxPooledBuffer = 1 << 20

// handler is the shape of every Graph route's handler.
type handler func(rq *request) (response, error)

// write sends a response with Graph's headers; it returns the size of the body.
func (s *Server) write(w http.ResponseWriter, rq *request, resp response) int {
	s.writeHeader(w, rq, resp)
	if resp.status != http.StatusNoContent && rq.http.Method != http.MethodHead {
		_, _ = w.Write(resp.body)
	}
	return len(resp.body)
}

// writeHeader sends the status line and Graph's headers; Content-Length is the full body's.
func (s *Server) writeHeader(w http.ResponseWriter, rq *request, resp response) {
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	// Keys are written in canonical form directly and values that repeat share one slice (net/http
	// only reads them): this runs on every request. An echoed client-request-id is the request's.
	ids := []string{rq.requestID}
	h["Request-Id"], h["Client-Request-Id"] = ids, ids
	if cid := rq.http.Header["Client-Request-Id"]; len(cid) > 0 && cid[0] == rq.clientRequestID {
		h["Client-Request-Id"] = cid[:1:1]
	}
	at := rq.arrived // a response is written as the request arrives, unless a fault held it back
	if rq.faultID != "" {
		at = rq.now()
	}
	if resp.location != "" {
		h["Location"] = []string{resp.location}
	}
	h["Date"] = s.dates.Header(at)
	h["X-Ms-Ags-Diagnostic"] = s.consts.agsDiagnostic
	h["Odata-Version"] = s.consts.odataVersion
	if resp.status != http.StatusNoContent {
		if resp.contentType == "" {
			h["Content-Type"] = s.consts.contentType
		} else {
			h["Content-Type"] = []string{resp.contentType}
		}
		h["Content-Length"] = s.lengths.Header(len(resp.body))
	}
	w.WriteHeader(resp.status)
}

// record journals a Graph request with its answer resp, of which sent body bytes are written.
// It runs before the answer's first byte is written, so a client that has seen any of it finds
// the request journaled. A request a fault fired on was journaled pending before the fault's
// action ran (applyFault): its entry is completed in place, pending until the action finishes.
func (s *Server) record(rq *request, resp response, sent int, pending bool) {
	rq.noteOutcome(resp)
	e := s.journalEntry(rq, resp.status, sent)
	e.Pending = pending
	rq.ns.journal.Put(rq.ticket, e)
}

// logRequest writes one structured line about a request through the injected logger.
func (s *Server) logRequest(rq *request, status, size int) {
	ctx := context.Background()
	if !s.logger.Enabled(ctx, slog.LevelInfo) {
		return
	}
	s.logger.LogAttrs(ctx, slog.LevelInfo, "request",
		slog.String("request-id", rq.requestID),
		slog.String("route", string(rq.route)),
		slog.String("method", rq.http.Method),
		slog.String("path", rq.http.URL.RequestURI()),
		slog.Int("status", status),
		slog.Int("bytes", size),
		slog.Duration("duration", time.Since(rq.start)),
		slog.String("fault", rq.faultID),
	)
}

// now reads the request's namespace's clock.
func (rq *request) now() time.Time { return rq.ns.clock.Now() }
