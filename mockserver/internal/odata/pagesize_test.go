package odata_test

import (
	"strconv"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

func TestParsePrefer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		header []string
		want   odata.Prefer
	}{
		{nil, odata.Prefer{}},
		{[]string{"odata.maxpagesize=5"}, odata.Prefer{MaxPageSize: 5}},
		{[]string{"return=minimal, Odata.MaxPageSize = 7 ", ""}, odata.Prefer{MaxPageSize: 7, ReturnMinimal: true}},
		{[]string{"return = minimal", "odata.maxpagesize=0,odata.maxpagesize=x,odata.maxpagesize=3"}, odata.Prefer{MaxPageSize: 3, ReturnMinimal: true}},
		{[]string{" , ,return=representation"}, odata.Prefer{}},
		// RFC 7240: quoted values, parameters after a preference, several preferences in one line.
		{[]string{`odata.maxpagesize="10"`}, odata.Prefer{MaxPageSize: 10}},
		{[]string{`odata.maxpagesize=10; foo=bar; baz, omit-values=nulls`}, odata.Prefer{MaxPageSize: 10, OmitNulls: true}},
		{[]string{`odata.maxpagesize = "4" ;x="a,b", include-unknown-enum-members`}, odata.Prefer{MaxPageSize: 4, IncludeUnknownEnumMembers: true}},
		{[]string{`omit-values=nulls,odata.maxpagesize=2,include-unknown-enum-members,return=minimal`},
			odata.Prefer{MaxPageSize: 2, OmitNulls: true, IncludeUnknownEnumMembers: true, ReturnMinimal: true}},
		{[]string{`Omit-Values="NULLS"`, `INCLUDE-UNKNOWN-ENUM-MEMBERS`}, odata.Prefer{OmitNulls: true, IncludeUnknownEnumMembers: true}},
		{[]string{`omit-values=defaults`}, odata.Prefer{}},
		// Malformed preferences are skipped, up to the next comma outside quotes.
		{[]string{`odata.maxpagesize="10, omit-values=nulls`}, odata.Prefer{}},
		{[]string{`=5, odata.maxpagesize 6, odata.maxpagesize=@, odata.maxpagesize=8`}, odata.Prefer{MaxPageSize: 8}},
		{[]string{`wait=10; x="q\"uoted,still", omit-values=nulls`}, odata.Prefer{OmitNulls: true}},
	}
	for _, c := range cases {
		if got := odata.ParsePrefer(c.header); got != c.want {
			t.Errorf("ParsePrefer(%q) = %+v, want %+v", c.header, got, c.want)
		}
	}
}

func TestAppliedWith(t *testing.T) {
	t.Parallel()
	cases := []struct {
		p       odata.Prefer
		applied string
		want    string
	}{
		{odata.Prefer{}, "", ""},
		{odata.Prefer{}, "odata.maxpagesize=2", "odata.maxpagesize=2"},
		{odata.Prefer{OmitNulls: true}, "", "omit-values=nulls"},
		{odata.Prefer{OmitNulls: true, IncludeUnknownEnumMembers: true}, "odata.maxpagesize=2", "odata.maxpagesize=2, omit-values=nulls, include-unknown-enum-members"},
	}
	for _, c := range cases {
		if got := c.p.AppliedWith(c.applied); got != c.want {
			t.Errorf("%+v.AppliedWith(%q) = %q, want %q", c.p, c.applied, got, c.want)
		}
	}
}

func TestPageSize(t *testing.T) {
	t.Parallel()
	cases := []struct {
		prefs      odata.Prefer
		configured int
		max        int
		size       int
		applied    string
	}{
		{odata.Prefer{}, 0, 60, 60, ""},
		{odata.Prefer{}, 10, 60, 10, ""},
		{odata.Prefer{}, 100, 60, 60, ""},
		{odata.Prefer{MaxPageSize: 5}, 10, 60, 5, "odata.maxpagesize=5"},
		{odata.Prefer{MaxPageSize: 500}, 10, 130, 130, "odata.maxpagesize=130"},
	}
	for _, c := range cases {
		size, applied := odata.PageSize(c.prefs, c.configured, c.max)
		if size != c.size || applied != c.applied {
			t.Errorf("PageSize(%+v, %d, %d) = %d, %q; want %d, %q", c.prefs, c.configured, c.max, size, applied, c.size, c.applied)
		}
	}
}

