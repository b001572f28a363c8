package mockserver

import (
	"strings"
)

// The route matcher answers the Graph routes of the route table without regular expressions,
// and answers the table's two questions about a path no route serves: which methods it has
// (405 Allow) and which of its segments is the first that leads nowhere (Graph's 400 "Resource
// not found for the segment"). It is built once per process from graphRouteTable.

// maxPathVars is the most variables a Graph route has (record, session, segment).
const maxPathVars = 3

// maxPathSegments is the most segments any Graph path has after the version, plus one, so a
// longer path is recognised as unknown without splitting all of it.
const maxPathSegments = 8

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
// a literal or (when varName is set) a variable.
type matchRoute struct {
	*graphRoute
	segs []matchSeg
}

type matchSeg struct {
	literal string
	varName string
}

// accepts reports whether a path segment fits this segment of a template: a literal exactly, a
// variable when it is not empty and does not start with '$'.
func (s matchSeg) accepts(seg string) bool {
	if s.varName == "" {
		return seg == s.literal
	}
	return seg != "" && seg[0] != '$'
}

// routeMatcher holds the Graph routes in table order. It is immutable once built.
type routeMatcher struct {
	routes []matchRoute
}

// newRouteMatcher compiles the route table's templates ("/a/{name}/b").
func newRouteMatcher(table []graphRoute) *routeMatcher {
	m := &routeMatcher{routes: make([]matchRoute, len(table))}
	for i := range table {
		mr := matchRoute{graphRoute: &table[i]}
		for _, seg := range strings.Split(strings.TrimPrefix(table[i].path, "/"), "/") {
			if name, ok := strings.CutPrefix(seg, "{"); ok {
				mr.segs = append(mr.segs, matchSeg{varName: strings.TrimSuffix(name, "}")})
				continue
			}
			mr.segs = append(mr.segs, matchSeg{literal: seg})
		}
		m.routes[i] = mr
	}
	return m
}

// splitGraphPath splits an escaped path into its API version and its segments after the
// version; ok is false when the path is not under /v1.0/ or /beta/ or is deeper than any route.
func splitGraphPath(path string, segs *[maxPathSegments]string) (version string, n int, ok bool) {
	switch {
	case strings.HasPrefix(path, "/v1.0/"):
		version, path = "v1.0", path[len("/v1.0/"):]
	case strings.HasPrefix(path, "/beta/"):
		version, path = "beta", path[len("/beta/"):]
	default:
		return "", 0, false
	}
	for {
		if n == len(segs) {
			return version, n, false
		}
		seg, rest, more := strings.Cut(path, "/")
		segs[n] = seg
		n++
		if !more {
			return version, n, true
		}
		path = rest
	}
}

// match finds the route for a method and an escaped path under /v1.0 or /beta.
func (m *routeMatcher) match(method, path string) (mr *matchRoute, version string, vars *pathVars) {
	var buf [maxPathSegments]string
	version, n, ok := splitGraphPath(path, &buf)
	if !ok {
		return nil, "", nil
	}
	segs := buf[:n]
	for i := range m.routes {
		mr := &m.routes[i]
		if mr.method != method || !mr.matches(segs) {
			continue
		}
		vars := &pathVars{}
		for j, s := range mr.segs {
			if s.varName != "" {
				vars.names[vars.n], vars.values[vars.n] = s.varName, segs[j]
				vars.n++
			}
		}
		return mr, version, vars
	}
	return nil, "", nil
}

// matches reports whether a route's template fits the path's segments exactly.
func (mr *matchRoute) matches(segs []string) bool {
	if len(mr.segs) != len(segs) {
		return false
	}
	for j, s := range mr.segs {
		if !s.accepts(segs[j]) {
			return false
		}
	}
	return true
}

// methods lists the methods the table serves on a path (segments after the version), in the
// order GET, POST, PATCH, DELETE: the Allow header of a 405.
func (m *routeMatcher) methods(segs []string) []string {
	var allow []string
	for _, method := range []string{"GET", "POST", "PATCH", "DELETE"} {
		for i := range m.routes {
			if mr := &m.routes[i]; mr.method == method && mr.matches(segs) {
				allow = append(allow, method)
				break
			}
		}
	}
	return allow
}

// unresolved returns the index of the first segment that no route's template accepts after the
// segments before it: the segment Graph names in "Resource not found for the segment". A path
// that is a proper prefix of routes (such as /v1.0/communications) names its last segment.
func (m *routeMatcher) unresolved(segs []string) int {
	for i := range segs {
		found := false
		for r := range m.routes {
			mr := &m.routes[r]
			if len(mr.segs) <= i {
				continue
			}
			prefix := true
			for j := 0; j <= i && prefix; j++ {
				prefix = mr.segs[j].accepts(segs[j])
			}
			if prefix {
				found = true
				break
			}
		}
		if !found {
			return i
		}
	}
	return len(segs) - 1
}
