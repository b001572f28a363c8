package mockserver

import (
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/batch"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/namespaces"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"github.com/graphmock/graphmock/mockserver/internal/pathmatch"
)

// The two adapters between HTTP and handlers. A Graph request passes auth, gets its namespace,
// meets the fault engine, runs its handler and is journaled before its answer is written; an
// admin request (/_mock/, the explorer's forms) passes the admin guard inside its handler and is
// neither faulted nor journaled, so a test can always clear faults and reading the journal does
// not fill it. Both write through the same code: every answer has Graph's headers and envelope.

// ServeHTTP serves the Graph routes under /v1.0 and /beta, and hands the admin API under /_mock/
// and the explorer to the admin router. First it refuses what no route may see: a Host that does
// not name the server, a /_ns/NAME/ prefix with a name that is not valid, and a state-changing
// admin or explorer request from another site (Graph routes are an API without CORS, as Graph is).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	err := s.policy.CheckHost(r.Host)
	path := r.URL.EscapedPath()
	if name, escapedRest, rest, ok := namespaces.SplitPath(path); ok && err == nil {
		err = namespaces.CheckName(name)
		r, path = withNamespace(r, name, escapedRest, rest), escapedRest
	}
	admin := path == "/" || strings.HasPrefix(path, "/_mock/")
	if err == nil && admin {
		err = s.policy.CheckOrigin(r.Method, r.Host, r.Header.Get("Origin"), r.Header.Get("Sec-Fetch-Site"))
	}
	if err != nil { // answered like an admin request: Graph's envelope, not journaled, never faulted
		refused := err // only this path pays for the closure
		s.adminHandler(routeRefused, func(*request) (response, error) { return response{}, refused }).ServeHTTP(w, r)
		return
	}
	if admin {
		s.adminRouter().ServeHTTP(w, r)
		return
	}
	s.serveGraphPath(w, r, path)
}

// serveGraphPath answers a Graph request by the route its escaped path matches. The requests of
// a JSON batch come in here too, in process (serveItem).
func (s *Server) serveGraphPath(w http.ResponseWriter, r *http.Request, path string) {
	if hit, ok := graphRoutes.Match(r.Method, path); ok {
		rt := &graphRouteTable[hit.Rule]
		s.serveGraph(w, r, rt.name, hit.Version, rt.handle, hit.Vars)
		return
	}
	s.serveGraph(w, r, routeUnknown, "v1.0", (*Server).answerUnmatched, pathmatch.Vars{})
}

// serveGraph answers one Graph request: route and version as matched, vars the path's variables.
func (s *Server) serveGraph(w http.ResponseWriter, r *http.Request, route Route, version string,
	h func(*Server, *request) (response, error), vars pathmatch.Vars) {
	s.graphRequests.Add(1)
	rq := s.newRequest(r, route, version)
	rq.vars = vars
	rq.inner, _ = w.(*batch.Recorder)                // a request of a batch
	rq.prefs = odata.ParsePrefer(r.Header["Prefer"]) // the key as net/http canonicalizes it
	if r.Body != nil && r.Body != http.NoBody {
		rq.captured.Reset(r.Body, r.ContentLength)
		rq.capture, rq.body = &rq.captured, r.Body
		r.Body = rq.capture // until release
	}
	err := rq.nsErr
	if err == nil && s.cfg.requireAuth {
		err = checkAuth(r, route, rq.ns.clock.Source())
	}
	if err == nil && route != routeUnknown {
		err = rq.useNamespace()
	}
	var verdict faults.Verdict
	if err == nil {
		verdict, err = s.decideFault(rq)
	}
	var resp response
	switch {
	case err != nil:
		resp = s.errorResponse(rq, err)
	case verdict.Fired:
		bound := func(rq *request) (response, error) { return rq.honourPreferences(h(s, rq)) }
		var done bool
		if resp, done = s.applyFault(w, rq, bound, verdict); done {
			s.release(rq, response{})
			return
		}
	default:
		if resp, err = rq.honourPreferences(h(s, rq)); err != nil {
			resp = s.errorResponse(rq, err)
		}
	}
	s.record(rq, resp, len(resp.body), false) // before the first byte is written
	sent := s.write(w, rq, resp)
	s.logRequest(rq, resp.status, sent)
	s.release(rq, resp)
}

// adminHandler adapts an admin handler: the same ids, headers and error envelope as a Graph
// route, without faults or the journal.
func (s *Server) adminHandler(route Route, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := s.newRequest(r, route, "v1.0")
		resp := s.run(rq, h)
		s.logRequest(rq, resp.status, s.write(w, rq, resp))
		s.release(rq, resp)
	})
}

// run calls a handler and renders an error it returns.
func (s *Server) run(rq *request, h handler) response {
	resp, err := h(rq)
	if err != nil {
		return s.errorResponse(rq, err)
	}
	return resp
}

// release returns a request whose response is written to the server's pools, with its output
// buffer (keeping a buffer the response grew, unless a huge page grew it). The request is
// cleared first: what the journal keeps of it was copied out, and the HTTP request gets its own
// body back (its capture goes back to the pool with the request).
func (s *Server) release(rq *request, resp response) {
	if cap(resp.body) <= maxPooledBuffer && cap(resp.body) >= cap(*rq.buf) {
		*rq.buf = resp.body[:0]
	}
	if rq.capture != nil {
		rq.http.Body = rq.body
	}
	s.bufs.Put(rq.buf)
	*rq = request{}
	s.reqs.Put(rq)
}
