package journal

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// ids lists the request ids of entries, in order.
func ids(es []Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.RequestID
	}
	return out
}

// filled returns a ring of size with n entries r0, r1, ... added in order.
func filled(size, n int) *Ring {
	r := New(size)
	for i := range n {
		r.Add(Entry{RequestID: fmt.Sprintf("r%d", i)})
	}
	return r
}

func TestRingKeepsTheNewest(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		size, n    int
		list       []string
		recent2    []string
		recentMany []string
	}{
		{"empty", 3, 0, nil, []string{}, []string{}},
		{"one", 3, 1, []string{"r0"}, []string{"r0"}, []string{"r0"}},
		{"exactly full", 3, 3, []string{"r0", "r1", "r2"}, []string{"r2", "r1"}, []string{"r2", "r1", "r0"}},
		{"wrapped once", 3, 4, []string{"r1", "r2", "r3"}, []string{"r3", "r2"}, []string{"r3", "r2", "r1"}},
		{"wrapped twice", 3, 7, []string{"r4", "r5", "r6"}, []string{"r6", "r5"}, []string{"r6", "r5", "r4"}},
		{"size one", 1, 5, []string{"r4"}, []string{"r4"}, []string{"r4"}},
	}
	for _, c := range cases {
		r := filled(c.size, c.n)
		if got := ids(r.List(Filter{})); !slices.Equal(got, c.list) {
			t.Errorf("%s: List = %v, want %v", c.name, got, c.list)
		}
		if got := ids(r.Recent(2)); !slices.Equal(got, c.recent2) {
			t.Errorf("%s: Recent(2) = %v, want %v", c.name, got, c.recent2)
		}
		if got := ids(r.Recent(10)); !slices.Equal(got, c.recentMany) {
			t.Errorf("%s: Recent(10) = %v, want %v", c.name, got, c.recentMany)
		}
		r.Clear()
		if got := r.List(Filter{}); len(got) != 0 {
			t.Errorf("%s: after Clear, List = %v", c.name, ids(got))
		}
		r.Add(Entry{RequestID: "after"})
		if got := ids(r.List(Filter{})); !slices.Equal(got, []string{"after"}) {
			t.Errorf("%s: after Clear and Add, List = %v", c.name, got)
		}
	}
}

func TestEntriesHandedOutAreCopies(t *testing.T) {
	t.Parallel()
	r := New(2)
	e := Entry{RequestID: "r0", Header: http.Header{"A": {"1"}}, Problems: []ErrorDetail{{Code: "c", Target: "/x"}}}
	e.SetBody([]byte(`{"id":"x"}`), true)
	r.Add(e)
	cases := []struct {
		name   string
		change func(*Entry)
	}{
		{"header value", func(e *Entry) { e.Header.Set("A", "changed") }},
		{"header key", func(e *Entry) { e.Header.Set("B", "new") }},
		{"problem", func(e *Entry) { e.Problems[0].Target = "/changed" }},
	}
	for _, c := range cases {
		got := r.List(Filter{})[0]
		if got.Body != `{"id":"x"}` || !got.BodyTruncated || got.body != nil {
			t.Errorf("%s: the body is not handed out as a string: %+v", c.name, got)
		}
		c.change(&got)
		again := r.List(Filter{})[0]
		if again.Header.Get("A") != "1" || again.Header.Get("B") != "" || again.Problems[0].Target != "/x" {
			t.Errorf("%s: changing a listed entry changed the journal: %+v", c.name, again)
		}
	}
	rec := r.Recent(1)[0]
	if rec.Header != nil || rec.Problems != nil || rec.Body != "" || rec.body != nil || rec.RequestID != "r0" {
		t.Errorf("Recent hands out more than the value fields: %+v", rec)
	}
}

