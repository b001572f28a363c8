package mockserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRouteTableIsServed checks that the route table compiles and that the matcher reaches every
// row of it, under each version, with the row's variables: no row is shadowed by an earlier one.
func TestRouteTableIsServed(t *testing.T) {
	t.Parallel()
	if errGraphRoutes != nil {
		t.Fatal(errGraphRoutes)
	}
	for i, rt := range graphRouteTable {
		path, vars := rt.path, map[string]string{}
		for {
			open := strings.Index(path, "{")
			if open < 0 {
				break
			}
			end := open + strings.Index(path[open:], "}")
			name := path[open+1 : end]
			vars[name] = "x-" + strings.ToLower(name) + "%2F1"
			path = path[:open] + vars[name] + path[end+1:]
		}
		for _, version := range graphVersions {
			hit, ok := graphRoutes.Match(rt.method, "/"+version+path)
			if !ok || hit.Rule != i || hit.Version != version {
				t.Errorf("%s %s under %s: row %d (%v), want %d", rt.method, rt.path, version, hit.Rule, ok, i)
				continue
			}
			for name, want := range vars {
				if got, _ := hit.Vars.Get(name); got != want {
					t.Errorf("%s %s: %s = %q, want %q", rt.method, path, name, got, want)
				}
			}
		}
	}
}

// TestRouteTableAnswersUnmatchedPaths checks the table's answers for a path no route serves: the
// methods it has (405 Allow) and the first segment that leads nowhere (400).
func TestRouteTableAnswersUnmatchedPaths(t *testing.T) {
	t.Parallel()
	s, err := New(WithScenarioName("empty"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method     string
		path       string // after the version
		allow      string
		unresolved string
	}{
		{"PUT", "communications/callRecords/r1/sessions/s1/segments/g1", "GET, PATCH, DELETE", ""},
		{"DELETE", "communications/callRecords/r1/sessions/s1/segments", "GET, POST", ""},
		{"POST", "communications/callRecords", "GET", ""},
		{"GET", "communications", "", "communications"},
		{"GET", "communications/callRecordz", "", "callRecordz"},
		{"GET", "communications/callRecords/$count/sessions", "", "sessions"},
		{"GET", "communications/callRecords/r1/organizer_v2/x", "", "x"},
		{"GET", "communications/callRecords/r1/participants_v2/$count/x", "", "x"},
		{"GET", "communications/callRecords/r1/sessions/$count/segments", "", "segments"},
		{"GET", "communications/callRecords/r1/sessions/s1/segments/g1/x", "", "x"},
		{"GET", "communications/callRecords//sessions", "", ""},
		{"GET", "", "", ""},
	}
	for _, tc := range tests {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(tc.method, "/v1.0/"+tc.path, nil))
		if tc.allow != "" {
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != tc.allow {
				t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", tc.method, tc.path, rec.Code, rec.Header().Get("Allow"), tc.allow)
			}
			continue
		}
		want := "Resource not found for the segment '" + tc.unresolved + "'."
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s %s: %d %s, want 400 %q", tc.method, tc.path, rec.Code, rec.Body, want)
		}
	}
}
