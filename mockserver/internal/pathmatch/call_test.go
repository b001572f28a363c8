package pathmatch

import (
	"strings"
	"testing"
)

// callTable has function calls bound to a collection, ahead of the collection's {id} (which would
// otherwise take the call for an id), in both the plain and the namespace-qualified spelling.
var callTable = []Rule{
	{"GET", "/records/report({args})"},    // 0
	{"GET", "/records/ns.report({args})"}, // 1
	{"GET", "/records/{id}"},              // 2
	{"GET", "/records/{id}/parts"},        // 3
}

// TestMatchCalls checks that a function-call segment matches its function with either
// parenthesis raw or percent-encoded, gives the parameter text still escaped, and leaves any
// other segment to the rules after it.
func TestMatchCalls(t *testing.T) {
	t.Parallel()
	m, err := New([]string{"v1"}, callTable)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		rule int // -1: no match
		args string
	}{
		{"/v1/records/report(from=2019-11-01,to=2019-12-01)", 0, "from=2019-11-01,to=2019-12-01"},
		{"/v1/records/ns.report(from=2019-11-01T00%3A00%3A00Z)", 1, "from=2019-11-01T00%3A00%3A00Z"},
		{"/v1/records/report%28a=1%29", 0, "a=1"},
		{"/v1/records/report(a=1%29", 0, "a=1"},
		{"/v1/records/report()", 0, ""},
		{"/v1/records/report(()", 0, "("},
		{"/v1/records/report", 2, ""},     // no parentheses: an id
		{"/v1/records/report(a", 2, ""},   // unclosed: an id
		{"/v1/records/reportx(a)", 2, ""}, // another function: an id
		{"/v1/records/Report(a)", 2, ""},  // names are case-sensitive, like literals
		{"/v1/records/other.report(a)", 2, ""},
		{"/v1/records/report(a)/parts", 3, ""},
		{"/v1/records/report(a)/x", -1, ""},
	}
	for _, tc := range tests {
		got, ok := m.Match("GET", tc.path)
		if tc.rule < 0 {
			if ok {
				t.Errorf("%s matched rule %d", tc.path, got.Rule)
			}
			continue
		}
		if !ok || got.Rule != tc.rule {
			t.Errorf("%s: rule %d (%v), want %d", tc.path, got.Rule, ok, tc.rule)
			continue
		}
		if args, has := got.Vars.Get("args"); tc.rule < 2 && (!has || args != tc.args) {
			t.Errorf("%s: args %q (%v), want %q", tc.path, args, has, tc.args)
		}
	}
	segs := strings.Split("records/report(a)", "/")
	if got := strings.Join(m.Methods(segs), ", "); got != "GET" {
		t.Errorf("Allow on a call: %q, want GET", got)
	}
	if segs := strings.Split("records/report(a)/x", "/"); segs[m.Unresolved(segs)] != "x" {
		t.Errorf("unresolved segment after a call: %q", segs[m.Unresolved(segs)])
	}
}

// TestMatchCallAllocatesNothing: a matched call costs no allocation either. It is not parallel:
// AllocsPerRun counts the whole process's allocations.
func TestMatchCallAllocatesNothing(t *testing.T) {
	m, err := New([]string{"v1"}, callTable)
	if err != nil {
		t.Fatal(err)
	}
	var sink Match
	if n := testing.AllocsPerRun(100, func() { sink, _ = m.Match("GET", "/v1/records/ns.report(from=2019-11-01T00%3A00%3A00Z)") }); n != 0 {
		t.Errorf("%v allocations per matched call", n)
	}
	_ = sink
}

// TestNewRefusesBadCalls checks the templates of function calls.
func TestNewRefusesBadCalls(t *testing.T) {
	t.Parallel()
	for template, want := range map[string]string{
		"/a/f({args})":      "",
		"/a/({args})":       "want fn({name})",
		"/a/f({})":          "want fn({name})",
		"/a/f({a(b)})":      "want fn({name})",
		"/a/f({x})/{x}":     "appears twice",
		"/a/f({args})extra": "whole segment",
	} {
		_, err := New([]string{"v1"}, []Rule{{"GET", template}})
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: %v, want %q", template, err, want)
		}
	}
}
