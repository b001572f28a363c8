package mockserver

import (
	"crypto/subtle"
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/auth"
)

// The route names of admin requests that no admin route (internal/admin) answers.
const (
	routeAdminUnknown Route = "adminUnknown"
	routeRefused      Route = "refused" // not for this server (Host), or cross-site (Origin)
)

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
