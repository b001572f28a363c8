package reports

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// utc reads a time the tests write correctly (a mistake shows as the zero time in a failure).
func utc(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t.UTC()
}

// TestParseCall reads the parameters as the docs, the SDKs and hand-written clients send them.
func TestParseCall(t *testing.T) {
	t.Parallel()
	nov, dec := utc("2019-11-01T00:00:00Z"), utc("2019-12-01T00:00:00Z")
	ok := []struct {
		args     string
		from, to time.Time
	}{
		{"fromDateTime=2019-11-01,toDateTime=2019-12-01", nov, dec},                             // the docs
		{"fromDateTime=2019-11-01T00%3A00%3A00Z,toDateTime=2019-12-01T00%3A00%3A00Z", nov, dec}, // the Go SDK
		{"fromDateTime=2019-11-01T00:00:00Z,toDateTime=2019-12-01T00:00:00Z", nov, dec},
		{"toDateTime=2019-12-01,fromDateTime=2019-11-01", nov, dec},
		{"fromDateTime=2019-11-01T01:00:00%2B01:00,toDateTime=2019-11-30T16:00:00-08:00", nov, dec},
		{"fromDateTime=2019-11-01T01:00:00+01:00,toDateTime=2019-12-01", nov, dec},
		{"fromDateTime=2019-11-01T00:00Z,toDateTime=2019-12-01T00:00:00.0000000Z", nov, dec},
		{"fromDateTime=2019-11-01T00:00:08.2589935Z,toDateTime=2019-12-01", utc("2019-11-01T00:00:08.2589935Z"), dec},
		{"%20fromDateTime%20=%202019-11-01%20,toDateTime=2019-12-01", nov, dec},
		{"fromDateTime=2019-11-01,toDateTime=2019-11-01", nov, nov},                         // an empty range
		{"fromDateTime=2019-09-02,toDateTime=2019-12-01", utc("2019-09-02T00:00:00Z"), dec}, // exactly 90 days
	}
	for _, tc := range ok {
		for _, k := range Kinds() {
			r, err := ParseCall(k, tc.args)
			if err != nil || !r.From.Equal(tc.from) || !r.To.Equal(tc.to) || r.From.Location() != time.UTC {
				t.Errorf("%s(%s) = %v, %v; want %v to %v", k.Function(), tc.args, r, err, tc.from, tc.to)
			}
		}
	}
	bad := []struct {
		args, message string
		tooLong       bool
	}{
		{"fromDateTime=,toDateTime=", "Expression expected at position 13 in 'fromDateTime=,toDateTime='.", false}, // observed wording
		{"fromDateTime=2019-11-01,toDateTime=", "Expression expected at position 35 in 'fromDateTime=2019-11-01,toDateTime='.", false},
		{"fromDateTime=2019-11-01,toDateTime", "Expression expected at position 34 in 'fromDateTime=2019-11-01,toDateTime'.", false},
		{",toDateTime=2019-12-01", "Expression expected at position 0 in ',toDateTime=2019-12-01'.", false},
		{"", "getPstnCalls needs its two parameters, fromDateTime and toDateTime: getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01).", false},
		{"fromDateTime=2019-11-01", "The parameter 'toDateTime' of getPstnCalls is missing", false},
		{"toDateTime=2019-11-01", "The parameter 'fromDateTime' of getPstnCalls is missing", false},
		{"from=2019-11-01,to=2019-12-01", "getPstnCalls has no parameter 'from'", false}, // the docs' own nextLink spelling
		{"FromDateTime=2019-11-01,toDateTime=2019-12-01", "getPstnCalls has no parameter 'FromDateTime'", false},
		{"fromDateTime=2019-11-01,fromDateTime=2019-11-02", "The parameter 'fromDateTime' is given twice", false},
		{"fromDateTime=2019-13-01,toDateTime=2019-12-01", "The value '2019-13-01' of parameter 'fromDateTime' is not a DateTimeOffset", false},
		{"fromDateTime=2019-11-01T00:00:00,toDateTime=2019-12-01", "The value '2019-11-01T00:00:00' of parameter 'fromDateTime'", false},
		{"fromDateTime='2019-11-01',toDateTime=2019-12-01", "The value ''2019-11-01'' of parameter 'fromDateTime'", false},
		{"fromDateTime=yesterday,toDateTime=today", "The value 'yesterday' of parameter 'fromDateTime'", false},
		{"fromDateTime=2019-11-01,toDateTime=2019-12-01%ZZ", "The parameters of getPstnCalls are not correctly percent-encoded", false},
		{"fromDateTime=2019-12-01,toDateTime=2019-11-01", "fromDateTime 2019-12-01T00:00:00Z is after toDateTime 2019-11-01T00:00:00Z", false},
		{"fromDateTime=2019-09-01,toDateTime=2019-12-01", "The range from fromDateTime 2019-09-01T00:00:00Z to toDateTime 2019-12-01T00:00:00Z is 91 days long", true},
		{"fromDateTime=2019-09-02,toDateTime=2019-12-01T00:00:01Z", "is 90 days and 1s long; it can't be more than 90 days", true},
		{"fromDateTime=2019-01-01,toDateTime=2019-06-01", "is 151 days long", true},
	}
	for _, tc := range bad {
		_, err := ParseCall(PSTN, tc.args)
		var pe *ParamError
		var re *RangeError
		switch {
		case err == nil:
			t.Errorf("(%s): no error, want %q", tc.args, tc.message)
		case !strings.Contains(err.Error(), tc.message):
			t.Errorf("(%s): %q, want it to contain %q", tc.args, err, tc.message)
		case tc.tooLong != errors.As(err, &re) || !tc.tooLong && !errors.As(err, &pe):
			t.Errorf("(%s): %T, want a RangeError: %v", tc.args, err, tc.tooLong)
		}
	}
}

