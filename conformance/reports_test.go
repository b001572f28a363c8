package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
	core "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/communications"
	"github.com/microsoftgraph/msgraph-sdk-go/models/callrecords"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"

	"github.com/graphmock/graphmock/mockserver"
)

// reportRows is a scenario with n rows of each report, row i starting 17i minutes after
// 2026-11-01T00:00:00Z, every row with all of its type's members, as Graph's docs show them.
func reportRows(n int) mockserver.Scenario {
	sc := mockserver.Scenario{Name: "reports", CallRecords: []json.RawMessage{}}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		at := start.Add(time.Duration(i) * 17 * time.Minute)
		begin, end := at.Format("2006-01-02T15:04:05.0000000Z"), at.Add(219*time.Second).Format("2006-01-02T15:04:05.0000000Z")
		sc.PstnCalls = append(sc.PstnCalls, json.RawMessage(fmt.Sprintf(`{"id":"pstn-%04d","callId":"1835317186_%d@61.221.3.176",`+
			`"userId":"db03c14b-06eb-4189-939b-7cbf3a20ba27","userPrincipalName":"richard.malk@contoso.com","userDisplayName":"Richard Malk",`+
			`"startDateTime":%q,"endDateTime":%q,"duration":219,"charge":%d.25,"callType":"user_out","currency":"USD",`+
			`"calleeNumber":"+1234567890","usageCountryCode":"US","tenantCountryCode":"US","connectionCharge":0.00,"callerNumber":"+0123456789",`+
			`"destinationContext":null,"destinationName":"United States","conferenceId":null,"licenseCapability":"MCOPSTNU",`+
			`"inventoryType":"Subscriber","operator":"Microsoft","callDurationSource":%q}`,
			i, i, begin, end, i%3, []string{"microsoft", "operator"}[i%2])))
		sc.DirectRoutingCalls = append(sc.DirectRoutingCalls, json.RawMessage(fmt.Sprintf(`{"id":"dr-%04d","correlationId":"c98e1515-a937-4b81-b8a8-3992afde64e0",`+
			`"userId":"db03c14b-06eb-4189-939b-7cbf3a20ba27","userPrincipalName":"richard.malk@contoso.com","userDisplayName":"Richard Malk",`+
			`"startDateTime":%q,"inviteDateTime":%q,"failureDateTime":"0001-01-01T00:00:00Z","endDateTime":%q,"duration":219,`+
			`"callType":"ByotIn","successfulCall":%t,"callerNumber":"+12345678***","calleeNumber":"+01234567***","mediaPathLocation":"USWE",`+
			`"signalingLocation":"EUNO","finalSipCode":0,"callEndSubReason":540000,"finalSipCodePhrase":"BYE",`+
			`"trunkFullyQualifiedDomainName":"tll-audiocodes01.adatum.biz","mediaBypassEnabled":false}`,
			i, begin, begin, end, i%5 != 0)))
	}
	return sc
}

