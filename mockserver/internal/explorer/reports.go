package explorer

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// The report pages: the rows of getPstnCalls and of getDirectRoutingCalls, by start time as the
// functions answer, with a Graph link that calls the function for the page's rows.

// ReportSource is the rows of the two report functions as the explorer reads them. It is
// optional (Config.Reports): without it the explorer has no report pages.
type ReportSource interface {
	// ReportRows pages a report's rows by start time; function is getPstnCalls or
	// getDirectRoutingCalls. n = 0 asks for the total only.
	ReportRows(function string, skip, n int) Page[jsondoc.Object]
}

// reportTitles names the explorer's report pages, by function.
func reportTitles() map[string]string {
	return map[string]string{"getPstnCalls": "PSTN calls", "getDirectRoutingCalls": "Direct Routing calls"}
}

// reportData is a report's page.
type reportData struct {
	layout
	Function string
	Rows     []reportRow
	Pager    pager
	Graph    string // the function's call for the page's rows ("" without rows)
}

// reportRow is one row as the page shows it.
type reportRow struct {
	Start    timeCell
	Duration string
	User     string // the user's display name, or "" for a bot call type
	UPN      string
	Type     string
	Caller   string
	Callee   string
	Outcome  string // charge and destination (PSTN), SIP code and trunk (Direct Routing)
	Failed   bool
}

// Report is a report's page; its route names {function}.
func (ui *Explorer) Report() http.Handler { return ui.page(ui.report) }

// report shows a page of a report's rows.
func (ui *Explorer) report(r *http.Request) result {
	fn, _ := pathID(r, "function")
	title, known := reportTitles()[fn]
	if !known || ui.cfg.Reports == nil {
		return ui.notFoundPage("report", nil)
	}
	d := reportData{Function: fn}
	d.Pager = newPager(r, ui.cfg.Reports.ReportRows(fn, 0, 0).Total)
	p := ui.cfg.Reports.ReportRows(fn, d.Pager.skip(), PageSize)
	d.Pager = newPager(r, p.Total)
	for _, obj := range p.Items {
		d.Rows = append(d.Rows, newReportRow(obj))
	}
	if n := len(d.Rows); n > 0 {
		d.Graph = reportCall(fn, d.Rows[0].Start.Exact, d.Rows[n-1].Start.Exact)
	}
	d.layout = ui.newLayout(title+" ("+fn+")", crumb{Label: "Call records", URL: Base}, crumb{Label: title})
	return result{status: http.StatusOK, template: "report", data: d}
}

// newReportRow reads what the page shows of a row, from either report's row type.
func newReportRow(obj jsondoc.Object) reportRow {
	str := func(name string) string { s, _ := obj.GetString(name); return s }
	num := func(name string) string {
		if v := obj.Get(name); v != nil && string(v) != "null" {
			return string(v)
		}
		return ""
	}
	start, end := str("startDateTime"), str("endDateTime")
	row := reportRow{Start: newTimeCell(start), User: str("userDisplayName"), UPN: str("userPrincipalName"),
		Type: str("callType"), Caller: str("callerNumber"), Callee: str("calleeNumber")}
	if secs := num("duration"); secs != "" {
		row.Duration = secs + " s"
	}
	var parts []string
	if _, pstn := obj.GetString("callDurationSource"); pstn || obj.Get("charge") != nil {
		if charge := num("charge"); charge != "" {
			parts = append(parts, charge+" "+str("currency"))
		}
		for _, name := range []string{"destinationContext", "destinationName", "operator"} {
			if s := str(name); s != "" {
				parts = append(parts, s)
			}
		}
	} else {
		row.Failed = string(obj.Get("successfulCall")) == "false"
		if code := num("finalSipCode"); code != "" {
			parts = append(parts, "SIP "+code+" "+str("finalSipCodePhrase"))
		}
		if s := str("trunkFullyQualifiedDomainName"); s != "" {
			parts = append(parts, s)
		}
		if strings.HasPrefix(end, "0001-") {
			end = "" // the zero time: a call that was not established has no end
		}
	}
	if row.Duration == "" {
		row.Duration = duration(start, end)
	}
	row.Outcome = strings.Join(parts, " · ")
	return row
}

// reportCall is the Graph URL that calls function for rows starting from first to last: from
// first's day to the day after last's, at most the 90 days a call may span.
func reportCall(function, first, last string) string {
	from, err1 := time.Parse(time.RFC3339Nano, first)
	to, err2 := time.Parse(time.RFC3339Nano, last)
	if err1 != nil || err2 != nil {
		return ""
	}
	day := func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
	lo, hi := day(from), day(to).Add(24*time.Hour)
	if longest := lo.Add(90 * 24 * time.Hour); hi.After(longest) {
		hi = longest
	}
	return graphRecords + "/" + function + "(fromDateTime=" + lo.Format(time.DateOnly) + ",toDateTime=" + hi.Format(time.DateOnly) + ")"
}

// reportLinks are the report pages with their numbers of rows, for every page's header; none
// without a ReportSource.
func (ui *Explorer) reportLinks() []crumb {
	if ui.cfg.Reports == nil {
		return nil
	}
	var out []crumb
	for _, fn := range []string{"getPstnCalls", "getDirectRoutingCalls"} {
		n := ui.cfg.Reports.ReportRows(fn, 0, 0).Total
		out = append(out, crumb{Label: strconv.Itoa(n) + " " + reportTitles()[fn], URL: Base + "/reports/" + fn})
	}
	return out
}
