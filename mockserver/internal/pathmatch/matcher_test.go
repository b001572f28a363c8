package pathmatch

import (
	"strings"
	"testing"
)

// graphLike is a table shaped like graphmock's Graph routes: nested collections with ids, a
// /$count beside each collection, literal leaves, several methods on one template.
var graphLike = []Rule{
	{"GET", "/communications/callRecords/{recordID}/sessions/{sessionID}/segments/{segmentID}"},    // 0
	{"GET", "/communications/callRecords/{recordID}/sessions/{sessionID}/segments"},                // 1
	{"GET", "/communications/callRecords/{recordID}/sessions/{sessionID}"},                         // 2
	{"GET", "/communications/callRecords/{recordID}/sessions"},                                     // 3
	{"GET", "/communications/callRecords/{recordID}"},                                              // 4
	{"GET", "/communications/callRecords"},                                                         // 5
	{"GET", "/communications/callRecords/{recordID}/participants_v2"},                              // 6
	{"GET", "/communications/callRecords/{recordID}/participants_v2/{participantID}"},              // 7
	{"GET", "/communications/callRecords/{recordID}/organizer_v2"},                                 // 8
	{"POST", "/communications/callRecords/{recordID}/sessions/{sessionID}/segments"},               // 9
	{"PATCH", "/communications/callRecords/{recordID}/sessions/{sessionID}/segments/{segmentID}"},  // 10
	{"DELETE", "/communications/callRecords/{recordID}/sessions/{sessionID}/segments/{segmentID}"}, // 11
	{"GET", "/communications/callRecords/{recordID}/sessions/{sessionID}/segments/$count"},         // 12
	{"GET", "/communications/callRecords/{recordID}/sessions/$count"},                              // 13
	{"GET", "/communications/callRecords/{recordID}/participants_v2/$count"},                       // 14
	{"GET", "/communications/callRecords/$count"},                                                  // 15
}

func newGraphLike(t *testing.T) *Matcher {
	t.Helper()
	m, err := New([]string{"v1.0", "beta"}, graphLike)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMatch checks that the matcher finds the first rule for a method and an escaped path with
// its raw variables, and matches nothing for a wrong method, an unknown path or version, an id
// that starts with '$' or an empty segment.
func TestMatch(t *testing.T) {
	t.Parallel()
	m := newGraphLike(t)
	tests := []struct {
		method, path string
		rule         int // -1: no match
		version      string
		vars         map[string]string
	}{
		{"GET", "/v1.0/communications/callRecords/r1/sessions/s%2F1/segments/g1", 0, "v1.0", map[string]string{"recordID": "r1", "sessionID": "s%2F1", "segmentID": "g1"}},
		{"GET", "/beta/communications/callRecords/r1/sessions/s1/segments", 1, "beta", map[string]string{"recordID": "r1", "sessionID": "s1"}},
		{"POST", "/v1.0/communications/callRecords/r1/sessions/s1/segments", 9, "v1.0", map[string]string{"recordID": "r1", "sessionID": "s1"}},
		{"PATCH", "/v1.0/communications/callRecords/r1/sessions/s1/segments/g1", 10, "v1.0", map[string]string{"segmentID": "g1"}},
		{"DELETE", "/v1.0/communications/callRecords/r1/sessions/s1/segments/g1", 11, "v1.0", nil},
		{"GET", "/v1.0/communications/callRecords/r1/sessions/s1/segments/$count", 12, "v1.0", map[string]string{"sessionID": "s1"}},
		{"GET", "/v1.0/communications/callRecords/r1", 4, "v1.0", map[string]string{"recordID": "r1"}},
		{"GET", "/v1.0/communications/callRecords", 5, "v1.0", nil},
		{"GET", "/v1.0/communications/callRecords/$count", 15, "v1.0", nil},
		{"GET", "/v1.0/communications/callRecords/r1/organizer_v2", 8, "v1.0", nil},
		{"GET", "/v1.0/communications/callRecords/r1/participants_v2/p1", 7, "v1.0", map[string]string{"participantID": "p1"}},
		{"PUT", "/v1.0/communications/callRecords/r1", -1, "", nil},
		{"get", "/v1.0/communications/callRecords/r1", -1, "", nil},
		{"GET", "/v1.0/communications/callRecords/", -1, "", nil},
		{"GET", "/v1.0/communications/callRecords/$nope", -1, "", nil},
		{"GET", "/v1.0/communications/callRecords//sessions", -1, "", nil},
		{"GET", "/v1.0/communications/callRecords/r1/sessions/s1/segments/g1/x", -1, "", nil},
		{"GET", "/v1.0/communications/callRecords/r1/sessions/s1/segments/g1/x/y/z/w", -1, "", nil},
		{"GET", "/v2.0/communications/callRecords", -1, "", nil},
		{"GET", "/v1.0x/communications/callRecords", -1, "", nil},
		{"GET", "/v1.0", -1, "", nil},
		{"GET", "/v1.0/", -1, "", nil},
		{"GET", "v1.0/communications/callRecords", -1, "", nil},
		{"GET", "/_mock/healthz", -1, "", nil},
		{"GET", "", -1, "", nil},
	}
	for _, tc := range tests {
		got, ok := m.Match(tc.method, tc.path)
		rule := -1
		if ok {
			rule = got.Rule
		}
		if rule != tc.rule || got.Version != tc.version {
			t.Errorf("%s %s: rule %d version %q, want %d %q", tc.method, tc.path, rule, got.Version, tc.rule, tc.version)
			continue
		}
		for k, want := range tc.vars {
			if v, found := got.Vars.Get(k); !found || v != want {
				t.Errorf("%s %s: %s = %q (%v), want %q", tc.method, tc.path, k, v, found, want)
			}
		}
		if v, found := got.Vars.Get("nope"); found || v != "" {
			t.Errorf("%s %s: an unknown variable is %q (%v)", tc.method, tc.path, v, found)
		}
	}
}

// TestMatchTriesRulesInOrder checks that the first rule that fits wins, so a table can put a
// literal before a variable in the same place.
func TestMatchTriesRulesInOrder(t *testing.T) {
	t.Parallel()
	m, err := New([]string{"v1"}, []Rule{{"GET", "/items/special"}, {"GET", "/items/{id}"}})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"/v1/items/special": 0, "/v1/items/other": 1} {
		if got, ok := m.Match("GET", path); !ok || got.Rule != want {
			t.Errorf("%s: rule %d (%v), want %d", path, got.Rule, ok, want)
		}
	}
}

