package mockserver

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// Route names one endpoint of the mock. Faults and the request journal refer to routes by these
// names, so they stay stable across releases. It is the fault engine's route type, so rules name
// routes with these constants.
type Route = faults.Route

// The Graph routes, the same under /v1.0 and /beta.
const (
	RouteGetSegment        Route = "getSegment"
	RouteListSegments      Route = "listSegments"
	RouteCountSegments     Route = "countSegments"
	RouteGetSession        Route = "getSession"
	RouteListSessions      Route = "listSessions"
	RouteCountSessions     Route = "countSessions"
	RouteGetCallRecord     Route = "getCallRecord"
	RouteListCallRecords   Route = "listCallRecords"
	RouteCountCallRecords  Route = "countCallRecords"
	RouteGetOrganizer      Route = "getOrganizer"
	RouteGetParticipant    Route = "getParticipant"
	RouteListParticipants  Route = "listParticipants"
	RouteCountParticipants Route = "countParticipants"
	RouteCreateSegment     Route = "createSegment"
	RouteUpdateSegment     Route = "updateSegment"
	RouteDeleteSegment     Route = "deleteSegment"
	// RouteUnknown is a request that matched no route (an unknown path or a wrong method).
	RouteUnknown Route = "unknown"
)

// allRoutes lists every Graph route name, for checking the routes a fault rule names.
func allRoutes() []Route {
	return []Route{RouteGetSegment, RouteListSegments, RouteCountSegments, RouteCreateSegment, RouteUpdateSegment,
		RouteDeleteSegment, RouteGetSession, RouteListSessions, RouteCountSessions, RouteGetCallRecord,
		RouteListCallRecords, RouteCountCallRecords, RouteGetOrganizer, RouteGetParticipant, RouteListParticipants,
		RouteCountParticipants, RouteUnknown}
}

// Path templates. Ids may not start with `$`, so `…/$count` never reads as an id.
const (
	pathRecords      = "/communications/callRecords"
	pathRecord       = pathRecords + "/{recordID:[^/$][^/]*}"
	pathOrganizer    = pathRecord + "/organizer_v2"
	pathParticipants = pathRecord + "/participants_v2"
	pathParticipant  = pathParticipants + "/{participantID:[^/$][^/]*}"
	pathSessions     = pathRecord + "/sessions"
	pathSession      = pathSessions + "/{sessionID:[^/$][^/]*}"
	pathSegments     = pathSession + "/segments"
	pathSegment      = pathSegments + "/{segmentID:[^/$][^/]*}"
)

// graphRoute is one row of the route table.
type graphRoute struct {
	name    Route
	method  string
	path    string
	handler handler
}

// graphRoutes is the whole Graph URL surface, hottest first: gorilla/mux tries routes in order,
// so the segment and session reads that clients hammer match after the fewest regexps.
func (s *Server) graphRoutes() []graphRoute {
	return []graphRoute{
		{RouteGetSegment, http.MethodGet, pathSegment, s.getSegment},
		{RouteListSegments, http.MethodGet, pathSegments, s.listSegments},
		{RouteGetSession, http.MethodGet, pathSession, s.getSession},
		{RouteListSessions, http.MethodGet, pathSessions, s.listSessions},
		{RouteGetCallRecord, http.MethodGet, pathRecord, s.getCallRecord},
		{RouteListCallRecords, http.MethodGet, pathRecords, s.listCallRecords},
		{RouteListParticipants, http.MethodGet, pathParticipants, s.listParticipants},
		{RouteGetParticipant, http.MethodGet, pathParticipant, s.getParticipant},
		{RouteGetOrganizer, http.MethodGet, pathOrganizer, s.getOrganizer},
		{RouteCreateSegment, http.MethodPost, pathSegments, s.createSegment},
		{RouteUpdateSegment, http.MethodPatch, pathSegment, s.updateSegment},
		{RouteDeleteSegment, http.MethodDelete, pathSegment, s.deleteSegment},
		{RouteCountSegments, http.MethodGet, pathSegments + "/$count", s.countSegments},
		{RouteCountSessions, http.MethodGet, pathSessions + "/$count", s.countSessions},
		{RouteCountParticipants, http.MethodGet, pathParticipants + "/$count", s.countParticipants},
		{RouteCountCallRecords, http.MethodGet, pathRecords + "/$count", s.countCallRecords},
	}
}

// apiVersions are the Graph versions served, each under its own subrouter.
func apiVersions() []string { return []string{"v1.0", "beta"} }