func TestFilter(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	e := Entry{Route: "listSessions", Method: "GET", Status: 429, Time: at}
	cases := []struct {
		name string
		f    Filter
		want bool
	}{
		{"zero selects all", Filter{}, true},
		{"route", Filter{Route: "listSessions"}, true},
		{"other route", Filter{Route: "getSession"}, false},
		{"method in any case", Filter{Method: "get"}, true},
		{"other method", Filter{Method: "POST"}, false},
		{"status", Filter{Status: 429}, true},
		{"other status", Filter{Status: 200}, false},
		{"since the same instant", Filter{Since: at}, true},
		{"since before", Filter{Since: at.Add(-time.Second)}, true},
		{"since after", Filter{Since: at.Add(time.Nanosecond)}, false},
		{"all conditions hold", Filter{Route: "listSessions", Method: "GET", Status: 429, Since: at}, true},
		{"one condition fails", Filter{Route: "listSessions", Method: "GET", Status: 503}, false},
	}
	for _, c := range cases {
		if got := c.f.matches(&e); got != c.want {
			t.Errorf("%s: matches = %v, want %v", c.name, got, c.want)
		}
		r := New(4)
		r.Add(e)
		if got := len(r.List(c.f)) == 1; got != c.want {
			t.Errorf("%s: List selected the entry = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRingKeepsRedactedHeadersNotTheMap(t *testing.T) {
	t.Parallel()
	r := New(2)
	sent := http.Header{"Authorization": {"Bearer secret"}, "Accept": {"a", "b"}, "X-Long": {strings.Repeat("x", MaxHeaderValue+1)}}
	r.Add(Entry{RequestID: "r0", Header: sent})
	sent.Set("Accept", "changed") // the request's map, changed after the request was recorded
	sent.Set("X-New", "1")
	cases := []struct {
		key  string
		want []string
	}{
		{"Authorization", []string{"Bearer [redacted]"}},
		{"Accept", []string{"a", "b"}},
		{"X-Long", []string{strings.Repeat("x", MaxHeaderValue) + "…[cut]"}},
		{"X-New", nil},
	}
	got := r.List(Filter{})[0].Header
	for _, c := range cases {
		if !slices.Equal(got[c.key], c.want) {
			t.Errorf("%s = %.60q, want %.60q", c.key, got[c.key], c.want)
		}
	}
	empty := New(1)
	empty.Add(Entry{})
	if got := empty.List(Filter{})[0].Header; got == nil || len(got) != 0 {
		t.Errorf("an entry without headers lists Header %#v, want an empty map", got)
	}
}

// Not parallel: testing.AllocsPerRun refuses to run beside parallel tests.
func TestRingAddAllocatesNothingOnceWarm(t *testing.T) {
	r := New(4)
	h := http.Header{"Authorization": {"Bearer secret"}, "Accept": {"application/json"}, "User-Agent": {"wrk"}, "Client-Request-Id": {"c1"}}
	e := Entry{RequestID: "r", Method: "GET", Header: h}
	for range 4 {
		r.Add(e) // every slot grows its header storage once
	}
	cases := []struct {
		name  string
		store func() func() // sets up, and returns what is measured
	}{
		{"Add", func() func() { return func() { r.Add(e) } }},
		{"Put, the adapter's way to add", func() func() { return func() { r.Put(Ticket{}, e) } }},
		{"Put in place of a pending entry", func() func() {
			held := r.Begin(e)
			return func() {
				if !r.Put(held, e) {
					t.Fatal("the pending entry is gone")
				}
			}
		}},
	}
	for _, c := range cases {
		if n := testing.AllocsPerRun(100, c.store()); n != 0 {
			t.Errorf("%s allocates %v times per request, want 0", c.name, n)
		}
	}
}

// TestPendingEntriesAreCompletedInPlace covers Begin and Put: a pending entry is listed at
// once, is completed where it stands, and a completion whose entry is gone stores nothing.
func TestPendingEntriesAreCompletedInPlace(t *testing.T) {
	t.Parallel()
	done := Entry{RequestID: "held", Status: 200, ResponseSize: 9}
	cases := []struct {
		name    string
		between func(r *Ring) // what happens while the answer is held back
		updated bool
		list    []string
		status  int
	}{
		{"completed", func(*Ring) {}, true, []string{"before", "held", "after"}, 200},
		{"cleared meanwhile", func(r *Ring) { r.Clear() }, false, []string{"after"}, 0},
		{"overwritten meanwhile", func(r *Ring) {
			for _, id := range []string{"x", "y", "z"} {
				r.Add(Entry{RequestID: id})
			}
		}, false, []string{"y", "z", "after"}, 0},
	}
	for _, c := range cases {
		r := New(3)
		r.Add(Entry{RequestID: "before"})
		tk := r.Begin(Entry{RequestID: "held"})
		if got := r.List(Filter{}); len(got) != 2 || !got[1].Pending || got[1].Status != 0 {
			t.Fatalf("%s: a begun entry is not listed as pending: %+v", c.name, got)
		}
		c.between(r)
		if got := r.Put(tk, done); got != c.updated {
			t.Errorf("%s: Put = %v, want %v", c.name, got, c.updated)
		}
		r.Put(Ticket{}, Entry{RequestID: "after"}) // the zero ticket adds
		got := r.List(Filter{})
		if !slices.Equal(ids(got), c.list) {
			t.Errorf("%s: List = %v, want %v", c.name, ids(got), c.list)
		}
		for _, e := range got {
			if e.RequestID == "held" && (e.Pending || e.Status != c.status || e.ResponseSize != 9) {
				t.Errorf("%s: completed entry = %+v", c.name, e)
			}
		}
	}
	if New(1).Put(Ticket{seq: 1}, done) {
		t.Error("a ticket Begin never gave updated an entry")
	}
}
