package mockserver

import (
	"net/http"

	"github.com/gorilla/mux"
)

// adminRoutes registers the admin API under /_mock. Each handler is a thin shim over the Go
// method of the same name, so Go tests and sidecar users get one behaviour.
func (s *Server) adminRoutes(r *mux.Router) {
	r.Handle("/healthz", s.graphHandler(RouteHealthz, "v1.0", s.healthz)).Methods(http.MethodGet)
}

// healthz is liveness: the process serves requests.
func (s *Server) healthz(*request) (response, error) {
	return ok([]byte(`{"status":"ok"}`)), nil
}
