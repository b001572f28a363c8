package mockserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/mux"
)

// Content types the mock answers with. Graph's JSON responses carry the OData parameters.
const (
	contentTypeOData = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	contentTypeText  = "text/plain;charset=utf-8"
	// agsDiagnostic mimics the x-ms-ags-diagnostic header every Graph response carries, so code
	// that logs it (as Microsoft advises) finds a value.
	agsDiagnostic = `{"ServerInfo":{"DataCenter":"graphmock","Slice":"E","Ring":"5","ScaleUnit":"000","RoleInstance":"graphmock"}}`
)

// request is what a Graph handler gets: the HTTP request plus what the adapter derived from it.
type request struct {
	http            *http.Request
	route           Route
	version         string // "v1.0" or "beta"
	base            string // scheme://host/version, or the configured public base URL + /version
	requestID       string
	clientRequestID string
	start           time.Time  // when the request arrived (wall clock), for the duration
	arrived         time.Time  // when the request arrived by the server's clock, for the journal
	faultID         string     // the fault rule that fired on this request, if any
	ns              *Namespace // the request's namespace (the default one until it is made)
	nsName          string
	nsErr           error // the namespace name is not valid
	srv             *Server
	vars            *pathVars // path variables found by the route matcher (else in mux.Vars)
	graph           bool      // a Graph route: journaled
	capture         *bodyCapture
	retryAfter      time.Duration // the Retry-After the response carried
	problems        []ErrorDetail // the validation verdict of a rejected body
	buf             *[]byte       // pooled output buffer, returned after the response is written
}

// buffer returns an empty output buffer for the response body. It comes from the server's pool
// and goes back to it once the body is written, so a hot GET allocates no body.
func (rq *request) buffer() []byte {
	return (*rq.buf)[:0]
}

// parse parses the query options for a route that accepts allowed, on entity type t.
func (rq *request) parse(allowed odata.Option, t model.EntityType) (odata.Query, error) {
	return odata.Parse(rq.http.URL.RawQuery, allowed, rq.version == "beta", t)
}

// id returns a path variable, percent-decoded (the router matches the encoded path, so an id may
// contain an encoded slash).
func (rq *request) id(name string) (string, error) {
	var raw string
	if rq.vars != nil {
		raw = rq.vars.get(name)
	} else {
		raw = mux.Vars(rq.http)[name]
	}
	v, err := url.PathUnescape(raw)
	if err != nil {
		return "", badRequest("The id '%s' in the URL is not correctly percent-encoded.", raw)
	}
	return v, nil
}

// unescapeOr percent-decodes a URL segment for a message, or returns it as is.
func unescapeOr(seg string) string {
	if v, err := url.PathUnescape(seg); err == nil {
		return v
	}
	return seg
}

// response is what a handler returns: the adapter writes it, so handlers never touch the writer.
type response struct {
	status      int
	body        []byte
	contentType string
	header      http.Header
}

// maxPooledBuffer is the largest body buffer kept for reuse; bigger ones are left to the GC.
const maxPooledBuffer = 1 << 20

// handler is the shape of every Graph route's handler.
type handler func(rq *request) (response, error)

// newGUID returns a random RFC 4122 version 4 GUID, the shape of Graph's request ids.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

// graphHandler adapts a handler to HTTP: it assigns the request ids, lets the fault engine decide
// whether this request fails, runs the handler, turns an error into Graph's envelope, writes the
// headers every Graph response carries, and logs one line.
func (s *Server) graphHandler(route Route, version string, h handler) http.Handler {
	return s.handle(route, version, h, true)
}

// handle is the adapter behind graphHandler and adminHandler; graph says whether the route is a
// Graph route: faults act on it and the journal records it (admin routes are neither, so a test
// can always clear faults, and reading the journal does not fill it).
func (s *Server) handle(route Route, version string, h handler, graph bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, route, version, h, graph, nil)
	})
}

// serve answers one request on a route: the body of handle, also called by the route matcher
// with the path variables it found (vars; nil when gorilla/mux matched and holds them).
func (s *Server) serve(w http.ResponseWriter, r *http.Request, route Route, version string, h handler, graph bool, vars *pathVars) {
	rq := s.newRequest(r, route, version)
	rq.vars = vars
	rq.graph = graph
	rq.buf = s.bufs.Get().(*[]byte)
	if graph && r.Body != nil && r.Body != http.NoBody {
		rq.capture = &bodyCapture{r: r.Body, closer: r.Body}
		if n := r.ContentLength; n > 0 {
			rq.capture.buf = make([]byte, 0, min(n, maxJournalBody))
		}
		r.Body = rq.capture
	}
	var resp response
	var fire faults.Verdict
	err := rq.nsErr
	if graph && err == nil && s.cfg.requireAuth {
		err = s.authorize(rq)
	}
	if graph && err == nil && route != RouteUnknown {
		err = rq.useNamespace()
	}
	if graph && err == nil {
		fire, err = s.decideFault(rq)
	}
	switch {
	case err != nil:
		resp = s.errorResponse(rq, err)
	case fire.Fired:
		var done bool
		if resp, done = s.applyFault(w, rq, h, fire); done {
			s.bufs.Put(rq.buf)
			return
		}
	default:
		resp = s.run(rq, h)
	}
	s.write(w, rq, resp)
	// Keep the (possibly grown) buffer for the next request, unless a huge page grew it.
	if cap(resp.body) <= maxPooledBuffer && cap(resp.body) >= cap(*rq.buf) {
		*rq.buf = resp.body[:0]
	}
	s.bufs.Put(rq.buf)
}

// run calls a handler and renders an error it returns.
func (s *Server) run(rq *request, h handler) response {
	resp, err := h(rq)
	if err != nil {
		return s.errorResponse(rq, err)
	}
	return resp
}