// row makes a report row starting at start.
func row(t *testing.T, id, start string) Row {
	t.Helper()
	obj, err := jsondoc.Parse([]byte(fmt.Sprintf(`{"id":%q,"startDateTime":%q}`, id, start)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRow(obj)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func ids(rows []Row) string {
	var out []string
	for _, r := range rows {
		id, _ := r.Obj.GetString("id")
		out = append(out, id)
	}
	return strings.Join(out, ",")
}

// TestRangeEnds checks the ends of a range: fromDateTime is inclusive for both reports,
// toDateTime inclusive for PSTN and exclusive for Direct Routing, and rows come by start time,
// rows that start together in load order.
func TestRangeEnds(t *testing.T) {
	t.Parallel()
	rows := []Row{
		row(t, "d", "2019-12-01T00:00:00Z"), row(t, "b", "2019-11-15T12:00:00Z"), row(t, "before", "2019-10-31T23:59:59.9999999Z"),
		row(t, "a", "2019-11-01T00:00:00Z"), row(t, "c", "2019-11-15T12:00:00Z"), row(t, "after", "2019-12-01T00:00:00.0000001Z"),
	}
	b := NewBook(rows, rows)
	if got := ids(b.Rows(PSTN)); got != "d,b,before,a,c,after" {
		t.Errorf("load order = %s", got)
	}
	args := "fromDateTime=2019-11-01,toDateTime=2019-12-01"
	for k, want := range map[Kind]string{PSTN: "a,b,c,d", DirectRouting: "a,b,c"} {
		p, err := b.Call(k, args, Paging{})
		if err != nil || ids(p.Rows) != want || p.More {
			t.Errorf("%s = %s (more %v), %v; want %s", k.Function(), ids(p.Rows), p.More, err, want)
		}
	}
	p, _ := b.Call(PSTN, "fromDateTime=2019-12-01,toDateTime=2019-12-01", Paging{})
	q, _ := b.Call(DirectRouting, "fromDateTime=2019-12-01,toDateTime=2019-12-01", Paging{})
	if ids(p.Rows) != "d" || len(q.Rows) != 0 {
		t.Errorf("an instant: PSTN %q, Direct Routing %q; want d and nothing", ids(p.Rows), ids(q.Rows))
	}
	var empty *Book
	if p, err := empty.Call(PSTN, args, Paging{}); err != nil || len(p.Rows) != 0 || p.More || empty.Len(PSTN) != 0 {
		t.Errorf("the nil book: %v, %v", p, err)
	}
}

// TestPaging checks page sizes ($top, Prefer, the server's, 1,000), $skip and the next page.
func TestPaging(t *testing.T) {
	t.Parallel()
	var rows []Row
	base := utc("2019-11-01T00:00:00Z")
	for i := range 2500 {
		rows = append(rows, row(t, fmt.Sprint(i), base.Add(time.Duration(i)*time.Minute).Format(time.RFC3339Nano)))
	}
	b := NewBook(rows, nil)
	args := "fromDateTime=2019-11-01,toDateTime=2019-12-01"
	cases := []struct {
		name                   string
		p                      Paging
		n, next, linkTop       int
		more                   bool
		applied, first, errMsg string
	}{
		{"default", Paging{}, 1000, 1000, 0, true, "", "0", ""},
		{"second page", Paging{Skip: 1000}, 1000, 2000, 0, true, "", "1000", ""},
		{"last page", Paging{Skip: 2000}, 500, 2500, 0, false, "", "2000", ""},
		{"past the end", Paging{Skip: 9000}, 0, 2500, 0, false, "", "", ""},
		{"$top", Paging{Top: 7, HasTop: true, Skip: 3}, 7, 10, 0, true, "", "3", ""},
		{"$top 1000", Paging{Top: 1000, HasTop: true}, 1000, 1000, 0, true, "", "0", ""},
		{"$top over Prefer", Paging{Top: 7, HasTop: true, MaxPageSize: 3}, 7, 7, 0, true, "", "0", ""},
		{"Prefer", Paging{MaxPageSize: 300}, 300, 300, 300, true, "odata.maxpagesize=300", "0", ""},
		{"Prefer over 1000", Paging{MaxPageSize: 5000}, 1000, 1000, 1000, true, "odata.maxpagesize=1000", "0", ""},
		{"configured", Paging{Configured: 50, Skip: 2480}, 20, 2500, 0, false, "", "2480", ""},
		{"configured over 1000", Paging{Configured: 5000}, 1000, 1000, 0, true, "", "0", ""},
		{"$top 0", Paging{Top: 0, HasTop: true}, 0, 0, 0, false, "", "", "Invalid page size specified: '0'. Must be between 1 and 1000 inclusive."},
		{"$top 1001", Paging{Top: 1001, HasTop: true}, 0, 0, 0, false, "", "", "Invalid page size specified: '1001'. Must be between 1 and 1000 inclusive."},
	}
	for _, tc := range cases {
		p, err := b.Call(PSTN, args, tc.p)
		if tc.errMsg != "" {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Message != tc.errMsg {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.errMsg)
			}
			continue
		}
		first := ""
		if len(p.Rows) > 0 {
			first, _ = p.Rows[0].Obj.GetString("id")
		}
		if err != nil || len(p.Rows) != tc.n || p.NextSkip != tc.next || p.More != tc.more || p.LinkTop != tc.linkTop ||
			p.PreferenceApplied != tc.applied || first != tc.first {
			t.Errorf("%s: %d rows from %q, next %d, more %v, link $top %d, applied %q, %v", tc.name, len(p.Rows), first,
				p.NextSkip, p.More, p.LinkTop, p.PreferenceApplied, err)
		}
	}
}

// TestNewRow refuses a row calls could never select.
func TestNewRow(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`{}`, `{"startDateTime":null}`, `{"startDateTime":5}`, `{"startDateTime":"2019-11-01"}`} {
		obj, err := jsondoc.Parse([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NewRow(obj); err == nil || !strings.Contains(err.Error(), "startDateTime") {
			t.Errorf("NewRow(%s) = %v, want an error naming startDateTime", raw, err)
		}
	}
}

// TestKinds names both reports as URLs, scenarios and schemas do.
func TestKinds(t *testing.T) {
	t.Parallel()
	want := []string{"getPstnCalls pstnCalls microsoft.graph.callRecords.pstnCallLogRow",
		"getDirectRoutingCalls directRoutingCalls microsoft.graph.callRecords.directRoutingLogRow"}
	for i, k := range Kinds() {
		if got := k.Function() + " " + k.ScenarioKey() + " " + k.Type().Name(); got != want[i] {
			t.Errorf("kind %d = %s, want %s", k, got, want[i])
		}
	}
}

// TestDeferredBook: a snapshot's rows are counted without being scanned and scanned once, however
// many goroutines call at once (go test -race checks the sharing), to the same book NewBook makes.
func TestDeferredBook(t *testing.T) {
	t.Parallel()
	raw := []string{`{"id":"b","startDateTime":"2019-11-02T00:00:00Z"}`, `{"id":"a","startDateTime":"2019-11-01T00:00:00Z"}`}
	pending := make([]Pending, len(raw))
	for i, r := range raw {
		pending[i] = Pending{Raw: []byte(r)}
	}
	b := NewDeferredBook(pending, nil)
	if b.Len(PSTN) != 2 || b.Len(DirectRouting) != 0 || b.tables[PSTN].loaded != nil {
		t.Fatalf("Len scanned the book, or counted wrong: %d, %d", b.Len(PSTN), b.Len(DirectRouting))
	}
	done := make(chan string)
	for range 8 {
		go func() {
			p, err := b.Call(PSTN, "fromDateTime=2019-11-01,toDateTime=2019-11-30", Paging{})
			if err != nil {
				done <- err.Error()
				return
			}
			done <- ids(p.Rows)
		}()
	}
	for range 8 {
		if got := <-done; got != "a,b" {
			t.Errorf("a call of a deferred book: %s", got)
		}
	}
	if ids(b.Rows(PSTN)) != "b,a" || b.Len(PSTN) != 2 {
		t.Errorf("load order %s", ids(b.Rows(PSTN)))
	}
}
