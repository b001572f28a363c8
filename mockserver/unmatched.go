package mockserver

import (
	"net/http"
	"slices"
	"strings"
)

// answerUnmatched answers a Graph request no route serves, the way Graph does, from the route
// table: 405 with Allow when the path exists under other methods, else 400 naming the first URL
// segment that leads nowhere ("Resource not found for the segment 'x'."), or 400 for an unknown
// API version.
func (s *Server) answerUnmatched(rq *request) (response, error) {
	path := rq.http.URL.EscapedPath()
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch {
	case parts[0] == "_mock":
		return response{}, notFound("There is no admin route %s; see the README's admin API table.", unescapeOr(path))
	case !slices.Contains(graphVersions, parts[0]):
		return response{}, badRequest("Invalid version: %s. Use /v1.0 or /beta.", unescapeOr(parts[0]))
	case len(parts) == 1:
		return response{}, badRequest("Resource not found for the segment '%s'.", unescapeOr(parts[0]))
	}
	segs := parts[1:]
	if allow := graphRoutes.Methods(segs); len(allow) > 0 {
		return response{}, &graphError{
			Status:  http.StatusMethodNotAllowed,
			Code:    "MethodNotAllowed",
			Message: "The HTTP method '" + rq.http.Method + "' isn't allowed on the resource.",
			Header:  http.Header{"Allow": {strings.Join(allow, ", ")}},
		}
	}
	return response{}, badRequest("Resource not found for the segment '%s'.", unescapeOr(segs[graphRoutes.Unresolved(segs)]))
}
