package mockserver

import (
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/graphmock/graphmock/mockserver/internal/admin"
	"github.com/graphmock/graphmock/mockserver/internal/clock"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// adminRouter returns the router of the admin API under /_mock/ and of the explorer (at / and
// under /_mock/ui), building it on first use. gorilla/mux serves these: their paths are few,
// cold, and named with variables mux handles well; no Graph route is registered here.
func (s *Server) adminRouter() *mux.Router {
	s.adminOnce.Do(func() { s.admin = s.buildAdminRouter() })
	return s.admin
}

// buildAdminRouter registers the explorer's pages and the admin API, and answers the rest under
// /_mock/ with a 405 naming the methods a path has, or a 404 that points at the admin API table.
func (s *Server) buildAdminRouter() *mux.Router {
	root := mux.NewRouter().SkipClean(true).UseEncodedPath()
	// The explorer: HTML pages over the same state (internal/explorer, fed by explorer_source.go),
	// before /_mock/ takes the rest.
	ui, pageMethods := s.newExplorer(), []string{http.MethodGet, http.MethodHead}
	root.Handle("/", ui.Home()).Methods(pageMethods...)
	root.Handle("/_mock/ui", ui.Home()).Methods(pageMethods...)
	root.Handle("/_mock/ui/callRecords/{recordID:[^/]+}", ui.Record()).Methods(pageMethods...)
	root.Handle("/_mock/ui/callRecords/{recordID:[^/]+}/sessions/{sessionID:[^/]+}", ui.Session()).Methods(pageMethods...)
	root.Handle("/_mock/ui/reports/{function:[^/]+}", ui.Report()).Methods(pageMethods...)
	root.Handle("/_mock/ui/callRecords/{recordID:[^/]+}/sessions/{sessionID:[^/]+}/segments/{segmentID:[^/]+}", ui.Segment()).Methods(pageMethods...)
	root.Handle("/_mock/ui/quality", ui.Quality()).Methods(pageMethods...)
	root.Handle("/_mock/ui/console", ui.Console()).Methods(http.MethodGet, http.MethodHead, http.MethodPost)
	root.Handle("/_mock/ui/notifications", ui.Notifications()).Methods(pageMethods...)
	root.Handle("/_mock/ui/scenario", ui.LoadScenario()).Methods(http.MethodPost)
	root.Handle("/_mock/ui/reset", ui.Reset()).Methods(http.MethodPost)
	api := root.PathPrefix("/_mock/").Subrouter()
	for _, rt := range admin.Routes(adminServer{s}) {
		h := adminRoute(rt.Handle)
		if !rt.Open {
			h = s.adminGuard(h)
		}
		api.Handle(rt.Path, s.adminHandler(Route(rt.Name), h)).Methods(rt.Method)
	}
	unmatched := s.adminHandler(routeAdminUnknown, func(rq *request) (response, error) {
		if allow := adminMethods(root, rq.http); len(allow) > 0 {
			return response{}, &graphError{
				Status:  http.StatusMethodNotAllowed,
				Code:    "MethodNotAllowed",
				Message: "The HTTP method '" + rq.http.Method + "' isn't allowed on the resource.",
				Header:  http.Header{"Allow": {strings.Join(allow, ", ")}},
			}
		}
		return response{}, notFound("There is no admin route %s; see the README's admin API table.", unescapeOr(rq.http.URL.EscapedPath()))
	})
	root.NotFoundHandler = unmatched
	root.MethodNotAllowedHandler = unmatched
	return root
}

// adminMethods lists the methods the admin router serves on the request's path (the Allow of a
// 405), by asking it about each one. Admin requests are rare, so probing is cheap enough here.
func adminMethods(root *mux.Router, r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if root.Match(probe, &match) && match.MatchErr == nil {
			allow = append(allow, m)
		}
	}
	return allow
}

// adminRoute adapts an internal/admin handler to the admin adapter: the namespace is the one the
// request selected (the guard has resolved it), and a reply is written like any response.
func adminRoute(h admin.Handler) handler {
	return func(rq *request) (response, error) {
		rep, err := h(rq.http, adminNamespace{rq.ns})
		if err != nil {
			return response{}, err
		}
		return response{status: rep.Status, body: rep.Body, contentType: rep.ContentType}, nil
	}
}

// adminNamespace is a Namespace as the admin API sees it.
type adminNamespace struct{ *Namespace }

// AddFaults implements admin.Namespace.
func (n adminNamespace) AddFaults(rules []Fault, source string) ([]Fault, error) {
	return n.faults.AddAll(rules, source)
}

// Clock implements admin.Namespace.
func (n adminNamespace) Clock() *clock.Clock { return n.clock }

// PutCallRecord implements admin.Namespace.
func (n adminNamespace) PutCallRecord(data []byte) (bool, time.Time, error) {
	return n.putCallRecord(data)
}

// ClearNotifications implements admin.Namespace: the delivery log is emptied.
func (n adminNamespace) ClearNotifications() { n.hub.ClearAttempts() }

// adminServer is a Server as the admin API sees it.
type adminServer struct{ s *Server }

func (a adminServer) Namespaces() []string           { return a.s.Namespaces() }
func (a adminServer) DropNamespace(name string) bool { return a.s.DropNamespace(name) }
func (a adminServer) Seed() uint64                   { return a.s.Seed() }
func (a adminServer) Usage() store.Usage             { return a.s.budget.Usage() }
func (a adminServer) GraphRequests() uint64          { return a.s.graphRequests.Load() }
func (a adminServer) Routes() []Route                { return allRoutes() }
func (a adminServer) MaxBodyBytes() int64            { return a.s.cfg.maxBodyBytes }
