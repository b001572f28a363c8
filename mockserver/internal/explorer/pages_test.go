package explorer

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

// get serves a GET of target through h, with the path variables a route would have set.
func get(h http.Handler, target string, vars map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if vars != nil {
		r = mux.SetURLVars(r, vars)
	}
	return serve(h, r)
}

// TestExplorerCountsFromPlainReads checks that the counts of a row come from the Source's totals:
// sessions, participants, and segments summed over every session, also past the first chunk of
// sessions a record is read in.
func TestExplorerCountsFromPlainReads(t *testing.T) {
	t.Parallel()
	src := newFakeSource(t, 3, summaryChunk+7)
	ui := New(Config{Source: src})
	wide := summaryChunk + 7
	for name, tc := range map[string]struct {
		id                               string
		sessions, segments, participants int
	}{
		"small": {"r0", 3, 1 + 2 + 3, 1},
		"wide":  {"r1", wide, wide * (wide + 1) / 2, 2},
	} {
		rec, _ := src.Record(tc.id)
		row := recordRow(ui.summarizeRecord(rec))
		if row.Sessions != tc.sessions || row.Segments != tc.segments || row.People != tc.participants {
			t.Errorf("%s: sessions %d, segments %d, participants %d; want %d, %d, %d", name,
				row.Sessions, row.Segments, row.People, tc.sessions, tc.segments, tc.participants)
		}
	}

	page := get(ui.Record(), "/_mock/ui/callRecords/r0", map[string]string{"recordID": "r0"})
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "<dt>Collections</dt><dd>3 sessions, 6 segments, 1 participants</dd>") {
		t.Errorf("record page = %d\n%s", page.Code, page.Body)
	}
	page = get(ui.Session(), "/_mock/ui/callRecords/r0/sessions/s2", map[string]string{"recordID": "r0", "sessionID": "s2"})
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "<dt>Segments</dt><dd>3</dd>") {
		t.Errorf("session page = %d\n%s", page.Code, page.Body)
	}
}

// TestExplorerNotFoundShowsTheSourceMessage checks that a read's error is a 404 whose page says
// what the Source said, escaped.
func TestExplorerNotFoundShowsTheSourceMessage(t *testing.T) {
	t.Parallel()
	ui := New(Config{Source: newFakeSource(t, 1)})
	for _, tc := range []struct {
		h    http.Handler
		vars map[string]string
	}{
		{ui.Record(), map[string]string{"recordID": "nope"}},
		{ui.Session(), map[string]string{"recordID": "r0", "sessionID": "nope"}},
	} {
		rec := get(tc.h, "/_mock/ui/x", tc.vars)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "<p>Could not find it.</p>") {
			t.Errorf("%v = %d\n%s", tc.vars, rec.Code, rec.Body)
		}
	}
}

// TestExplorerFollowsTheAccessVerdict checks every verdict the admin guard can give: a page or a
// form runs only when allowed; switched off is a 403 page, a missing token a 401 page that asks
// the browser for a Basic password; both carry the pages' security headers.
func TestExplorerFollowsTheAccessVerdict(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		access     Access
		status     int
		message    string
		authHeader string
	}{
		{Allowed, http.StatusSeeOther, "", ""},
		{SwitchedOff, http.StatusForbidden, "switched off with the admin API", ""},
		{TokenNeeded, http.StatusUnauthorized, "needs the admin token", `Basic realm="graphmock explorer", charset="UTF-8"`},
	} {
		src := newFakeSource(t, 1)
		var asked int
		ui := New(Config{Source: src, Access: func(*http.Request) Access { asked++; return tc.access }})
		r := httptest.NewRequest(http.MethodPost, "/_mock/ui/reset", strings.NewReader("back=/"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := serve(ui.Reset(), r)
		if rec.Code != tc.status || asked != 1 {
			t.Errorf("%d: reset = %d (guard asked %d times), want %d", tc.access, rec.Code, asked, tc.status)
		}
		if wantResets := map[bool]int{true: 1, false: 0}[tc.access == Allowed]; src.resets != wantResets {
			t.Errorf("%d: %d resets, want %d", tc.access, src.resets, wantResets)
		}
		if !strings.Contains(rec.Body.String(), tc.message) || rec.Header().Get("WWW-Authenticate") != tc.authHeader {
			t.Errorf("%d: WWW-Authenticate %q, body\n%s", tc.access, rec.Header().Get("WWW-Authenticate"), rec.Body)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); csp != contentSecurityPolicy {
			t.Errorf("%d: Content-Security-Policy %q", tc.access, csp)
		}
	}
}

// TestExplorerListsLoadProblems checks the upload form: a Problems error is listed line by line
// (escaped) as a 400, any other error as one line, a load that works redirects back.
func TestExplorerListsLoadProblems(t *testing.T) {
	t.Parallel()
	upload := func(ui *Explorer) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("back", "/")
		fw, _ := mw.CreateFormFile("scenario", `C:\dir\s.yaml`)
		_, _ = fw.Write([]byte("name: s\n"))
		_ = mw.Close()
		r := httptest.NewRequest(http.MethodPost, "/_mock/ui/scenario", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return serve(ui.LoadScenario(), r)
	}
	src := newFakeSource(t, 1)
	ui := New(Config{Source: src, MaxScenarioBytes: 1 << 10})
	if rec := upload(ui); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/?done=loaded" || src.loaded[0] != "s.yaml" {
		t.Errorf("good upload = %d to %q, loaded %q", rec.Code, rec.Header().Get("Location"), src.loaded)
	}
	src.loadErr = Problems{"s.yaml:1: /name: <bad>", "s.yaml:2: /x: worse"}
	rec := upload(ui)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "<li>s.yaml:1: /name: &lt;bad&gt;</li><li>s.yaml:2: /x: worse</li>") {
		t.Errorf("upload with problems = %d\n%s", rec.Code, rec.Body)
	}
	src.loadErr = errors.New("disk on fire")
	if rec := upload(ui); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "<li>disk on fire</li>") {
		t.Errorf("upload with an error = %d\n%s", rec.Code, rec.Body)
	}
	if rec := upload(New(Config{Source: src, MaxScenarioBytes: 4})); !strings.Contains(rec.Body.String(), "s.yaml is larger than") {
		t.Errorf("upload over the limit = %d\n%s", rec.Code, rec.Body)
	}
}
