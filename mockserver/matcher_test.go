package mockserver

import (
	"strings"
	"testing"
)

// TestRouteMatcherAgreesWithTheRouteTable checks that the matcher finds every route of the table
// with its variables, and matches nothing for a wrong method, an unknown path, an id that starts
// with '$' or an empty segment (those get the table's 405 or 400).
func TestRouteMatcherAgreesWithTheRouteTable(t *testing.T) {
	t.Parallel()
	m := graphRoutes
	tests := []struct {
		method, path string
		want         Route
		vars         map[string]string
	}{
		{"GET", "/v1.0/communications/callRecords/r1/sessions/s%2F1/segments/g1", routeGetSegment, map[string]string{"recordID": "r1", "sessionID": "s%2F1", "segmentID": "g1"}},
		{"GET", "/beta/communications/callRecords/r1/sessions/s1/segments", routeListSegments, map[string]string{"recordID": "r1", "sessionID": "s1"}},
		{"POST", "/v1.0/communications/callRecords/r1/sessions/s1/segments", routeCreateSegment, nil},
		{"PATCH", "/v1.0/communications/callRecords/r1/sessions/s1/segments/g1", routeUpdateSegment, nil},
		{"DELETE", "/v1.0/communications/callRecords/r1/sessions/s1/segments/g1", routeDeleteSegment, nil},
		{"GET", "/v1.0/communications/callRecords/r1/sessions/s1/segments/$count", routeCountSegments, nil},
		{"GET", "/v1.0/communications/callRecords/r1", routeGetCallRecord, map[string]string{"recordID": "r1"}},
		{"GET", "/v1.0/communications/callRecords", routeListCallRecords, nil},
		{"GET", "/v1.0/communications/callRecords/$count", routeCountCallRecords, nil},
		{"GET", "/v1.0/communications/callRecords/r1/organizer_v2", routeGetOrganizer, nil},
		{"GET", "/v1.0/communications/callRecords/r1/participants_v2/p1", routeGetParticipant, map[string]string{"participantID": "p1"}},
		{"PUT", "/v1.0/communications/callRecords/r1", "", nil},
		{"GET", "/v1.0/communications/callRecords/", "", nil},
		{"GET", "/v1.0/communications/callRecords/$nope", "", nil},
		{"GET", "/v1.0/communications/callRecords/r1/sessions/s1/segments/g1/x", "", nil},
		{"GET", "/v2.0/communications/callRecords", "", nil},
		{"GET", "/_mock/healthz", "", nil},
	}
	for _, tc := range tests {
		mr, _, vars := m.match(tc.method, tc.path)
		var got Route
		if mr != nil {
			got = mr.name
		}
		if got != tc.want {
			t.Errorf("%s %s: route %q, want %q", tc.method, tc.path, got, tc.want)
			continue
		}
		for k, v := range tc.vars {
			if vars.get(k) != v {
				t.Errorf("%s %s: %s = %q, want %q", tc.method, tc.path, k, vars.get(k), v)
			}
		}
	}
	// Everything the table names is reachable through the matcher.
	for _, rt := range graphRouteTable {
		if mr := findByName(m, rt.name); mr == nil || mr.method != rt.method {
			t.Errorf("route %s is not in the matcher", rt.name)
		}
	}
}

func findByName(m *routeMatcher, name Route) *matchRoute {
	for i := range m.routes {
		if m.routes[i].name == name {
			return &m.routes[i]
		}
	}
	return nil
}

// TestRouteTableAnswersUnmatchedPaths checks the table's answers for a path no route serves: the
// methods it has (405 Allow) and the first segment that leads nowhere (400).
func TestRouteTableAnswersUnmatchedPaths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path       string // after the version
		allow      string
		unresolved string
	}{
		{"communications/callRecords/r1/sessions/s1/segments/g1", "GET, PATCH, DELETE", ""},
		{"communications/callRecords/r1/sessions/s1/segments", "GET, POST", ""},
		{"communications/callRecords", "GET", ""},
		{"communications", "", "communications"},
		{"communications/callRecordz", "", "callRecordz"},
		{"communications/callRecords/$count/sessions", "", "sessions"},
		{"communications/callRecords/r1/organizer_v2/x", "", "x"},
		{"communications/callRecords/r1/participants_v2/$count/x", "", "x"},
		{"communications/callRecords/r1/sessions/$count/segments", "", "segments"},
		{"communications/callRecords/r1/sessions/s1/segments/g1/x", "", "x"},
		{"communications/callRecords//sessions", "", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		segs := strings.Split(tc.path, "/")
		if got := strings.Join(graphRoutes.methods(segs), ", "); got != tc.allow {
			t.Errorf("%s: Allow %q, want %q", tc.path, got, tc.allow)
		}
		if tc.allow != "" {
			continue
		}
		if got := segs[graphRoutes.unresolved(segs)]; got != tc.unresolved {
			t.Errorf("%s: unresolved segment %q, want %q", tc.path, got, tc.unresolved)
		}
	}
}
