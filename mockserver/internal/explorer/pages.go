package explorer

import (
	"net/http"
	"strconv"

	"github.com/graphmock/graphmock/mockserver/internal/quality"
)

// The explorer's three read pages: call records (home), one record's sessions, one session's
// segments. Each reads one page of rows from the Source and renders it.

// homeData is the home page: the call records, the fault and journal panels, and the forms.
type homeData struct {
	layout
	Flash    string   // what the last form did, after its redirect
	Problems []string // why an uploaded scenario did not load (file:line: /pointer: reason)
	Records  []factRow
	Pager    pager
	// Faults is nil, and Journal false, when this build has no fault injection or journal.
	Faults   *FaultPanel
	Journal  bool
	Requests []Request
	Back     string // the page the forms return to: "/" or "/_mock/ui"
}

// recordData is a call record's page: its facts, call quality, Graph links, timeline and a page
// of its sessions.
type recordData struct {
	layout
	Record       factRow
	Links        []crumb
	Quality      qualityLine
	Timeline     *timelineView
	Sessions     []factRow
	Pager        pager
	ThresholdURL string
}

// sessionData is a session's page: its facts, call quality, Graph links, a page of its segments
// and their media streams.
type sessionData struct {
	layout
	RecordID string
	Session  factRow
	Links    []crumb
	Quality  qualityLine
	Segments []factRow
	Streams  streamTable
	Pager    pager
}

// flashMessages are the messages a form's redirect can ask the home page to show.
func flashMessages() map[string]string {
	return map[string]string{
		"loaded": "Scenario loaded. Writes made before it are gone.",
		"reset":  "State reset to the loaded scenario: writes since it loaded are undone, fault rules added since are dropped and the journal is emptied.",
	}
}

// home lists the call records.
func (ui *Explorer) home(r *http.Request) result {
	return result{status: http.StatusOK, template: "home", data: ui.homeData(r, nil)}
}

// homeData reads the home page's state; problems are shown above the forms.
func (ui *Explorer) homeData(r *http.Request, problems []string) homeData {
	src := ui.cfg.Source
	d := homeData{
		layout:   ui.newLayout("Call records", crumb{Label: "Call records"}),
		Flash:    flashMessages()[r.URL.Query().Get("done")],
		Problems: problems,
		Back:     Base,
	}
	if r.URL.Path == "/" {
		d.Back = "/"
	}
	d.Pager = newPager(r, src.Records(0, 0).Total)
	p := src.Records(d.Pager.skip(), PageSize)
	d.Pager = newPager(r, p.Total) // the total may have changed between the two reads
	for _, rec := range p.Items {
		d.Records = append(d.Records, recordRow(ui.summarizeRecord(rec)))
	}
	if ui.cfg.Faults != nil {
		panel := ui.cfg.Faults.Faults()
		d.Faults = &panel
	}
	if ui.cfg.Journal != nil {
		d.Journal = true
		d.Requests = ui.cfg.Journal.Recent(RecentRequests)
	}
	return d
}

// record shows one call record and a page of its sessions.
func (ui *Explorer) record(r *http.Request) result {
	src := ui.cfg.Source
	rid, ok := pathID(r, "recordID")
	if !ok {
		return ui.notFoundPage("call record", nil)
	}
	rec, err := src.Record(rid)
	if err != nil {
		return ui.notFoundPage("call record", err)
	}
	d := recordData{Record: recordRow(ui.summarizeRecord(rec))}
	d.Pager = newPager(r, d.Record.Sessions)
	p, err := src.Sessions(rid, d.Pager.skip(), PageSize)
	if err != nil {
		return ui.notFoundPage("call record", err)
	}
	d.Pager = newPager(r, p.Total)
	drawn := map[string]bool{}
	for _, ses := range p.Items {
		sid, _ := ses.GetString("id")
		drawn[sid] = true
	}
	scan := ui.scanRecord(rid, drawn)
	d.Quality = newQualityLine(scan.Tally, scan.PoorSessions, "session")
	if scan.Partial {
		d.Quality.Text += " (the first " + strconv.Itoa(judgeLimit) + " segments judged)"
	}
	d.Timeline = newTimeline(d.Record, rec, scan, d.Pager, ui.recordNotifications(rid))
	d.ThresholdURL = uiThresholdsURL
	for _, ses := range p.Items {
		row := sessionRow(rid, ui.summarizeSession(rid, ses))
		q, ok := scan.PerSession[row.ID]
		if !ok { // judged in part, or written after the scan read the sessions
			q = ui.scanSession(rid, row.ID, false, &judge{left: judgeLimit / PageSize}).line()
		}
		row.Quality = q
		d.Sessions = append(d.Sessions, row)
	}
	g := d.Record.Graph
	d.Links = []crumb{
		{Label: "call record", URL: g},
		{Label: "with sessions and segments", URL: g + "?$expand=sessions($expand=segments)"},
		{Label: "sessions", URL: g + "/sessions"},
		{Label: "organizer_v2", URL: g + "/organizer_v2"},
		{Label: "participants_v2", URL: g + "/participants_v2"},
	}
	d.layout = ui.newLayout("Call record "+rid, crumb{Label: "Call records", URL: Base}, crumb{Label: rid})
	d.Style = "timeline"
	return result{status: http.StatusOK, template: "record", data: d}
}

// session shows one session and a page of its segments.
func (ui *Explorer) session(r *http.Request) result {
	src := ui.cfg.Source
	rid, ok1 := pathID(r, "recordID")
	sid, ok2 := pathID(r, "sessionID")
	if !ok1 || !ok2 {
		return ui.notFoundPage("session", nil)
	}
	ses, err := src.Session(rid, sid)
	if err != nil {
		return ui.notFoundPage("session", err)
	}
	d := sessionData{RecordID: rid, Session: sessionRow(rid, ui.summarizeSession(rid, ses))}
	d.Pager = newPager(r, d.Session.Segments)
	p, err := src.Segments(rid, sid, d.Pager.skip(), PageSize)
	if err != nil {
		return ui.notFoundPage("session", err)
	}
	d.Pager = newPager(r, p.Total)
	sc := ui.scanSession(rid, sid, false, &judge{left: judgeLimit})
	d.Quality = sc.line()
	d.Streams.Columns, d.Streams.ShowSegment = streamColumns(false), true
	conds := conditions()
	for _, obj := range p.Items {
		row := segmentRow(rid, sid, obj)
		before := d.Streams.Tally
		d.Streams.addStreams(row.UI, row.ID, obj, conds)
		after := d.Streams.Tally
		row.Quality = newQualityLine(quality.Tally{Streams: after.Streams - before.Streams, Poor: after.Poor - before.Poor,
			Unclassified: after.Unclassified - before.Unclassified}, 0, "")
		d.Segments = append(d.Segments, row)
	}
	g := d.Session.Graph
	d.Links = []crumb{
		{Label: "session", URL: g},
		{Label: "with segments", URL: g + "?$expand=segments"},
		{Label: "segments", URL: g + "/segments"},
	}
	d.layout = ui.newLayout("Session "+sid, crumb{Label: "Call records", URL: Base}, crumb{Label: rid, URL: uiRecordURL(rid)}, crumb{Label: sid})
	d.Style = "streams"
	return result{status: http.StatusOK, template: "session", data: d}
}
