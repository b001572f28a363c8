package mockserver

import (
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/mux"
	"github.com/graphmock/graphmock/mockserver/internal/batch"
	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/journal"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/namespaces"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"github.com/graphmock/graphmock/mockserver/internal/pathmatch"
	"github.com/graphmock/graphmock/mockserver/internal/resources"
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
	vars            pathmatch.Vars    // path variables found by the route matcher (else in mux.Vars, for admin routes)
	capture         *journal.Capture  // &captured while the request has a body, else nil
	captured        journal.Capture   // what the journal keeps of the body, pooled with the request
	body            io.ReadCloser     // the HTTP request's own body, given back by release
	read            body.Read         // what ReadBody read of the body, for WithFirst
	retryAfter      time.Duration     // the Retry-After the response carried
	problems        []ErrorDetail     // the validation verdict of a rejected body
	buf             *[]byte           // pooled output buffer, returned after the response is written
	ticket          journal.Ticket    // the entry journaled pending when a fault fired, before its action
	prefs           odata.Prefer      // what the Prefer header asks for (Graph routes)
	res             resources.Request // what a handler of the callRecords tree reads (resources.go)
	inner           *batch.Recorder   // where a request of a JSON batch is answered; nil for others
}

// out is the writer of stored entities for this request, showing them as its Prefer header asks.
func (rq *request) out() odata.Writer { return odata.Writer{Show: rq.prefs.Show()} }

// noteOutcome keeps what the journal reports of the answer being written: the Retry-After it
// carries and the error.details of an error answer.
func (rq *request) noteOutcome(resp response) {
	if resp.problems != nil {
		rq.problems = resp.problems
	}
	if ra := resp.header.Get("Retry-After"); ra != "" {
		rq.retryAfter, _ = faults.ParseDuration(ra)
	}
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
	raw, ok := rq.vars.Get(name)
	if !ok {
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

// newRequest derives the ids and the base URL of a request. The request and its output buffer
// come from the server's pools; release returns them.
func (s *Server) newRequest(r *http.Request, route Route, version string) *request {
	rq := s.reqs.Get().(*request)
	*rq = request{http: r, route: route, version: version, requestID: s.ids.Next(), start: time.Now(), srv: s, buf: s.bufs.Get().(*[]byte)}
	if cid := r.Header["Client-Request-Id"]; len(cid) > 0 { // the key as net/http canonicalizes it
		rq.clientRequestID = cid[0]
	}
	if rq.clientRequestID == "" {
		rq.clientRequestID = rq.requestID
	}
	// The namespace is only looked up here; it is made (on first use) once the request has
	// passed auth or the admin guard, so unauthenticated or unmatched requests cannot fill the
	// namespace limit. An empty /_ns// is an error, not the default namespace.
	name, prefixed := r.Context().Value(namespaceKey{}).(string)
	var header string
	if v := r.Header[NamespaceHeader]; len(v) > 0 { // the canonical key: Get would canonicalize it again
		header = v[0]
	}
	rq.nsName, rq.nsErr = namespaces.Select(name, prefixed, header)
	rq.ns = s.existingNamespace(rq.nsName)
	rq.arrived = rq.ns.clock.At(rq.start)
	prefix := ""
	if rq.nsErr == nil && rq.nsName != "" {
		// Links keep the namespace in the path, so a client that follows them without resending
		// the header stays in its namespace.
		prefix = "/_ns/" + rq.nsName
	}
	// Links are built on the configured public base URL, else on the request's own host.
	rq.base = s.roots.For(s.cfg.baseURL, r.Host, r.TLS != nil, prefix, version)
	return rq
}

// existingNamespace returns a live namespace by name, or the default one when it does not exist
// (yet): for requests that must not make namespaces.
func (s *Server) existingNamespace(name string) *Namespace {
	if name == "" {
		return s.Namespace
	}
	if n, ok := s.spaces.Get(name); ok {
		return n
	}
	return s.Namespace
}

// useNamespace makes the request's namespace on first use (it passed auth or the admin guard).
func (rq *request) useNamespace() error {
	n, err := rq.srv.NamespaceNamed(rq.nsName)
	if err != nil {
		return err
	}
	if n != rq.ns { // made by this request: its time is the new namespace's clock's
		rq.ns, rq.arrived = n, n.clock.At(rq.start)
	}
	return nil
}
