package mockserver

import (
	"net/http"

	"github.com/gorilla/mux"
)

// The admin routes under /_mock. Faults never apply to them, so a test can always clear faults.
const (
	RouteHealthz      Route = "healthz"
	RouteListFaults   Route = "listFaults"
	RouteAddFaults    Route = "addFaults"
	RouteClearFaults  Route = "clearFaults"
	RouteRemoveFault  Route = "removeFault"
	RouteAdminUnknown Route = "adminUnknown"
)

// adminRoutes registers the admin API under /_mock. Each handler is a thin shim over the Go
// method of the same name, so Go tests and sidecar users get one behaviour.
func (s *Server) adminRoutes(r *mux.Router) {
	r.Handle("/healthz", s.adminHandler(RouteHealthz, s.healthz)).Methods(http.MethodGet)
	r.Handle("/faults", s.adminHandler(RouteListFaults, s.listFaults)).Methods(http.MethodGet)
	r.Handle("/faults", s.adminHandler(RouteAddFaults, s.addFaults)).Methods(http.MethodPost)
	r.Handle("/faults", s.adminHandler(RouteClearFaults, s.clearFaults)).Methods(http.MethodDelete)
	r.Handle("/faults/{faultID}", s.adminHandler(RouteRemoveFault, s.removeFault)).Methods(http.MethodDelete)
}

// adminHandler is graphHandler without fault injection.
func (s *Server) adminHandler(route Route, h handler) http.Handler {
	return s.handle(route, "v1.0", h, false)
}

// healthz is liveness: the process serves requests.
func (s *Server) healthz(*request) (response, error) {
	return ok([]byte(`{"status":"ok"}`)), nil
}
