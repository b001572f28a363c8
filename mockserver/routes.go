package mockserver

import (
	"net/http"

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

// Path templates, after the version. A {variable} segment matches any segment that is not empty
// and does not start with '$', so `…/$count` never reads as an id.
const (
	pathRecords      = "/communications/callRecords"
	pathRecord       = pathRecords + "/{recordID}"
	pathOrganizer    = pathRecord + "/organizer_v2"
	pathParticipants = pathRecord + "/participants_v2"
	pathParticipant  = pathParticipants + "/{participantID}"
	pathSessions     = pathRecord + "/sessions"
	pathSession      = pathSessions + "/{sessionID}"
	pathSegments     = pathSession + "/segments"
	pathSegment      = pathSegments + "/{segmentID}"
)

// graphRoute is one row of the route table.
type graphRoute struct {
	name   Route
	method string
	path   string
	handle func(*Server, *request) (response, error)
}

// graphRouteTable is the whole Graph URL surface, the same under /v1.0 and /beta, hottest first
// (the matcher tries rows in order). It is the one description of the URL space: the matcher,
// the 405 Allow lists, the 400 for an unknown segment, the route names faults and the journal
// use all come from it. It is a constant table: nothing writes to it.
var graphRouteTable = []graphRoute{
	{RouteGetSegment, http.MethodGet, pathSegment, (*Server).getSegment},
	{RouteListSegments, http.MethodGet, pathSegments, (*Server).listSegments},
	{RouteGetSession, http.MethodGet, pathSession, (*Server).getSession},
	{RouteListSessions, http.MethodGet, pathSessions, (*Server).listSessions},
	{RouteGetCallRecord, http.MethodGet, pathRecord, (*Server).getCallRecord},
	{RouteListCallRecords, http.MethodGet, pathRecords, (*Server).listCallRecords},
	{RouteListParticipants, http.MethodGet, pathParticipants, (*Server).listParticipants},
	{RouteGetParticipant, http.MethodGet, pathParticipant, (*Server).getParticipant},
	{RouteGetOrganizer, http.MethodGet, pathOrganizer, (*Server).getOrganizer},
	{RouteCreateSegment, http.MethodPost, pathSegments, (*Server).createSegment},
	{RouteUpdateSegment, http.MethodPatch, pathSegment, (*Server).updateSegment},
	{RouteDeleteSegment, http.MethodDelete, pathSegment, (*Server).deleteSegment},
	{RouteCountSegments, http.MethodGet, pathSegments + "/$count", (*Server).countSegments},
	{RouteCountSessions, http.MethodGet, pathSessions + "/$count", (*Server).countSessions},
	{RouteCountParticipants, http.MethodGet, pathParticipants + "/$count", (*Server).countParticipants},
	{RouteCountCallRecords, http.MethodGet, pathRecords + "/$count", (*Server).countCallRecords},
}

// graphRoutes is the route table compiled for matching, once per process.
var graphRoutes = newRouteMatcher(graphRouteTable)

// allRoutes lists every Graph route name (and RouteUnknown), for checking the routes a fault rule
// names.
func allRoutes() []Route {
	names := make([]Route, 0, len(graphRouteTable)+1)
	for _, rt := range graphRouteTable {
		names = append(names, rt.name)
	}
	return append(names, RouteUnknown)
}
