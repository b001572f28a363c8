package odata_test

import (
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

func TestFilterMatch(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	type record struct {
		start        time.Time
		participants []string
	}
	morning := record{at("2026-11-20T09:00:00Z"), []string{"alice", "o'brien"}}
	evening := record{at("2026-11-20T18:00:00Z"), []string{"bob"}}
	undated := record{participants: []string{"alice"}}
	cases := []struct {
		filter string
		want   []bool // morning, evening, undated
	}{
		{"startDateTime lt 2026-11-20T18:00:00Z", []bool{true, false, false}},
		{"startDateTime le 2026-11-20T18:00:00Z", []bool{true, true, false}},
		{"startDateTime gt 2026-11-20T09:00:00Z", []bool{false, true, false}},
		{"startDateTime GE 2026-11-20T09:00:00Z", []bool{true, true, false}},
		{"startDateTime ge 2026-11-20T10:00:00+02:00", []bool{true, true, false}},
		{"startDateTime ge 2026-11-20T09:00:00.0000001Z", []bool{false, true, false}},
		{"startDateTime ge 2026-11-20T00:00:00Z and startDateTime lt 2026-11-20T12:00:00Z", []bool{true, false, false}},
		{"participants_v2/any(p:p/id eq 'alice')", []bool{true, false, true}},
		{"participants_v2/any( x : x/id eq 'o''brien' )", []bool{true, false, false}},
		{"(participants_v2/any(p:p/id eq 'alice')) and (startDateTime lt 2026-11-21T00:00:00Z)", []bool{true, false, false}},
		{"((startDateTime gt 2026-11-20T12:00:00Z))", []bool{false, true, false}},
		{"participants_v2/any(p:p/id eq 'alice') AND participants_v2/any(p:p/id eq 'bob')", []bool{false, false, false}},
	}
	for _, c := range cases {
		f, err := odata.ParseFilter(c.filter)
		if err != nil {
			t.Fatalf("%q: %v", c.filter, err)
		}
		for i, r := range []record{morning, evening, undated} {
			has := func(id string) bool { return strings.Contains(","+strings.Join(r.participants, ",")+",", ","+id+",") }
			if got := f.Match(r.start, has); got != c.want[i] {
				t.Errorf("%q on record %d: %v, want %v", c.filter, i, got, c.want[i])
			}
		}
	}
	var none *odata.Filter
	if !none.Match(time.Time{}, nil) {
		t.Error("a nil filter must match every record")
	}
}

func TestParseFilterRejects(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("(", 17) + "startDateTime lt 2026-11-20T00:00:00Z" + strings.Repeat(")", 17)
	cases := []struct{ filter, msg string }{
		{"", "Invalid filter clause: the $filter is empty."},
		{"   ", "Invalid filter clause: the $filter is empty."},
		{"and startDateTime lt 2026-11-20T00:00:00Z", "Invalid filter clause: 'and' needs a condition on each side in 'and startDateTime lt 2026-11-20T00:00:00Z'."},
		{"startDateTime lt 2026-11-20T00:00:00Z and", "Invalid filter clause: 'and' needs a condition on each side in 'startDateTime lt 2026-11-20T00:00:00Z and'."},
		{"startDateTime lt 2026-11-20T00:00:00Z or startDateTime gt 2026-11-21T00:00:00Z", "Invalid filter clause: 'or' is not supported on callRecords; only conditions joined by 'and' are."},
		{"not participants_v2/any(p:p/id eq 'a')", "Invalid filter clause: 'not' is not supported on callRecords; only conditions joined by 'and' are."},
		{"type eq 'groupCall'", "Invalid filter clause: filtering on 'type' is not supported; only startDateTime and participants_v2/id are."},
		{"startDateTime eq 2026-11-20T00:00:00Z", "Invalid filter clause: the operator 'eq' is not supported on startDateTime; use lt, le, gt or ge."},
		{"startDateTime ge yesterday", "Invalid filter clause: 'yesterday' is not a DateTimeOffset literal such as 2026-11-20T10:00:00Z."},
		{"startDateTime ge", "Invalid filter clause: 'startDateTime ge'. Supported: startDateTime lt|le|gt|ge <date-time>, and participants_v2/any(p:p/id eq '<id>')."},
		{"participants_v2/any(p:q/id eq 'a')", "Invalid filter clause: 'participants_v2/any(p:q/id eq 'a')'. Supported: startDateTime lt|le|gt|ge <date-time>, and participants_v2/any(p:p/id eq '<id>')."},
		{"startDateTime lt (2026", "Invalid filter clause: unbalanced parentheses or quotes in 'startDateTime lt (2026'."},
		{"a)", "Invalid filter clause: unbalanced ')' in 'a)'."},
		{"participants_v2/any(p:p/id eq 'a)", "Invalid filter clause: unbalanced parentheses or quotes in 'participants_v2/any(p:p/id eq 'a)'."},
		{deep, "Invalid filter clause: parentheses nest deeper than 16 levels."},
	}
	for _, c := range cases {
		f, err := odata.ParseFilter(c.filter)
		if f != nil {
			t.Errorf("%q: got a filter with the error", c.filter)
		}
		wantQueryError(t, err, c.msg)
	}
}

// A filter's startDateTime conditions make one half-open window; gt and le move by a nanosecond.
func TestFilterWindow(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const a, b = "2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z"
	for _, c := range []struct {
		filter       string
		since, until time.Time
		timeOnly     bool
	}{
		{"startDateTime ge " + a + " and startDateTime lt " + b, at(a), at(b), true},
		{"startDateTime gt " + a, at(a).Add(time.Nanosecond), time.Time{}, true},
		{"startDateTime le " + b, time.Time{}, at(b).Add(time.Nanosecond), true},
		{"startDateTime ge " + a + " and startDateTime ge " + b + " and startDateTime lt " + b, at(b), at(b), true},
		{"startDateTime ge 2026-11-20T10:00:00+01:00", at(a), time.Time{}, true},
		{"participants_v2/any(p:p/id eq 'x') and startDateTime lt " + b, time.Time{}, at(b), false},
	} {
		f, err := odata.ParseFilter(c.filter)
		if err != nil {
			t.Fatal(err)
		}
		since, until, timeOnly := f.Window()
		if !since.Equal(c.since) || !until.Equal(c.until) || timeOnly != c.timeOnly {
			t.Errorf("%s: [%v, %v) %v, want [%v, %v) %v", c.filter, since, until, timeOnly, c.since, c.until, c.timeOnly)
		}
	}
	if since, until, timeOnly := (*odata.Filter)(nil).Window(); !since.IsZero() || !until.IsZero() || !timeOnly {
		t.Error("no filter is not the open window")
	}
}
