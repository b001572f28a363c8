package mockserver

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// The explorer is a small server-rendered web UI over the same state the Graph routes serve: GET /
// and GET /_mock/ui list the call records, /_mock/ui/callRecords/{id} a record's sessions,
// /_mock/ui/callRecords/{id}/sessions/{sid} a session's segments, each row linked to its Graph
// URL. Forms load a scenario file and reset state. Plain HTML and CSS from html/template (which
// escapes everything), no JavaScript, every list paged.

// explorerFiles holds the explorer's templates.
//
//go:embed explorer/*.html
var explorerFiles embed.FS

// RouteExplorer names the explorer's pages and forms (GET /, /_mock/ui...) in the log. Like the
// admin routes, the explorer is not journaled and faults never apply to it.
const RouteExplorer Route = "explorer"

// explorerBase is the path prefix of the explorer's pages.
const explorerBase = "/_mock/ui"

// explorerPageSize is how many rows a list page shows: enough to scan, small enough that a page
// of a 10,000-segment session renders in 1 to 12 ms and stays near 30 KB.
const explorerPageSize = 50

// explorerRecentRequests is how many journal entries the home page shows.
const explorerRecentRequests = 20

// The hook for fault injection and the request journal: the explorer shows their panels only when
// the *Server implements these methods, and renders "not in this build" otherwise.
// explorer_panels.go implements both from the default namespace's rules and journal; a build
// without it (or a Server that changes how faults or the journal are kept) only has to provide
// these two methods.
type (
	// explorerFaultSource reports the active fault rules and the server's seed.
	explorerFaultSource interface {
		explorerFaults() explorerFaultPanel
	}
	// explorerJournalSource reports the most recent requests, newest first, at most limit.
	explorerJournalSource interface {
		explorerJournal(limit int) []explorerRequest
	}
)

// explorerFaultPanel is what the "Active faults" panel shows.
type explorerFaultPanel struct {
	Seed  string // the random seed faults draw from, as it should be quoted to reproduce a run
	Rules []explorerFault
}

// explorerFault is one active fault rule, already summarised for a table row.
type explorerFault struct {
	ID      string
	Source  string // go, scenario, admin or header
	Match   string // e.g. "listSessions GET"
	Action  string // e.g. "429 TooManyRequests, Retry-After 1s, times 1"
	Matched int
	Fired   int
}

// explorerRequest is one journal entry, as the "Recent requests" panel shows it.
type explorerRequest struct {
	Time      time.Time
	Method    string
	Path      string
	Route     Route
	Status    int
	Duration  time.Duration
	Fault     string // the id of the rule that fired, if any
	RequestID string
}

// explorer renders the explorer's pages for one Server.
type explorer struct {
	s       *Server
	tmpl    *template.Template
	tmplErr error // a template that did not parse (caught by the tests; served as a 500)
	faults  explorerFaultSource
	journal explorerJournalSource
}

// newExplorer parses the templates and looks for the fault and journal hooks.
func (s *Server) newExplorer() *explorer {
	ui := &explorer{s: s}
	ui.tmpl, ui.tmplErr = template.New("explorer").ParseFS(explorerFiles, "explorer/*.html")
	if src, ok := any(s).(explorerFaultSource); ok {
		ui.faults = src
	}
	if src, ok := any(s).(explorerJournalSource); ok {
		ui.journal = src
	}
	return ui
}

// explorerHandler is one explorer page or form: it returns the status, the template to render
// and its data, or a redirect location.
type explorerHandler func(r *http.Request) explorerResult

// explorerResult is what an explorerHandler decided.
type explorerResult struct {
	status   int
	template string
	data     any
	redirect string
	header   http.Header
}

