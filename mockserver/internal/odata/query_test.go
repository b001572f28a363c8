package odata_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

const listOptions = odata.OptSelect | odata.OptTop | odata.OptSkip | odata.OptCount | odata.OptSkipToken

// wantQueryError checks that err is a *QueryError with exactly Graph's message.
func wantQueryError(t *testing.T, err error, msg string) {
	t.Helper()
	var qe *odata.QueryError
	if !errors.As(err, &qe) {
		t.Fatalf("error = %v (%T), want a *odata.QueryError", err, err)
	}
	if qe.Message != msg || err.Error() != msg {
		t.Fatalf("message = %q, want %q", qe.Message, msg)
	}
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		raw     string
		allowed odata.Option
		beta    bool
		typ     model.EntityType
		want    odata.Query
	}{
		{"empty", "", listOptions, false, model.Session(), odata.Query{}},
		{"select", "$select=id,%20modalities", listOptions, false, model.Session(), odata.Query{
			Given: odata.OptSelect, Select: []string{"id", "modalities"},
			Pairs: []odata.Pair{{Raw: "$select=id,%20modalities", Name: "$select", Value: "id, modalities"}}}},
		{"select star selects all", "$select=id,*", listOptions, false, model.Session(), odata.Query{
			Given: odata.OptSelect, Pairs: []odata.Pair{{Raw: "$select=id,*", Name: "$select", Value: "id,*"}}}},
		{"names are case-insensitive", "$TOP=5&$Skip=2&$count=TRUE", listOptions, false, model.Session(), odata.Query{
			Given: odata.OptTop | odata.OptSkip | odata.OptCount, Top: 5, Skip: 2, Count: true,
			Pairs: []odata.Pair{{"$TOP=5", "$top", "5"}, {"$Skip=2", "$skip", "2"}, {"$count=TRUE", "$count", "TRUE"}}}},
		{"count false", "$count=false", listOptions, false, model.Session(), odata.Query{
			Given: odata.OptCount, Pairs: []odata.Pair{{"$count=false", "$count", "false"}}}},
		{"top zero is given", "$top=0", listOptions, false, model.Session(), odata.Query{
			Given: odata.OptTop, Pairs: []odata.Pair{{"$top=0", "$top", "0"}}}},
		{"custom options and empty pairs are kept or skipped", "&foo=1&&", listOptions, false, model.Session(), odata.Query{
			Pairs: []odata.Pair{{"foo=1", "foo", "1"}}}},
		{"v1.0 ignores options without $", "select=nope", listOptions, false, model.Session(), odata.Query{
			Pairs: []odata.Pair{{"select=nope", "select", "nope"}}}},
		{"beta takes options without $", "top=3&skiptoken=abc", listOptions, true, model.Session(), odata.Query{
			Given: odata.OptTop | odata.OptSkipToken, Top: 3, SkipToken: "abc",
			Pairs: []odata.Pair{{"top=3", "$top", "3"}, {"skiptoken=abc", "$skiptoken", "abc"}}}},
		{"beta keeps other names custom", "foo=1", listOptions, true, model.Session(), odata.Query{
			Pairs: []odata.Pair{{"foo=1", "foo", "1"}}}},
		{"nested expand", "$expand=sessions($select=id;$expand=segments($select=media))", odata.OptExpand, false, model.CallRecord(), odata.Query{
			Given: odata.OptExpand,
			Expand: []odata.ExpandItem{{Name: "sessions", Select: []string{"id"},
				Expand: []odata.ExpandItem{{Name: "segments", Select: []string{"media"}}}}},
			Pairs: []odata.Pair{{"$expand=sessions($select=id;$expand=segments($select=media))", "$expand", "sessions($select=id;$expand=segments($select=media))"}}}},
		{"$format=json on any route", "$format=json", 0, false, model.Segment(), odata.Query{
			Given: odata.OptFormat, Pairs: []odata.Pair{{"$format=json", "$format", "json"}}}},
		{"$format as a media type, on beta without $", "format=application/json;odata.metadata=minimal", odata.OptSelect, true, model.Segment(), odata.Query{
			Given: odata.OptFormat, Pairs: []odata.Pair{{"format=application/json;odata.metadata=minimal", "$format", "application/json;odata.metadata=minimal"}}}},
		{"nested expand without $, encoded", "$expand=sessions%28expand%3Dsegments%29", odata.OptExpand, false, model.CallRecord(), odata.Query{
			Given:  odata.OptExpand,
			Expand: []odata.ExpandItem{{Name: "sessions", Expand: []odata.ExpandItem{{Name: "segments"}}}},
			Pairs:  []odata.Pair{{"$expand=sessions%28expand%3Dsegments%29", "$expand", "sessions(expand=segments)"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := odata.Parse(c.raw, c.allowed, c.beta, c.typ)
			if err != nil {
				t.Fatal(err)
			}
			if got.Filter != nil {
				t.Fatalf("unexpected filter")
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	rec, ses := model.CallRecord(), model.Session()
	cases := []struct {
		name    string
		raw     string
		allowed odata.Option
		beta    bool
		typ     model.EntityType
		msg     string
	}{
		{"bad name encoding", "%zz=1", listOptions, false, ses, "The query option name '%zz' is not correctly percent-encoded."},
		{"bad value encoding", "$select=%zz", listOptions, false, ses, "The value of query option '$select' is not correctly percent-encoded."},
		{"known unsupported", "$orderby=startDateTime", listOptions, false, ses, "The query option '$orderby' is not supported on this resource."},
		{"known unsupported on beta without $", "search=x", listOptions, true, ses, "The query option 'search' is not supported on this resource."},
		{"unknown", "$foo=1", listOptions, false, ses, "The query parameter '$foo' is not supported."},
		{"not allowed here", "$expand=segments", odata.OptSelect, false, ses, "The query option '$expand' is not supported on this resource."},
		{"twice", "$top=1&$TOP=2", listOptions, false, ses, "Query option '$TOP' was specified more than once, but it must be specified at most once."},
		{"top not a number", "$top=ten", listOptions, false, ses, "Invalid value 'ten' for query option '$top': expected a non-negative integer."},
		{"negative skip", "$skip=-1", listOptions, false, ses, "Invalid value '-1' for query option '$skip': expected a non-negative integer."},
		{"count not a bool", "$count=yes", listOptions, false, ses, "The value 'yes' of $count is not valid: use true or false."},
		{"empty skiptoken", "$skiptoken=", listOptions, false, ses, "The $skiptoken is empty."},
		{"format not json", "$format=xml", listOptions, false, ses, "The $format 'xml' is not supported: Graph answers in JSON; use $format=json or leave it out."},
		{"format atom media type", "$format=application/atom%2Bxml", 0, false, ses, "The $format 'application/atom+xml' is not supported: Graph answers in JSON; use $format=json or leave it out."},
		{"format twice", "$format=json&$format=json", 0, false, ses, "Query option '$format' was specified more than once, but it must be specified at most once."},
		{"empty select", "$select=%20", listOptions, false, ses, "The $select option is empty."},
		{"select unknown", "$select=id,nope", listOptions, false, rec, "Could not find a property named 'nope' on type 'microsoft.graph.callRecords.callRecord'."},
		{"expand unknown", "$expand=nope", odata.OptExpand, false, rec, "Could not find a property named 'nope' on type 'microsoft.graph.callRecords.callRecord'."},
		{"expand structural", "$expand=modalities", odata.OptExpand, false, rec, "Property 'modalities' on type 'microsoft.graph.callRecords.callRecord' is not a navigation property or complex property. Only navigation properties can be expanded."},
		{"expand star", "$expand=*", odata.OptExpand, false, rec, "$expand=* is not supported; name the relationship to expand."},
		{"expand empty item", "$expand=sessions,", odata.OptExpand, false, rec, "Syntax error in $expand: empty item in 'sessions,'."},
		{"expand no closing", "$expand=sessions($select=id)x", odata.OptExpand, false, rec, "Syntax error in $expand: 'sessions($select=id)x' has no closing parenthesis."},
		{"expand unbalanced", "$expand=sessions($expand=segments", odata.OptExpand, false, rec, "Syntax error: unbalanced parentheses or quotes in 'sessions($expand=segments'."},
		{"expand stray close", "$expand=sessions)", odata.OptExpand, false, rec, "Syntax error: unbalanced ')' in 'sessions)'."},
		{"nested not an option", "$expand=sessions(segments)", odata.OptExpand, false, rec, "Syntax error in $expand: 'segments' inside 'sessions(...)' is not an option."},
		{"nested unsupported", "$expand=sessions($top=1)", odata.OptExpand, false, rec, "The query option '$top' is not supported inside $expand."},
		{"nested on the target type", "$expand=sessions($expand=media)", odata.OptExpand, false, rec, "Could not find a property named 'media' on type 'microsoft.graph.callRecords.session'."},
		{"nested select on the target type", "$expand=sessions($expand=segments($select=isTest))", odata.OptExpand, false, rec, "Could not find a property named 'isTest' on type 'microsoft.graph.callRecords.segment'."},
		{"filter errors pass through", "$filter=type%20eq%201", odata.OptFilter, false, rec, "Invalid filter clause: filtering on 'type' is not supported; only startDateTime and participants_v2/id are."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := odata.Parse(c.raw, c.allowed, c.beta, c.typ)
			wantQueryError(t, err, c.msg)
		})
	}
}

func TestSelected(t *testing.T) {
	t.Parallel()
	cases := []struct {
		selects []string
		name    string
		want    bool
	}{
		{nil, "anything", true},
		{[]string{"id"}, "id", true},
		{[]string{"id"}, "media", false},
		{[]string{"id"}, "@odata.type", true},
	}
	for _, c := range cases {
		if got := odata.Selected(c.selects, c.name); got != c.want {
			t.Errorf("Selected(%q, %q) = %v, want %v", c.selects, c.name, got, c.want)
		}
	}
}

func TestExpandOption(t *testing.T) {
	t.Parallel()
	cases := []struct {
		items []odata.ExpandItem
		want  string
	}{
		{nil, ""},
		{[]odata.ExpandItem{{Name: "segments"}}, "segments"},
		{[]odata.ExpandItem{{Name: "segments", Select: []string{"id", "startDateTime"}}}, "segments($select=id,startDateTime)"},
		{[]odata.ExpandItem{{Name: "sessions", Select: []string{"id"}, Expand: []odata.ExpandItem{{Name: "segments"}}}},
			"sessions($select=id;$expand=segments)"},
	}
	for _, c := range cases {
		if got := odata.ExpandOption(c.items); got != c.want {
			t.Errorf("ExpandOption(%+v) = %q, want %q", c.items, got, c.want)
		}
	}
}
