package odata_test

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

func TestPreferences(t *testing.T) {
	t.Parallel()
	cases := []struct {
		header  []string
		prefs   []string
		size    int
		minimal bool
	}{
		{nil, nil, 0, false},
		{[]string{"odata.maxpagesize=5"}, []string{"odata.maxpagesize=5"}, 5, false},
		{[]string{"return=minimal, Odata.MaxPageSize = 7 ", ""}, []string{"return=minimal", "Odata.MaxPageSize = 7"}, 7, true},
		{[]string{"return = minimal", "odata.maxpagesize=0,odata.maxpagesize=x,odata.maxpagesize=3"},
			[]string{"return = minimal", "odata.maxpagesize=0", "odata.maxpagesize=x", "odata.maxpagesize=3"}, 3, true},
		{[]string{" , ,return=representation"}, []string{"return=representation"}, 0, false},
	}
	for _, c := range cases {
		prefs := odata.Preferences(c.header)
		if !reflect.DeepEqual(prefs, c.prefs) {
			t.Errorf("Preferences(%q) = %q, want %q", c.header, prefs, c.prefs)
		}
		n, ok := odata.MaxPageSize(prefs)
		if n != c.size || ok != (c.size > 0) {
			t.Errorf("MaxPageSize(%q) = %d, %v; want %d", prefs, n, ok, c.size)
		}
		if got := odata.ReturnMinimal(prefs); got != c.minimal {
			t.Errorf("ReturnMinimal(%q) = %v, want %v", prefs, got, c.minimal)
		}
	}
}

func TestPageSize(t *testing.T) {
	t.Parallel()
	cases := []struct {
		prefs      []string
		configured int
		max        int
		size       int
		applied    string
	}{
		{nil, 0, 60, 60, ""},
		{nil, 10, 60, 10, ""},
		{nil, 100, 60, 60, ""},
		{[]string{"odata.maxpagesize=5"}, 10, 60, 5, "odata.maxpagesize=5"},
		{[]string{"odata.maxpagesize=500"}, 10, 130, 130, "odata.maxpagesize=130"},
	}
	for _, c := range cases {
		size, applied := odata.PageSize(c.prefs, c.configured, c.max)
		if size != c.size || applied != c.applied {
			t.Errorf("PageSize(%q, %d, %d) = %d, %q; want %d, %q", c.prefs, c.configured, c.max, size, applied, c.size, c.applied)
		}
	}
}

func TestStartPage(t *testing.T) {
	t.Parallel()
	coll := odata.SessionsCollection("r")
	tok := odata.SkipToken{After: 42, Size: 100}.Encode(coll)
	prefer := []string{"odata.maxpagesize=7"}
	cases := []struct {
		name       string
		q          odata.Query
		prefs      []string
		configured int
		want       odata.Page
	}{
		{"default", odata.Query{}, nil, 0, odata.Page{Size: 60}},
		{"configured", odata.Query{}, nil, 2, odata.Page{Size: 2}},
		{"skip", odata.Query{Given: odata.OptSkip, Skip: 3}, nil, 0, odata.Page{Skip: 3, Size: 60}},
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
		_, err := odata.StartPage(odata.Query{Given: odata.OptTop, Top: top}, coll, nil, 0, odata.MaxSessionsPage)
		wantQueryError(t, err, "Invalid page size specified: '"+strconv.Itoa(top)+"'. Must be between 1 and 60 inclusive.")
	}
	other := odata.SkipToken{After: 1, Size: 5}.Encode(odata.RecordsCollection())
	_, err := odata.StartPage(odata.Query{Given: odata.OptSkipToken, SkipToken: other}, coll, nil, 0, odata.MaxSessionsPage)
	wantQueryError(t, err, "The $skiptoken '"+other+"' is not valid for this collection: pass the @odata.nextLink exactly as the previous page returned it.")
}
