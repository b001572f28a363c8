package mockserver

import (
	"net/http"
	"slices"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/pathmatch"
	"github.com/graphmock/graphmock/mockserver/internal/resources"
)

// Route names one Graph endpoint of the mock, the same under /v1.0 and /beta. Fault rules
// (Fault.Route, Fault.Routes) and the journal (JournalEntry.Route) use these names, which are the
// same strings in Go, in scenario YAML, in the admin API's JSON and in the X-Graphmock-Fault
// header, and stay stable across releases:
//
//	getCallRecord, listCallRecords, countCallRecords,
//	getSession, listSessions, countSessions,
//	getSegment, listSegments, countSegments, createSegment, updateSegment, deleteSegment,
//	getOrganizer, getParticipant, listParticipants, countParticipants,
//	getPstnCalls, getDirectRoutingCalls (the report functions, in either URL spelling),
//	batch (POST /$batch: only rules naming it apply to the batch; the others meet its requests),
//	createSubscription, listSubscriptions, getSubscription, updateSubscription,
//	deleteSubscription, reauthorizeSubscription,
//	unknown (a request no route serves: an unknown path or a wrong method).
//
// A rule naming any other route is refused with an error that lists these.
type Route = faults.Route

// The Graph routes, by the names the route table gives them.
const (
	routeGetSegment        Route = "getSegment"
	routeListSegments      Route = "listSegments"
	routeCountSegments     Route = "countSegments"
	routeGetSession        Route = "getSession"
	routeListSessions      Route = "listSessions"
	routeCountSessions     Route = "countSessions"
	routeGetCallRecord     Route = "getCallRecord"
	routeListCallRecords   Route = "listCallRecords"
	routeCountCallRecords  Route = "countCallRecords"
	routeGetOrganizer      Route = "getOrganizer"
	routeGetParticipant    Route = "getParticipant"
	routeListParticipants  Route = "listParticipants"
	routeCountParticipants Route = "countParticipants"
	routeCreateSegment     Route = "createSegment"
	routeUpdateSegment     Route = "updateSegment"
	routeDeleteSegment     Route = "deleteSegment"
	routeGetPstnCalls      Route = "getPstnCalls"
	routeGetDirectRouting  Route = "getDirectRoutingCalls"
	routeBatch             Route = "batch"
	// routeUnknown is a request that matched no route (an unknown path or a wrong method).
	routeUnknown Route = "unknown"
)

// graphVersions are the API versions every Graph route answers under: /v1.0 and /beta.
var graphVersions = []string{"v1.0", "beta"}

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
	// The report functions, as the docs call them and as the SDKs do (namespace-qualified); args
	// is the parameter text between the parentheses.
	pathPstnCalls          = pathRecords + "/getPstnCalls({args})"
	pathPstnCallsSDK       = pathRecords + "/microsoft.graph.callRecords.getPstnCalls({args})"
	pathDirectRoutingCalls = pathRecords + "/getDirectRoutingCalls({args})"
	pathDirectRoutingSDK   = pathRecords + "/microsoft.graph.callRecords.getDirectRoutingCalls({args})"
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
	{routeGetSegment, http.MethodGet, pathSegment, res(resources.GetSegment)},
	{routeListSegments, http.MethodGet, pathSegments, res(resources.ListSegments)},
	{routeGetSession, http.MethodGet, pathSession, res(resources.GetSession)},
	{routeListSessions, http.MethodGet, pathSessions, res(resources.ListSessions)},
	// The report functions come before {recordID}, which would take a call for an id.
	{routeGetPstnCalls, http.MethodGet, pathPstnCallsSDK, (*Server).getPstnCalls},
	{routeGetPstnCalls, http.MethodGet, pathPstnCalls, (*Server).getPstnCalls},
	{routeGetDirectRouting, http.MethodGet, pathDirectRoutingSDK, (*Server).getDirectRoutingCalls},
	{routeGetDirectRouting, http.MethodGet, pathDirectRoutingCalls, (*Server).getDirectRoutingCalls},
	{routeGetCallRecord, http.MethodGet, pathRecord, res(resources.GetCallRecord)},
	{routeListCallRecords, http.MethodGet, pathRecords, res(resources.ListCallRecords)},
	{routeListParticipants, http.MethodGet, pathParticipants, res(resources.ListParticipants)},
	{routeGetParticipant, http.MethodGet, pathParticipant, res(resources.GetParticipant)},
	{routeGetOrganizer, http.MethodGet, pathOrganizer, res(resources.GetOrganizer)},
	{routeCreateSegment, http.MethodPost, pathSegments, res(resources.CreateSegment)},
	{routeUpdateSegment, http.MethodPatch, pathSegment, res(resources.UpdateSegment)},
	{routeDeleteSegment, http.MethodDelete, pathSegment, res(resources.DeleteSegment)},
	{routeCountSegments, http.MethodGet, pathSegments + "/$count", res(resources.CountSegments)},
	{routeCountSessions, http.MethodGet, pathSessions + "/$count", res(resources.CountSessions)},
	{routeCountParticipants, http.MethodGet, pathParticipants + "/$count", res(resources.CountParticipants)},
	{routeCountCallRecords, http.MethodGet, pathRecords + "/$count", res(resources.CountCallRecords)},
	{routeBatch, http.MethodPost, "/$batch", (*Server).serveBatch},
	{"createSubscription", http.MethodPost, "/subscriptions", (*Server).serveSubscriptions}, // notify.OpOf reads these names
	{"listSubscriptions", http.MethodGet, "/subscriptions", (*Server).serveSubscriptions},
	{"getSubscription", http.MethodGet, "/subscriptions/{subscriptionID}", (*Server).serveSubscriptions},
	{"updateSubscription", http.MethodPatch, "/subscriptions/{subscriptionID}", (*Server).serveSubscriptions},
	{"deleteSubscription", http.MethodDelete, "/subscriptions/{subscriptionID}", (*Server).serveSubscriptions},
	{"reauthorizeSubscription", http.MethodPost, "/subscriptions/{subscriptionID}/reauthorize", (*Server).serveSubscriptions},
}

// graphRoutes is the route table compiled for matching, once per process; a match names its row
// of graphRouteTable. errGraphRoutes says why the table did not compile: New returns it, and a
// test keeps it nil.
var graphRoutes, errGraphRoutes = pathmatch.New(graphVersions, graphRules())

// graphRules lists the route table's rows as the matcher sees them, in table order.
func graphRules() []pathmatch.Rule {
	rules := make([]pathmatch.Rule, len(graphRouteTable))
	for i, rt := range graphRouteTable {
		rules[i] = pathmatch.Rule{Method: rt.method, Template: rt.path}
	}
	return rules
}

// allRoutes lists every Graph route name once (and routeUnknown), for checking the routes a fault
// rule names.
func allRoutes() []Route {
	names := make([]Route, 0, len(graphRouteTable)+1)
	for _, rt := range graphRouteTable {
		if !slices.Contains(names, rt.name) { // a route may have a row per URL spelling
			names = append(names, rt.name)
		}
	}
	return append(names, routeUnknown)
}