// page adapts an explorerHandler to HTTP: it renders into a buffer (so a template error is a
// clean 500, not half a page), writes security headers, and logs one line.
func (ui *explorer) page(h explorerHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		res, denied := ui.guard(r)
		if !denied {
			res = h(r)
		}
		var body bytes.Buffer
		switch {
		case res.redirect != "":
			w.Header().Set("Location", res.redirect)
		case ui.tmplErr != nil:
			res.status = http.StatusInternalServerError
			body.WriteString("explorer templates: " + ui.tmplErr.Error())
		default:
			if err := ui.tmpl.ExecuteTemplate(&body, res.template, res.data); err != nil {
				ui.s.logger.Error("explorer template", "template", res.template, "error", err)
				res.status = http.StatusInternalServerError
				body.Reset()
				body.WriteString("explorer: rendering failed: " + err.Error())
			}
		}
		hdr := w.Header()
		for k, v := range res.header {
			hdr[k] = v
		}
		hdr.Set("Content-Type", "text/html; charset=utf-8")
		if res.status == http.StatusInternalServerError {
			hdr.Set("Content-Type", contentTypeText)
		}
		hdr.Set("Cache-Control", "no-store")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "no-referrer")
		hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hdr.Set("Content-Length", strconv.Itoa(body.Len()))
		w.WriteHeader(res.status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(body.Bytes())
		}
		ui.s.logger.LogAttrs(context.Background(), slog.LevelInfo, "request",
			slog.String("route", string(RouteExplorer)),
			slog.String("method", r.Method),
			slog.String("path", r.URL.RequestURI()),
			slog.Int("status", res.status),
			slog.Int("bytes", body.Len()),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

// form is page for the POST forms, behind Go's cross-origin protection so another web site
// cannot make a visitor's browser load or reset the mock.
func (ui *explorer) form(h explorerHandler) http.Handler {
	return http.NewCrossOriginProtection().Handler(ui.page(h))
}

// layout is what every page's header and footer read.
type layout struct {
	Title  string
	Info   ScenarioInfo
	Crumbs []crumb
}

// crumb is one step of the breadcrumb trail; the last has no link.
type crumb struct {
	Label string
	URL   string
}

// pager is the paging of one table.
type pager struct {
	Page, Pages int
	First, Last int // 1-based row numbers shown
	Total       int
	Prev, Next  string // links, "" at the ends
	FirstURL    string
	LastURL     string
}

// newPager works out the page asked for in ?page= (clamped to the pages there are) for total
// rows, with links on the request's own path.
func newPager(r *http.Request, total int) pager {
	const size = explorerPageSize
	p := pager{Page: 1, Total: total, Pages: max(1, (total+size-1)/size)}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil {
		p.Page = min(max(n, 1), p.Pages)
	}
	if total > 0 {
		p.First = (p.Page-1)*size + 1
		p.Last = min(p.Page*size, total)
	}
	link := func(n int) string { return r.URL.EscapedPath() + "?page=" + strconv.Itoa(n) }
	if p.Page > 1 {
		p.Prev, p.FirstURL = link(p.Page-1), link(1)
	}
	if p.Page < p.Pages {
		p.Next, p.LastURL = link(p.Page+1), link(p.Pages)
	}
	return p
}

// skip is the number of rows before the pager's page.
func (p pager) skip() int { return (p.Page - 1) * explorerPageSize }

// pathID returns a path variable, percent-decoded (the router matches the escaped path).
func pathID(r *http.Request, name string) (string, bool) {
	v, err := url.PathUnescape(mux.Vars(r)[name])
	return v, err == nil
}

// messagePage is a page that only says something: not found, not allowed.
func (ui *explorer) messagePage(status int, title, msg string) explorerResult {
	return explorerResult{status: status, template: "message", data: struct {
		layout
		Message string
	}{layout{Title: title, Info: ui.s.ScenarioInfo(), Crumbs: []crumb{{Label: "Call records", URL: explorerBase}, {Label: title}}}, msg}}
}

// notFoundPage renders the explorer's 404 for an item that does not exist (any more).
func (ui *explorer) notFoundPage(what string, err error) explorerResult {
	msg := what + " not found"
	var ge *GraphError
	if errors.As(err, &ge) {
		msg = ge.Message
	}
	return ui.messagePage(http.StatusNotFound, "Not found", msg)
}

// guard applies the admin API's switches to the explorer, which shows and changes the same
// state: with WithAdmin(false) it answers 403; with WithAdminToken it needs the token, as a
// bearer token or (so a browser can prompt for it) as the password of HTTP Basic
// authentication, else 401.
func (ui *explorer) guard(r *http.Request) (explorerResult, bool) {
	if !ui.s.cfg.admin {
		return ui.messagePage(http.StatusForbidden, "Switched off",
			"The explorer is switched off with the admin API on this server (-admin=false)."), true
	}
	token := ui.s.cfg.adminToken
	if token == "" {
		return explorerResult{}, false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		_, got, ok = r.BasicAuth()
	}
	if ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1 {
		return explorerResult{}, false
	}
	res := ui.messagePage(http.StatusUnauthorized, "Token needed",
		"The explorer needs the admin token: sign in with any user name and the token as the password, or send Authorization: Bearer <token>.")
	res.header = http.Header{"Www-Authenticate": {`Basic realm="graphmock explorer", charset="UTF-8"`}}
	return res, true
}
