package mockserver

import (
	"crypto/subtle"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/graphmock/graphmock/mockserver/internal/auth"
)

// The admin routes under /_mock. Faults never apply to them and the journal does not record
// them, so a test can always clear faults, and reading the journal does not fill it. Each takes
// the same namespace selector as the Graph routes.
const (
	routeHealthz        Route = "healthz"
	routeReadyz         Route = "readyz"
	routeReset          Route = "reset"
	routeGetScenario    Route = "getScenario"
	routePutScenario    Route = "putScenario"
	routeListFaults     Route = "listFaults"
	routeAddFaults      Route = "addFaults"
	routeClearFaults    Route = "clearFaults"
	routeRemoveFault    Route = "removeFault"
	routeListRequests   Route = "listRequests"
	routeClearRequests  Route = "clearRequests"
	routeRetries        Route = "retries"
	routeListNamespaces Route = "listNamespaces"
	routeDropNamespace  Route = "dropNamespace"
	routeMetrics        Route = "metrics"
	routeAdminUnknown   Route = "adminUnknown"
	routeRefused        Route = "refused" // not for this server (Host), or cross-site (Origin)
)

// adminRoutes registers the admin API under /_mock. Each handler is a thin shim over the Go
// method of the same name, so Go tests and sidecar users get one behaviour.
func (s *Server) adminRoutes(r *mux.Router) {
	open := func(path string, route Route, h handler, method string) {
		r.Handle(path, s.adminHandler(route, h)).Methods(method)
	}
	guarded := func(path string, route Route, h handler, method string) {
		open(path, route, s.adminGuard(h), method)
	}
	// Health checks stay open even with a token or the admin API off: containers probe them.
	open("/healthz", routeHealthz, s.healthz, http.MethodGet)
	open("/readyz", routeReadyz, s.readyz, http.MethodGet)
	guarded("/reset", routeReset, s.resetNamespace, http.MethodPost)
	guarded("/scenario", routeGetScenario, s.getScenario, http.MethodGet)
	guarded("/scenario", routePutScenario, s.putScenario, http.MethodPut)
	guarded("/faults", routeListFaults, s.listFaults, http.MethodGet)
	guarded("/faults", routeAddFaults, s.addFaults, http.MethodPost)
	guarded("/faults", routeClearFaults, s.clearFaults, http.MethodDelete)
	guarded("/faults/{faultID}", routeRemoveFault, s.removeFault, http.MethodDelete)
	guarded("/requests", routeListRequests, s.listRequests, http.MethodGet)
	guarded("/requests", routeClearRequests, s.clearRequests, http.MethodDelete)
	guarded("/retries", routeRetries, s.retries, http.MethodGet)
	guarded("/namespaces", routeListNamespaces, s.listNamespaces, http.MethodGet)
	guarded("/namespaces/{name}", routeDropNamespace, s.dropNamespace, http.MethodDelete)
	guarded("/metrics", routeMetrics, s.metrics, http.MethodGet)
}

// adminGuard enforces Sidecar.AdminOff (403) and Sidecar.AdminToken (401 without the bearer token),
// because a sidecar may be reachable from other containers.
func (s *Server) adminGuard(h handler) handler {
	return func(rq *request) (response, error) {
		switch s.adminAccess(rq.http, false) {
		case adminSwitchedOff:
			return response{}, &graphError{Status: http.StatusForbidden, Code: "Forbidden",
				Message: "The admin API is switched off on this server (-admin=false); only /_mock/healthz and /_mock/readyz answer."}
		case adminTokenNeeded:
			return response{}, &graphError{Status: http.StatusUnauthorized, Code: "InvalidAuthenticationToken",
				Message: "The admin API needs the admin token: send Authorization: Bearer <token>.",
				Header:  http.Header{"Www-Authenticate": {`Bearer realm="graphmock admin"`}}}
		}
		if rq.nsErr != nil {
			return response{}, rq.nsErr
		}
		if err := rq.useNamespace(); err != nil {
			return response{}, err
		}
		return h(rq)
	}
}

// adminVerdict is what the admin switches say about one request.
type adminVerdict int

const (
	adminAllowed     adminVerdict = iota
	adminSwitchedOff              // Sidecar.AdminOff
	adminTokenNeeded              // Sidecar.AdminToken, and the request does not carry the token
)

// adminAccess applies WithAdmin and Sidecar.AdminToken to a request: the one decision behind the
// admin API and the explorer, which shows and changes the same state. The token comes as a bearer
// token (the scheme in any case, as on Graph routes); with basic it may also come as the
// password of HTTP Basic authentication, so a browser can prompt for it.
func (s *Server) adminAccess(r *http.Request, basic bool) adminVerdict {
	if !s.cfg.admin {
		return adminSwitchedOff
	}
	token := s.cfg.adminToken
	if token == "" {
		return adminAllowed
	}
	got, ok := auth.BearerToken(r.Header.Get("Authorization"))
	if !ok && basic {
		_, got, ok = r.BasicAuth()
	}
	if ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1 {
		return adminAllowed
	}
	return adminTokenNeeded
}

// healthz is liveness: the process serves requests.
func (s *Server) healthz(*request) (response, error) {
	return ok([]byte(`{"status":"ok"}`)), nil
}
