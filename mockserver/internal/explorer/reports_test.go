package explorer

import (
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// fakeReports serves the rows of the two reports from memory.
type fakeReports map[string][]jsondoc.Object

func (f fakeReports) ReportRows(function string, skip, n int) Page[jsondoc.Object] {
	rows := f[function]
	p := Page[jsondoc.Object]{Total: len(rows)}
	if n > 0 {
		p.Items = rows[min(skip, len(rows)):min(skip+n, len(rows))]
	}
	return p
}

// TestReportPages shows each report's rows, by page, with the facts of both row types, a Graph
// link that calls the function for the page's days, and the links in every page's header.
func TestReportPages(t *testing.T) {
	t.Parallel()
	reports := fakeReports{
		"getPstnCalls": {
			mustObject(t, `{"id":"p1","userDisplayName":"Helena Ruiz","userPrincipalName":"helena.ruiz@contoso.com","startDateTime":"2026-11-02T08:33:25.1214022Z","endDateTime":"2026-11-02T08:34:26.1214022Z","duration":61,"charge":1.27,"currency":"USD","callType":"user_out_international","callerNumber":"+34915551000","calleeNumber":"+33142685300","destinationContext":"International","destinationName":"France","operator":"Microsoft","callDurationSource":"microsoft"}`),
			mustObject(t, `{"id":"p2","userDisplayName":null,"startDateTime":"2026-11-30T10:00:00Z","duration":5,"charge":0.00,"currency":"USD","callType":"ucap_in","callerNumber":"+442079460100"}`),
		},
		"getDirectRoutingCalls": {
			mustObject(t, `{"id":"d1","userDisplayName":"Alice Moreau","startDateTime":"2026-11-23T14:20:14.448Z","endDateTime":"0001-01-01T00:00:00Z","failureDateTime":"2026-11-23T14:20:26.912Z","duration":0,"callType":"ByotOut","successfulCall":false,"finalSipCode":503,"finalSipCodePhrase":"Service Unavailable","trunkFullyQualifiedDomainName":"sbc01.voice.contoso.com"}`),
		},
	}
	ui := New(Config{Source: newFakeSource(t, 1), Reports: reports})
	// html/template writes the call's parentheses percent-encoded, which routes alike.
	for fn, want := range map[string][]string{
		"getPstnCalls": {"PSTN calls (getPstnCalls)", "Helena Ruiz", "helena.ruiz@contoso.com", "1.27 USD · International · France · Microsoft",
			"<code>user_out_international</code>", "61 s", "— (no user: a bot call type)", "rows 1–2 of 2",
			`href="/v1.0/communications/callRecords/getPstnCalls%28fromDateTime=2026-11-02,toDateTime=2026-12-01%29"`},
		"getDirectRoutingCalls": {"Direct Routing calls (getDirectRoutingCalls)", `<span class="failed">SIP 503 Service Unavailable · sbc01.voice.contoso.com</span>`,
			`href="/v1.0/communications/callRecords/getDirectRoutingCalls%28fromDateTime=2026-11-23,toDateTime=2026-11-24%29"`},
	} {
		page := get(ui.Report(), Base+"/reports/"+fn, map[string]string{"function": fn})
		body := page.Body.String()
		if page.Code != http.StatusOK {
			t.Fatalf("%s: %d\n%s", fn, page.Code, body)
		}
		want = append(want, `<a href="/_mock/ui/reports/getPstnCalls">2 PSTN calls</a>`, `<a href="/_mock/ui/reports/getDirectRoutingCalls">1 Direct Routing calls</a>`)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q:\n%s", fn, w, body)
			}
		}
	}
	if page := get(ui.Report(), Base+"/reports/getCalls", map[string]string{"function": "getCalls"}); page.Code != http.StatusNotFound {
		t.Errorf("an unknown report: %d", page.Code)
	}
	bare := New(Config{Source: newFakeSource(t, 1)})
	if page := get(bare.Report(), Base+"/reports/getPstnCalls", map[string]string{"function": "getPstnCalls"}); page.Code != http.StatusNotFound ||
		strings.Contains(get(bare.Home(), Base, nil).Body.String(), "/reports/") {
		t.Errorf("without a ReportSource: %d, or the header links reports", page.Code)
	}
	if got := reportCall("getPstnCalls", "2026-01-01T10:00:00Z", "2026-11-30T10:00:00Z"); !strings.HasSuffix(got, "(fromDateTime=2026-01-01,toDateTime=2026-04-01)") {
		t.Errorf("a page of rows over more than 90 days calls %s", got)
	}
}