func TestStartPage(t *testing.T) {
	t.Parallel()
	coll := odata.SessionsCollection("r")
	tok := odata.SkipToken{After: 42, Size: 100, Top: 1}.Encode(coll)
	prefer := odata.Prefer{MaxPageSize: 7}
	cases := []struct {
		name       string
		q          odata.Query
		prefs      odata.Prefer
		configured int
		want       odata.Page
	}{
		{"default", odata.Query{}, odata.Prefer{}, 0, odata.Page{Size: 60}},
		{"configured", odata.Query{}, odata.Prefer{}, 2, odata.Page{Size: 2}},
		{"skip", odata.Query{Given: odata.OptSkip, Skip: 3}, odata.Prefer{}, 0, odata.Page{Skip: 3, Size: 60}},
		{"preference", odata.Query{}, prefer, 2, odata.Page{Size: 7, PreferenceApplied: "odata.maxpagesize=7"}},
		{"top beats preference", odata.Query{Given: odata.OptTop | odata.OptSkip, Top: 60, Skip: 1}, prefer, 2, odata.Page{Skip: 1, Size: 60}},
		{"token beats everything, capped by max", odata.Query{Given: odata.OptTop | odata.OptSkipToken, Top: 1, SkipToken: tok}, prefer, 2, odata.Page{After: 42, Size: 60}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := odata.StartPage(c.q, coll, c.prefs, c.configured, odata.MaxSessionsPage)
			if err != nil || got != c.want {
				t.Fatalf("StartPage = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
	for _, top := range []int{0, 61} {
		_, err := odata.StartPage(odata.Query{Given: odata.OptTop, Top: top}, coll, odata.Prefer{}, 0, odata.MaxSessionsPage)
		wantQueryError(t, err, "Invalid page size specified: '"+strconv.Itoa(top)+"'. Must be between 1 and 60 inclusive.")
	}
	other := odata.SkipToken{After: 1, Size: 5}.Encode(odata.RecordsCollection())
	_, err := odata.StartPage(odata.Query{Given: odata.OptSkipToken, SkipToken: other}, coll, odata.Prefer{}, 0, odata.MaxSessionsPage)
	wantQueryError(t, err, "The $skiptoken '"+other+"' is not valid for this collection: pass the @odata.nextLink exactly as the previous page returned it.")
}

// TestStartPageRefusesAnotherTopOrSkip checks that a $skiptoken is only honoured with the $top of
// the request it came from and without $skip, instead of silently paging by the old $top.
func TestStartPageRefusesAnotherTopOrSkip(t *testing.T) {
	t.Parallel()
	coll := odata.SegmentsCollection("r", "s")
	withTop := odata.SkipToken{After: 3, Size: 5, Top: 5}.Encode(coll)
	noTop := odata.SkipToken{After: 3, Size: 5}.Encode(coll)
	const follow = " Follow the @odata.nextLink exactly as the previous page returned it."
	cases := []struct {
		name string
		q    odata.Query
		want string // "" when the page is served
	}{
		{"same $top", odata.Query{Given: odata.OptTop | odata.OptSkipToken, Top: 5, SkipToken: withTop}, ""},
		{"no $top either way", odata.Query{Given: odata.OptSkipToken, SkipToken: noTop}, ""},
		{"another $top", odata.Query{Given: odata.OptTop | odata.OptSkipToken, Top: 2, SkipToken: withTop}, "The $skiptoken came from a request with $top=5, but this one has $top=2." + follow},
		{"$top dropped", odata.Query{Given: odata.OptSkipToken, SkipToken: withTop}, "The $skiptoken came from a request with $top=5, but this one has no $top." + follow},
		{"$top added", odata.Query{Given: odata.OptTop | odata.OptSkipToken, Top: 5, SkipToken: noTop}, "The $skiptoken came from a request without $top, but this one has $top=5." + follow},
		{"$skip added", odata.Query{Given: odata.OptSkip | odata.OptSkipToken, Skip: 0, SkipToken: noTop}, "$skip cannot be combined with $skiptoken: the token already holds the position." + follow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := odata.StartPage(c.q, coll, odata.Prefer{}, 0, odata.MaxSegmentsPage)
			if c.want == "" {
				if err != nil || p != (odata.Page{After: 3, Size: 5}) {
					t.Fatalf("StartPage = %+v, %v", p, err)
				}
				return
			}
			wantQueryError(t, err, c.want)
		})
	}
}
