package mockserver

import (
	"net/http"
)

// The explorer's three read pages: call records (home), one record's sessions, one session's
// segments. Each reads one page of rows from the store and renders it.

// homeData is the home page: the call records, the fault and journal panels, and the forms.
type homeData struct {
	layout
	Flash    string   // what the last form did, after its redirect
	Problems []string // why an uploaded scenario did not load (file:line: /pointer: reason)
	Records  []factRow
	Pager    pager
	// Faults is nil, and Journal false, when this build has no fault injection or journal.
	Faults   *explorerFaultPanel
	Journal  bool
	Requests []explorerRequest
	Back     string // the page the forms return to: "/" or "/_mock/ui"
}

// recordData is a call record's page: its facts, Graph links and a page of its sessions.
type recordData struct {
	layout
	Record   factRow
	Links    []crumb
	Sessions []factRow
	Pager    pager
}

// sessionData is a session's page: its facts, Graph links and a page of its segments.
type sessionData struct {
	layout
	RecordID string
	Session  factRow
	Links    []crumb
	Segments []factRow
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
func (ui *explorer) home(r *http.Request) explorerResult {
	return explorerResult{status: http.StatusOK, template: "home", data: ui.homeData(r, nil)}
}

// homeData reads the home page's state; problems are shown above the forms.
func (ui *explorer) homeData(r *http.Request, problems []string) homeData {
	d := homeData{
		layout:   layout{Title: "Call records", Info: ui.s.ScenarioInfo(), Crumbs: []crumb{{Label: "Call records"}}},
		Flash:    flashMessages()[r.URL.Query().Get("done")],
		Problems: problems,
		Back:     explorerBase,
	}
	if r.URL.Path == "/" {
		d.Back = "/"
	}
	first := ui.s.store.recordSummaries(0, 0)
	d.Pager = newPager(r, first.total)
	p := ui.s.store.recordSummaries(d.Pager.skip(), explorerPageSize)
	d.Pager = newPager(r, p.total) // the total may have changed between the two reads
	for _, sum := range p.items {
		d.Records = append(d.Records, recordRow(sum))
	}
	if ui.faults != nil {
		panel := ui.faults.explorerFaults()
		d.Faults = &panel
	}
	if ui.journal != nil {
		d.Journal = true
		d.Requests = ui.journal.explorerJournal(explorerRecentRequests)
	}
	return d
}

// record shows one call record and a page of its sessions.
func (ui *explorer) record(r *http.Request) explorerResult {
	rid, ok := pathID(r, "recordID")
	if !ok {
		return ui.notFoundPage("call record", nil)
	}
	sum, err := ui.s.store.recordSummary(rid)
	if err != nil {
		return ui.notFoundPage("call record", err)
	}
	d := recordData{Record: recordRow(sum), Pager: newPager(r, sum.sessions)}
	p, err := ui.s.store.sessionSummaries(rid, d.Pager.skip(), explorerPageSize)
	if err != nil {
		return ui.notFoundPage("call record", err)
	}
	d.Pager = newPager(r, p.total)
	for _, ses := range p.items {
		d.Sessions = append(d.Sessions, sessionRow(rid, ses))
	}
	g := d.Record.Graph
	d.Links = []crumb{
		{Label: "call record", URL: g},
		{Label: "with sessions and segments", URL: g + "?$expand=sessions($expand=segments)"},
		{Label: "sessions", URL: g + "/sessions"},
		{Label: "organizer_v2", URL: g + "/organizer_v2"},
		{Label: "participants_v2", URL: g + "/participants_v2"},
	}
	d.layout = layout{Title: "Call record " + rid, Info: ui.s.ScenarioInfo(), Crumbs: []crumb{
		{Label: "Call records", URL: explorerBase}, {Label: rid},
	}}
	return explorerResult{status: http.StatusOK, template: "record", data: d}
}

// session shows one session and a page of its segments.
func (ui *explorer) session(r *http.Request) explorerResult {
	rid, ok1 := pathID(r, "recordID")
	sid, ok2 := pathID(r, "sessionID")
	if !ok1 || !ok2 {
		return ui.notFoundPage("session", nil)
	}
	sum, err := ui.s.store.sessionSummary(rid, sid)
	if err != nil {
		return ui.notFoundPage("session", err)
	}
	d := sessionData{RecordID: rid, Session: sessionRow(rid, sum), Pager: newPager(r, sum.segments)}
	p, err := ui.s.store.segments(rid, sid, position{skip: d.Pager.skip(), size: explorerPageSize})
	if err != nil {
		return ui.notFoundPage("session", err)
	}
	d.Pager = newPager(r, p.total)
	for _, obj := range p.items {
		d.Segments = append(d.Segments, segmentRow(rid, sid, obj))
	}
	g := d.Session.Graph
	d.Links = []crumb{
		{Label: "session", URL: g},
		{Label: "with segments", URL: g + "?$expand=segments"},
		{Label: "segments", URL: g + "/segments"},
	}
	d.layout = layout{Title: "Session " + sid, Info: ui.s.ScenarioInfo(), Crumbs: []crumb{
		{Label: "Call records", URL: explorerBase}, {Label: rid, URL: uiRecordURL(rid)}, {Label: sid},
	}}
	return explorerResult{status: http.StatusOK, template: "session", data: d}
}