// newRequest derives the ids and the base URL of a request.
func (s *Server) newRequest(r *http.Request, route Route, version string) *request {
	rq := &request{http: r, route: route, version: version, requestID: newGUID(), start: time.Now(), arrived: s.now(), srv: s}
	rq.clientRequestID = r.Header.Get("client-request-id")
	if rq.clientRequestID == "" {
		rq.clientRequestID = rq.requestID
	}
	name, prefixed := r.Context().Value(namespaceKey{}).(string)
	if !prefixed {
		name = r.Header.Get(NamespaceHeader)
	}
	// The namespace is only looked up here; it is made (on first use) once the request has
	// passed auth or the admin guard, so unauthenticated or unmatched requests cannot fill the
	// namespace limit. An empty /_ns// is an error, not the default namespace.
	rq.nsName = name
	rq.ns = s.existingNamespace(name)
	prefix := ""
	if prefixed || name != "" {
		if rq.nsErr = namespaceName(name); rq.nsErr == nil {
			// Links keep the namespace in the path, so a client that follows them without
			// resending the header stays in its namespace.
			prefix = "/_ns/" + name
		}
	}
	rq.base = s.baseURL(r) + prefix + "/" + version
	return rq
}

// baseURL is the scheme and host links are built on: the configured public base URL, else the
// request's own host.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.baseURL != "" {
		return s.cfg.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// write sends a response with Graph's headers and logs the request.
func (s *Server) write(w http.ResponseWriter, rq *request, resp response) {
	s.writeHeader(w, rq, resp)
	if resp.status != http.StatusNoContent && rq.http.Method != http.MethodHead {
		_, _ = w.Write(resp.body)
	}
	s.logRequest(rq, resp.status, len(resp.body))
}

// writeHeader sends the status line and Graph's headers; Content-Length is the full body's.
func (s *Server) writeHeader(w http.ResponseWriter, rq *request, resp response) {
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	// Keys are written in canonical form directly and constant values share one slice: this runs
	// on every request.
	h["Request-Id"] = []string{rq.requestID}
	h["Client-Request-Id"] = []string{rq.clientRequestID}
	h["Date"] = []string{s.httpDate()}
	h["X-Ms-Ags-Diagnostic"] = s.consts.agsDiagnostic
	h["Odata-Version"] = s.consts.odataVersion
	if resp.status != http.StatusNoContent {
		if resp.contentType == "" {
			h["Content-Type"] = s.consts.contentType
		} else {
			h["Content-Type"] = []string{resp.contentType}
		}
		h["Content-Length"] = []string{strconv.Itoa(len(resp.body))}
	}
	w.WriteHeader(resp.status)
}

// logRequest finishes a request: it records it in its namespace's journal (Graph routes only)
// and writes one structured line through the injected logger.
func (s *Server) logRequest(rq *request, status, size int) {
	if rq.graph {
		rq.ns.journal.add(s.journalEntry(rq, status, size))
	}
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

// errorResponse renders an error in Graph's envelope:
// {"error":{"code","message","details"?,"innerError":{"date","request-id","client-request-id"}}}.
func (s *Server) errorResponse(rq *request, err error) response {
	ge := toGraphError(err)
	if ge.Status >= 500 && !isGraphError(err) {
		s.logger.Error("internal error", "request-id", rq.requestID, "error", err)
	}
	b := []byte(`{"error":{`)
	b = jsondoc.AppendStringMember(b, "code", ge.Code)
	b = jsondoc.AppendStringMember(b, "message", ge.Message)
	if ge.Target != "" {
		b = jsondoc.AppendStringMember(b, "target", ge.Target)
	}
	if len(ge.Details) > 0 {
		b = jsondoc.AppendMember(b, "details")
		b = append(b, '[')
		for i, d := range ge.Details {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = jsondoc.AppendStringMember(b, "code", d.Code)
			b = jsondoc.AppendStringMember(b, "message", d.Message)
			if d.Target != "" {
				b = jsondoc.AppendStringMember(b, "target", d.Target)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	rq.problems = ge.Details
	if ra := ge.Header.Get("Retry-After"); ra != "" {
		rq.retryAfter, _ = faults.ParseDuration(ra)
	}
	b = jsondoc.AppendMember(b, "innerError")
	b = append(b, '{')
	b = jsondoc.AppendStringMember(b, "date", errorDate(s.now()))
	b = jsondoc.AppendStringMember(b, "request-id", rq.requestID)
	b = jsondoc.AppendStringMember(b, "client-request-id", rq.clientRequestID)
	if ge.Status == http.StatusTooManyRequests {
		// Graph's throttling responses repeat the status inside innerError.
		b = jsondoc.AppendStringMember(b, "code", "429")
		b = jsondoc.AppendStringMember(b, "message", "Please retry after")
		b = jsondoc.AppendStringMember(b, "status", "429")
	}
	b = append(b, "}}}"...)
	return response{status: ge.Status, body: b, header: ge.Header}
}

func isGraphError(err error) bool {
	_, ok := err.(*GraphError)
	return ok
}

// now reads the server's clock.
func (s *Server) now() time.Time { return s.cfg.clock() }

// existingNamespace returns a live namespace by name, or the default one when it does not exist
// (yet): for requests that must not make namespaces.
func (s *Server) existingNamespace(name string) *Namespace {
	if name == "" {
		return s.def
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n, ok := s.spaces[name]; ok {
		return n
	}
	return s.def
}

// useNamespace makes the request's namespace on first use (it passed auth or the admin guard).
func (rq *request) useNamespace() error {
	n, err := rq.srv.Namespace(rq.nsName)
	if err != nil {
		return err
	}
	rq.ns = n
	return nil
}
