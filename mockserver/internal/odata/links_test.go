package odata_test

import (
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

const base = "http://example.com/v1.0"

func TestContextURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		path    string
		selects []string
		expand  []odata.ExpandItem
		suffix  string
		want    string
	}{
		{"communications/callRecords", nil, nil, "", base + "/$metadata#communications/callRecords"},
		{"communications/callRecords", []string{"id", "type"}, nil, "/$entity", base + "/$metadata#communications/callRecords(id,type)/$entity"},
		{odata.RecordPath("r'1") + "/sessions", nil,
			[]odata.ExpandItem{{Name: "segments", Select: []string{"id"}}}, "/$entity",
			base + "/$metadata#communications/callRecords('r''1')/sessions(segments(id))/$entity"},
		{"communications/callRecords", []string{"id"},
			[]odata.ExpandItem{{Name: "sessions", Expand: []odata.ExpandItem{{Name: "segments"}}}}, "/$entity",
			base + "/$metadata#communications/callRecords(id,sessions(segments()))/$entity"},
	}
	for _, c := range cases {
		if got := odata.ContextURL(base, c.path, c.selects, c.expand, c.suffix); got != c.want {
			t.Errorf("ContextURL(%q, %q, %+v, %q)\n got  %s\n want %s", c.path, c.selects, c.expand, c.suffix, got, c.want)
		}
	}
}

func TestAppendSegmentsContextWritesContextURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		base, rid, sid string
		selects        []string
		suffix         string
	}{
		{base, "r1", "s1", nil, "/$entity"},
		{base, "r1", "s1", nil, ""},
		{base, "o'brien", "it''s", []string{"id", "media"}, "/$entity"},
		{"http://h\"ost/_ns/a/beta", "a\"b\\c", "\u00e9\n", []string{"caller"}, ""},
		{base, "", "", []string{}, "/$entity"},
	}
	for _, c := range cases {
		want := jsondoc.AppendString(nil, odata.ContextURL(c.base, odata.RecordPath(c.rid)+"/sessions("+odata.QuoteKey(c.sid)+")/segments", c.selects, nil, c.suffix))
		got := odata.AppendSegmentsContext([]byte("x"), c.base, c.rid, c.sid, c.selects, c.suffix)
		if string(got) != "x"+string(want) {
			t.Errorf("AppendSegmentsContext(%q, %q, %q, %q, %q)\n got  %s\n want x%s", c.base, c.rid, c.sid, c.selects, c.suffix, got, want)
		}
	}
}

// Not parallel: testing.AllocsPerRun refuses to run beside parallel tests.
func TestAppendSegmentsContextAllocatesNothing(t *testing.T) {
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { buf = odata.AppendSegmentsContext(buf[:0], base, "r'1", "s1", []string{"id"}, "/$entity") }); n != 0 {
		t.Errorf("AppendSegmentsContext allocates %v times, want 0", n)
	}
}

func TestQuoteKeyAndPathSegment(t *testing.T) {
	t.Parallel()
	cases := []struct{ id, key, segment string }{
		{"abc", "'abc'", "abc"},
		{"o'brien", "'o''brien'", "o%27brien"},
		{"a/b c", "'a/b c'", "a%2Fb%20c"},
		{"$count", "'$count'", "%24count"},
		{".", "'.'", "%2E"},
		{"..", "'..'", "%2E%2E"},
	}
	for _, c := range cases {
		if got := odata.QuoteKey(c.id); got != c.key {
			t.Errorf("QuoteKey(%q) = %q, want %q", c.id, got, c.key)
		}
		if got := odata.PathSegment(c.id); got != c.segment {
			t.Errorf("PathSegment(%q) = %q, want %q", c.id, got, c.segment)
		}
	}
}

func TestNextLink(t *testing.T) {
	t.Parallel()
	const target = base + "/communications/callRecords"
	cases := []struct {
		name string
		raw  string
		beta bool
		want string
	}{
		{"no query", "", false, target + "?$skiptoken=TOK"},
		{"options kept as sent, skip and old token dropped", "$top=2&$SKIP=1&foo=%41&$skiptoken=old&$count=true", false,
			target + "?$top=2&foo=%41&$count=true&$skiptoken=TOK"},
		{"beta skip without $ dropped", "top=2&skip=1&skiptoken=old", true, target + "?top=2&$skiptoken=TOK"},
		{"bytes a URI may not hold are escaped", "foo=a#b&bar=\"x y\"&baz=é", false,
			target + "?foo=a%23b&bar=%22x%20y%22&baz=%C3%A9&$skiptoken=TOK"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := odata.Parse(c.raw, listOptions, c.beta, model.CallRecord())
			if err != nil {
				t.Fatal(err)
			}
			if got := odata.NextLink(target, q, "TOK"); got != c.want {
				t.Fatalf("NextLink\n got  %s\n want %s", got, c.want)
			}
		})
	}
}

func TestExpandedLinks(t *testing.T) {
	t.Parallel()
	tok := odata.SkipToken{After: 2, Size: 2}
	cases := []struct{ name, got, want string }{
		{"sessions plain",
			odata.SessionsLink(base, "r/1", odata.ExpandItem{Name: "sessions"}, tok),
			base + "/communications/callRecords/r%2F1/sessions?$skiptoken=" + tok.Encode(odata.SessionsCollection("r/1"))},
		{"sessions keep nested options",
			odata.SessionsLink(base, "r", odata.ExpandItem{Name: "sessions", Select: []string{"id", "modalities"},
				Expand: []odata.ExpandItem{{Name: "segments", Select: []string{"id"}}}}, tok),
			base + "/communications/callRecords/r/sessions?$expand=segments%28%24select%3Did%29&$select=id%2Cmodalities&$skiptoken=" + tok.Encode(odata.SessionsCollection("r"))},
		{"participants keep $select",
			odata.ParticipantsLink(base, "$r", odata.ExpandItem{Name: "participants_v2", Select: []string{"id"}}, tok),
			base + "/communications/callRecords/%24r/participants_v2?$select=id&$skiptoken=" + tok.Encode(odata.ParticipantsCollection("$r"))},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.name, c.got, c.want)
		}
	}
}

// TestSkipLink: the report functions' next links repeat the call and the client's options as
// sent, replace $skip, and carry the page size a Prefer header chose as $top.
func TestSkipLink(t *testing.T) {
	t.Parallel()
	target := base + "/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2019-11-01T00%3A00%3A00Z,toDateTime=2019-12-01T00%3A00%3A00Z)"
	cases := []struct {
		query     string
		beta      bool
		top, skip int
		want      string
	}{
		{"", false, 0, 1000, target + "?$skip=1000"},
		{"$top=5&$skip=10&$count=true", false, 0, 15, target + "?$top=5&$count=true&$skip=15"},
		{"$count=true&x=a%20b", false, 300, 300, target + "?$count=true&x=a%20b&$top=300&$skip=300"},
		{"$top=7", false, 300, 300, target + "?$top=300&$skip=300"},
		{"top=5&skip=5", true, 0, 10, target + "?top=5&$skip=10"},
	}
	for _, c := range cases {
		q, err := odata.Parse(c.query, odata.OptTop|odata.OptSkip|odata.OptCount, c.beta, model.PstnCallLogRow())
		if err != nil {
			t.Fatal(err)
		}
		if got := odata.SkipLink(target, q, c.top, c.skip); got != c.want {
			t.Errorf("SkipLink(%q, %d, %d)\n got  %s\n want %s", c.query, c.top, c.skip, got, c.want)
		}
	}
}