// routes builds the router: one subrouter per API version (cheaper matching than one flat table),
// the admin API under /_mock, and Graph-shaped answers for unknown paths and wrong methods.
func (s *Server) routes() *mux.Router {
	root := mux.NewRouter().SkipClean(true).UseEncodedPath()
	for _, v := range apiVersions() {
		sub := root.PathPrefix("/" + v).Subrouter()
		for _, rt := range s.graphRoutes() {
			sub.Handle(rt.path, s.graphHandler(rt.name, v, rt.handler)).Methods(rt.method).Name(v + " " + string(rt.name))
		}
	}
	// The explorer: HTML pages over the same state (internal/explorer, fed by explorer_source.go),
	// before /_mock/ takes the rest.
	ui, pageMethods := s.newExplorer(), []string{http.MethodGet, http.MethodHead}
	root.Handle("/", ui.Home()).Methods(pageMethods...)
	root.Handle("/_mock/ui", ui.Home()).Methods(pageMethods...)
	root.Handle("/_mock/ui/callRecords/{recordID:[^/]+}", ui.Record()).Methods(pageMethods...)
	root.Handle("/_mock/ui/callRecords/{recordID:[^/]+}/sessions/{sessionID:[^/]+}", ui.Session()).Methods(pageMethods...)
	root.Handle("/_mock/ui/scenario", ui.LoadScenario()).Methods(http.MethodPost)
	root.Handle("/_mock/ui/reset", ui.Reset()).Methods(http.MethodPost)
	s.adminRoutes(root.PathPrefix("/_mock/").Subrouter())
	// gorilla/mux reports a method mismatch inside a subrouter as not found, so one handler
	// answers both: 405 when the path exists with other methods, else 400 for the unknown path.
	answer := func(rq *request) (response, error) {
		if err := methodNotAllowed(root, rq.http); err != nil {
			return response{}, err
		}
		return s.unknownPath(rq)
	}
	// Under /_mock/ the answer comes from an admin handler: faults never apply there and the
	// journal does not record it.
	graphUnmatched := s.graphHandler(RouteUnknown, "v1.0", answer)
	adminUnmatched := s.adminHandler(RouteAdminUnknown, answer)
	unmatched := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_mock/") {
			adminUnmatched.ServeHTTP(w, r)
			return
		}
		graphUnmatched.ServeHTTP(w, r)
	})
	root.NotFoundHandler = unmatched
	root.MethodNotAllowedHandler = unmatched
	return root
}

// methodNotAllowed returns Graph's 405, with the Allow header listing the methods the path has,
// or nil when the path has no route under any method.
func methodNotAllowed(root *mux.Router, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if root.Match(probe, &match) && match.MatchErr == nil {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return nil
	}
	return &GraphError{
		Status:  http.StatusMethodNotAllowed,
		Code:    "MethodNotAllowed",
		Message: "The HTTP method '" + r.Method + "' isn't allowed on the resource.",
		Header:  http.Header{"Allow": {strings.Join(allow, ", ")}},
	}
}

// unknownPath answers a path no route matched the way Graph does: 400 BadRequest naming the first
// URL segment it could not resolve ("Resource not found for the segment 'x'."), or 400 for an
// unknown API version.
func (s *Server) unknownPath(rq *request) (response, error) {
	path := rq.http.URL.EscapedPath()
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if parts[0] == "_mock" {
		return response{}, notFound("There is no admin route %s; see the README's admin API table.", unescapeOr(path))
	}
	if parts[0] != "v1.0" && parts[0] != "beta" {
		return response{}, badRequest("Invalid version: %s. Use /v1.0 or /beta.", unescapeOr(parts[0]))
	}
	// The grammar of the callRecords URL space, one step per segment after the version.
	want := func(i int, seg string) bool {
		prev := func(k int) string { return parts[k] }
		switch i {
		case 1:
			return seg == "communications"
		case 2:
			return seg == "callRecords"
		case 3:
			return seg != "" && (seg == "$count" || seg[0] != '$')
		case 4:
			return prev(3) != "$count" && (seg == "sessions" || seg == "participants_v2" || seg == "organizer_v2")
		case 5:
			return prev(4) != "organizer_v2" && seg != "" && (seg == "$count" || seg[0] != '$')
		case 6:
			return prev(4) == "sessions" && prev(5) != "$count" && seg == "segments"
		case 7:
			return seg != "" && (seg == "$count" || seg[0] != '$')
		}
		return false
	}
	for i := 1; i < len(parts); i++ {
		if !want(i, parts[i]) {
			return response{}, badRequest("Resource not found for the segment '%s'.", unescapeOr(parts[i]))
		}
	}
	return response{}, badRequest("Resource not found for the segment '%s'.", unescapeOr(parts[len(parts)-1]))
}
