package mockserver

import (
	"net/http"
	"strings"
)

// The route matcher answers the Graph routes of the route table without regular expressions:
// gorilla/mux matches each route's path with a regexp and stores the variables in the request's
// context, which on the hottest route (GET one segment) cost about an eighth of the request.
// It is built from graphRoutes, so the table stays the one place routes are named; anything it
// does not match (admin routes, the explorer, wrong methods, unknown paths) goes on to mux.

// maxPathVars is the most variables a Graph route has (record, session, segment).
const maxPathVars = 3

// pathVars are the variables of a matched path, raw (still percent-encoded), by name.
type pathVars struct {
	n      int
	names  [maxPathVars]string
	values [maxPathVars]string
}

// get returns a variable's raw value, or "".
func (v *pathVars) get(name string) string {
	for i := 0; i < v.n; i++ {
		if v.names[i] == name {
			return v.values[i]
		}
	}
	return ""
}

// matchRoute is one route in matcher form: its path segments after the version, a segment being
// a literal or (when name is set) a variable that may not be empty or start with '$'.
type matchRoute struct {
	name    Route
	method  string
	segs    []matchSeg
	handler handler
}

type matchSeg struct {
	literal string
	varName string
}

// routeMatcher holds the Graph routes in table order.
type routeMatcher struct {
	routes []matchRoute
}

// newRouteMatcher compiles the route table's templates ("/a/{name:regexp}/b").
func newRouteMatcher(table []graphRoute) *routeMatcher {
	m := &routeMatcher{}
	for _, rt := range table {
		mr := matchRoute{name: rt.name, method: rt.method, handler: rt.handler}
		for _, seg := range templateSegments(rt.path) {
			if strings.HasPrefix(seg, "{") {
				name, _, _ := strings.Cut(strings.Trim(seg, "{}"), ":")
				mr.segs = append(mr.segs, matchSeg{varName: name})
				continue
			}
			mr.segs = append(mr.segs, matchSeg{literal: seg})
		}
		m.routes = append(m.routes, mr)
	}
	return m
}

// templateSegments splits a mux path template on the slashes outside {…}: a variable's regexp
// may contain slashes ({id:[^/$][^/]*}).
func templateSegments(tmpl string) []string {
	var segs []string
	depth, start := 0, 1
	for i := 1; i < len(tmpl); i++ {
		switch tmpl[i] {
		case '{':
			depth++
		case '}':
			depth--
		case '/':
			if depth == 0 {
				segs = append(segs, tmpl[start:i])
				start = i + 1
			}
		}
	}
	return append(segs, tmpl[start:])
}

// match finds the route for a method and an escaped path under /v1.0 or /beta.
func (m *routeMatcher) match(method, path string) (mr *matchRoute, version string, vars *pathVars) {
	switch {
	case strings.HasPrefix(path, "/v1.0/"):
		version, path = "v1.0", path[len("/v1.0/"):]
	case strings.HasPrefix(path, "/beta/"):
		version, path = "beta", path[len("/beta/"):]
	default:
		return nil, "", nil
	}
	var segs [8]string
	n := 0
	for {
		if n == len(segs) {
			return nil, "", nil // deeper than any route
		}
		seg, rest, more := strings.Cut(path, "/")
		segs[n] = seg
		n++
		if !more {
			break
		}
		path = rest
	}
	return m.find(method, segs[:n], version)
}

// find compares the path's segments with each route's.
func (m *routeMatcher) find(method string, segs []string, version string) (*matchRoute, string, *pathVars) {
	for i := range m.routes {
		mr := &m.routes[i]
		if mr.method != method || len(mr.segs) != len(segs) {
			continue
		}
		var vars pathVars
		ok := true
		for j, s := range mr.segs {
			switch {
			case s.varName == "":
				ok = segs[j] == s.literal
			case segs[j] == "" || segs[j][0] == '$':
				ok = false
			default:
				vars.names[vars.n], vars.values[vars.n] = s.varName, segs[j]
				vars.n++
			}
			if !ok {
				break
			}
		}
		if ok {
			return mr, version, &vars
		}
	}
	return nil, "", nil
}

// serveMatched answers a request the matcher recognises; it reports false to let mux try.
func (s *Server) serveMatched(w http.ResponseWriter, r *http.Request) bool {
	mr, version, vars := s.matcher.match(r.Method, r.URL.EscapedPath())
	if mr == nil {
		return false
	}
	s.serve(w, r, mr.name, version, mr.handler, true, vars)
	return true
}