// TestMatchAllocatesNothing keeps the hot path of every Graph request free of allocations. It is
// not parallel: AllocsPerRun counts the whole process's allocations.
func TestMatchAllocatesNothing(t *testing.T) {
	m := newGraphLike(t)
	for _, path := range []string{
		"/v1.0/communications/callRecords/r1/sessions/s1/segments/g1",
		"/v1.0/communications/nope",
	} {
		var sink Match
		if n := testing.AllocsPerRun(100, func() { sink, _ = m.Match("GET", path) }); n != 0 {
			t.Errorf("%s: %v allocations per match", path, n)
		}
		_ = sink
	}
}

// TestUnmatched checks the table's answers for a path no rule serves under the request's method:
// the methods it has (405 Allow) and the first segment that leads nowhere (400).
func TestUnmatched(t *testing.T) {
	t.Parallel()
	m := newGraphLike(t)
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
		if got := strings.Join(m.Methods(segs), ", "); got != tc.allow {
			t.Errorf("%s: Allow %q, want %q", tc.path, got, tc.allow)
		}
		if tc.allow != "" {
			continue
		}
		if got := segs[m.Unresolved(segs)]; got != tc.unresolved {
			t.Errorf("%s: unresolved segment %q, want %q", tc.path, got, tc.unresolved)
		}
	}
}

// TestMethodsOrder checks that Allow lists methods in the customary order whatever the table's
// order, with unknown methods last in table order.
func TestMethodsOrder(t *testing.T) {
	t.Parallel()
	m, err := New([]string{"v1"}, []Rule{{"BREW", "/x"}, {"DELETE", "/x"}, {"PATCH", "/x"}, {"GET", "/x"}, {"MKCOL", "/x"}, {"POST", "/x"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(m.Methods([]string{"x"}), ", "); got != "GET, POST, PATCH, DELETE, BREW, MKCOL" {
		t.Errorf("Allow %q", got)
	}
}

// TestNewRefusesBadTables checks that a malformed template or one too long for a match's fixed
// arrays is an error naming the rule, not a route that silently never matches.
func TestNewRefusesBadTables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		versions []string
		rule     Rule
		want     string // in the error; "" for none
	}{
		{"fine", []string{"v1"}, Rule{"GET", "/a/{b}/c"}, ""},
		{"no method", []string{"v1"}, Rule{"", "/a"}, "no method"},
		{"relative", []string{"v1"}, Rule{"GET", "a/b"}, "must start with /"},
		{"empty segment", []string{"v1"}, Rule{"GET", "/a//b"}, "empty segment"},
		{"trailing slash", []string{"v1"}, Rule{"GET", "/a/"}, "empty segment"},
		{"root", []string{"v1"}, Rule{"GET", "/"}, "empty segment"},
		{"unclosed", []string{"v1"}, Rule{"GET", "/a/{b"}, "want {name}"},
		{"empty name", []string{"v1"}, Rule{"GET", "/a/{}"}, "want {name}"},
		{"partial variable", []string{"v1"}, Rule{"GET", "/a/x{b}"}, "whole segment"},
		{"repeated variable", []string{"v1"}, Rule{"GET", "/a/{b}/c/{b}"}, "appears twice"},
		{"too deep", []string{"v1"}, Rule{"GET", "/a/b/c/d/e/f/g/h/i"}, "9 segments"},
		{"deepest", []string{"v1"}, Rule{"GET", "/a/b/c/d/e/f/g/h"}, ""},
		{"too many variables", []string{"v1"}, Rule{"GET", "/{a}/{b}/{c}/{d}/{e}"}, "5 variables"},
		{"empty version", []string{""}, Rule{"GET", "/a"}, "version"},
		{"version with a slash", []string{"v1/x"}, Rule{"GET", "/a"}, "version"},
	}
	for _, tc := range tests {
		_, err := New(tc.versions, []Rule{{"GET", "/ok"}, tc.rule})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one about %q", tc.name, err, tc.want)
		case tc.want != "" && tc.versions[0] != "" && !strings.Contains(tc.versions[0], "/") && !strings.Contains(err.Error(), "rule 1"):
			t.Errorf("%s: error %v does not name the rule", tc.name, err)
		}
	}
}

// TestMatchDeepestTemplate checks the boundary of the fixed segment array: a template of
// MaxSegments segments matches, a path one segment longer matches nothing.
func TestMatchDeepestTemplate(t *testing.T) {
	t.Parallel()
	m, err := New([]string{"v1"}, []Rule{{"GET", "/a/b/c/d/e/f/g/{h}"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := m.Match("GET", "/v1/a/b/c/d/e/f/g/x"); !ok || got.Vars.values[0] != "x" {
		t.Errorf("deepest path: %+v %v", got, ok)
	}
	if _, ok := m.Match("GET", "/v1/a/b/c/d/e/f/g/x/y"); ok {
		t.Error("a path deeper than MaxSegments matched")
	}
}