// TestPageIteratorReports calls getPstnCalls and getDirectRoutingCalls through the SDK's request
// builders (the namespace-qualified URL with RFC 3339 times, ':' as %3A) and walks every page with
// the SDK's PageIterator: more than 1,000 rows, 1,000 a page, each page's @odata.count its size,
// every row typed with no member the SDK's models do not know. The range ends at a row's start:
// PSTN's toDateTime includes it, Direct Routing's does not.
func TestPageIteratorReports(t *testing.T) {
	t.Parallel()
	const rows = 2400
	g := newGraph(t, "v1.0", mockserver.WithScenario(reportRows(rows)))
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(2345 * 17 * time.Minute) // row 2345 starts here
	type page struct {
		count int64
		rows  int
		next  string
	}
	cases := []struct {
		name  string
		first func() (serialization.Parsable, error)
		parse serialization.ParsableFactory
		want  int // rows in the range
	}{
		{"getPstnCalls", func() (serialization.Parsable, error) {
			return g.records.MicrosoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTime(&from, &to).
				GetAsGetPstnCallsWithFromDateTimeWithToDateTimeGetResponse(ctx(t), nil)
		}, communications.CreateCallRecordsMicrosoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTimeGetPstnCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue, 2346},
		{"getDirectRoutingCalls", func() (serialization.Parsable, error) {
			return g.records.MicrosoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTime(&from, &to).
				GetAsGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetResponse(ctx(t), nil)
		}, communications.CreateCallRecordsMicrosoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue, 2345},
	}
	for _, tc := range cases {
		before := len(g.rec.exchanges())
		first, err := tc.first()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var ids []string
		var pages []page
		switch f := first.(type) {
		case communications.CallRecordsMicrosoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTimeGetPstnCallsWithFromDateTimeWithToDateTimeGetResponseable:
			pages = append(pages, page{*f.GetOdataCount(), len(f.GetValue()), str(f.GetOdataNextLink())})
			it, err := core.NewPageIterator[callrecords.PstnCallLogRowable](first, g.adapter, tc.parse)
			if err != nil {
				t.Fatal(err)
			}
			err = it.Iterate(ctx(t), func(r callrecords.PstnCallLogRowable) bool {
				strictDeep(t, tc.name+" "+str(r.GetId()), r)
				if r.GetCharge() == nil || r.GetCallDurationSource() == nil || r.GetDuration() == nil || *r.GetDuration() != 219 ||
					r.GetStartDateTime() == nil || r.GetDestinationContext() != nil {
					t.Fatalf("%s: row %s is not typed as written", tc.name, str(r.GetId()))
				}
				ids = append(ids, str(r.GetId()))
				return true
			})
			if err != nil {
				t.Fatalf("%s: Iterate: %v", tc.name, err)
			}
		case communications.CallRecordsMicrosoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetResponseable:
			pages = append(pages, page{*f.GetOdataCount(), len(f.GetValue()), str(f.GetOdataNextLink())})
			it, err := core.NewPageIterator[callrecords.DirectRoutingLogRowable](first, g.adapter, tc.parse)
			if err != nil {
				t.Fatal(err)
			}
			err = it.Iterate(ctx(t), func(r callrecords.DirectRoutingLogRowable) bool {
				strictDeep(t, tc.name+" "+str(r.GetId()), r)
				if r.GetSuccessfulCall() == nil || r.GetFailureDateTime() == nil || r.GetCallEndSubReason() == nil || *r.GetCallEndSubReason() != 540000 {
					t.Fatalf("%s: row %s is not typed as written", tc.name, str(r.GetId()))
				}
				ids = append(ids, str(r.GetId()))
				return true
			})
			if err != nil {
				t.Fatalf("%s: Iterate: %v", tc.name, err)
			}
		default:
			t.Fatalf("%s: the SDK answered %T", tc.name, first)
		}
		if pages[0].count != 1000 || pages[0].rows != 1000 || !strings.HasSuffix(pages[0].next, "?$skip=1000") {
			t.Errorf("%s: first page %+v, want 1,000 rows counted and a $skip link", tc.name, pages[0])
		}
		if len(ids) != tc.want || ids[0] != strings.SplitN(ids[0], "-", 2)[0]+"-0000" || ids[len(ids)-1] != fmt.Sprintf("%s-%04d", strings.SplitN(ids[0], "-", 2)[0], tc.want-1) {
			t.Errorf("%s: iterated %d rows from %s to %s, want %d", tc.name, len(ids), ids[0], ids[len(ids)-1], tc.want)
		}
		ex := g.rec.exchanges()[before:]
		if len(ex) != 3 {
			t.Fatalf("%s: %d requests, want 3 pages", tc.name, len(ex))
		}
		wantFirst := "/v1.0/communications/callRecords/microsoft.graph.callRecords." + tc.name + "(fromDateTime=2026-11-01T00%3A00%3A00Z,toDateTime=2026-11-28T16%3A25%3A00Z)"
		for i, e := range ex {
			u, _ := url.Parse(e.url)
			if e.status != 200 || u.EscapedPath() != wantFirst || i > 0 && u.RawQuery != fmt.Sprintf("$skip=%d", 1000*i) {
				t.Errorf("%s: page %d: %s -> %d, want %s?$skip=%d", tc.name, i, e.url, e.status, wantFirst, 1000*i)
			}
		}
	}
}

// TestReportsTopAndErrors: the SDK's $top and $skip query parameters page a report (the next
// link keeps $top), and the errors a call can get reach the SDK as ODataErrors with Graph's code.
func TestReportsTopAndErrors(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "beta", mockserver.WithScenario(reportRows(40)))
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(24 * time.Hour)
	top, skip := int32(15), int32(3)
	first, err := g.records.MicrosoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTime(&from, &to).GetAsGetPstnCallsWithFromDateTimeWithToDateTimeGetResponse(ctx(t),
		&communications.CallRecordsMicrosoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTimeRequestBuilderGetRequestConfiguration{
			QueryParameters: &communications.CallRecordsMicrosoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTimeRequestBuilderGetQueryParameters{Top: &top, Skip: &skip},
		})
	if err != nil {
		t.Fatal(err)
	}
	it, err := core.NewPageIterator[callrecords.PstnCallLogRowable](first, g.adapter,
		communications.CreateCallRecordsMicrosoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTimeGetPstnCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := it.Iterate(ctx(t), func(callrecords.PstnCallLogRowable) bool { n++; return true }); err != nil {
		t.Fatal(err)
	}
	ex := g.rec.exchanges()
	if n != 37 || len(ex) != 3 || !strings.Contains(ex[2].url, "%24top=15&%24skip=33") && !strings.Contains(ex[2].url, "$top=15&$skip=33") {
		t.Errorf("$top=15&$skip=3 over 40 rows: %d rows in %d requests (last %s)", n, len(ex), ex[len(ex)-1].url)
	}

	long := from.Add(91 * 24 * time.Hour)
	for _, tc := range []struct {
		from, to   time.Time
		status     int
		code, text string
	}{
		{from, long, 406, "NotAcceptable", "can't be more than 90 days"},
		{to, from, 400, "BadRequest", "is after toDateTime"},
	} {
		_, err := g.records.MicrosoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTime(&tc.from, &tc.to).
			GetAsGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetResponse(ctx(t), nil)
		var oe *odataerrors.ODataError
		if !errors.As(err, &oe) || oe.ResponseStatusCode != tc.status || oe.GetErrorEscaped() == nil ||
			str(oe.GetErrorEscaped().GetCode()) != tc.code || !strings.Contains(oe.Error(), tc.text) {
			t.Errorf("%v to %v: %v (%T), want a %d %s ODataError", tc.from, tc.to, err, err, tc.status, tc.code)
		}
	}
}
