// Package explorer is graphmock's small server-rendered web UI over the same state the Graph
// routes serve: the call records, one record's sessions, one session's segments, each row linked
// to its Graph URL, plus forms that load a scenario file and reset state, and panels of the
// active faults and the recent requests. Plain HTML and CSS from html/template (which escapes
// everything), no JavaScript, every list paged.
//
// It reads the engine only through Source (and the optional FaultSource and JournalSource), and
// leaves the admin switches to the caller, which passes its verdict in as Config.Access: the
// explorer shows and changes what the admin API does, so the same guard decides for both.
// mockserver registers the handlers on its router.
package explorer

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/graphmock/graphmock/mockserver/internal/console"
)

// Base is the path prefix of the explorer's pages (the home page is also served at "/").
const Base = "/_mock/ui"

// RouteName names the explorer's pages and forms in the log. Like the admin routes, the explorer
// is not journaled and faults never apply to it.
const RouteName = "explorer"

// PageSize is how many rows a list page shows: enough to scan, small enough that a page of a
// 10,000-segment session renders in 1 to 12 ms and stays near 30 KB.
const PageSize = 50

// Access is the admin switches' verdict on one request, decided by the caller's admin guard.
type Access int

const (
	// Allowed lets the request through.
	Allowed Access = iota
	// SwitchedOff means the admin API, and so the explorer, is off: 403.
	SwitchedOff
	// TokenNeeded means the admin token is required and was not given: 401, asking the browser
	// for it as an HTTP Basic password.
	TokenNeeded
)

// Config is what an Explorer reads and how it is guarded.
type Config struct {
	// Source is the state the pages show and the forms change. Required.
	Source Source
	// Faults and Journal fill the home page's panels, Notifications the change notifications
	// page; nil says "not in this build".
	Faults        FaultSource
	Journal       JournalSource
	Notifications NotificationSource
	// Reports are the report functions' rows, for the report pages; nil has none.
	Reports ReportSource
	// Access is the admin guard's verdict on a request, asked before every page and form; nil
	// allows every request (for tests).
	Access func(*http.Request) Access
	// Logger gets one line per request and template failures; nil discards them.
	Logger *slog.Logger
	// MaxScenarioBytes bounds an uploaded scenario file, as the admin API bounds its body (0
	// refuses every file).
	MaxScenarioBytes int
	// GraphNeedsToken says the Graph routes check bearer tokens (WithRequireAuth). A browser
	// following the pages' Graph links sends none (the explorer has no JavaScript to add one, and
	// accepting a token anywhere Graph does not would let a client pass here and fail against
	// Graph), so those links answer 401 as Graph would; every page then says so and how to fetch
	// them with a token instead.
	GraphNeedsToken bool
	// Console is the handler the request console runs its requests through: the server's own,
	// marking them as the console's in the journal. Nil leaves the console out of this build.
	Console http.Handler
}

// Explorer serves the explorer's pages and forms for one server.
type Explorer struct {
	cfg     Config
	tmpl    *template.Template
	tmplErr error // templates that did not parse (caught by the tests; served as a 500)
	// signer signs the console's run links with this explorer's own key.
	signer console.Signer
	// runs numbers the console's requests, each a client (connection) of its own.
	runs atomic.Uint64
}

// New builds an Explorer. The templates are parsed once per process and shared.
func New(cfg Config) *Explorer {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	ui := &Explorer{cfg: cfg, signer: console.NewSigner()}
	ui.tmpl, ui.tmplErr = templates()
	return ui
}

// templateFiles holds the explorer's templates.
//
//go:embed templates/*.html
var templateFiles embed.FS

// templates parses the embedded templates on first use; html/template executes concurrently.
var templates = sync.OnceValues(func() (*template.Template, error) {
	return template.New("explorer").Funcs(template.FuncMap{
		"add":   func(a, b float64) float64 { return a + b },
		"float": func(n int) float64 { return float64(n) },
		"after": func(x, w float64) float64 { return x + w + 2 }, // just after a bar, for its mark
	}).ParseFS(templateFiles, "templates/*.html")
})

// Home is the list of call records with the panels and forms (GET / and GET /_mock/ui).
func (ui *Explorer) Home() http.Handler { return ui.page(ui.home) }

// Record is one call record and a page of its sessions; its route names {recordID}.
func (ui *Explorer) Record() http.Handler { return ui.page(ui.record) }

// Session is one session and a page of its segments; its route names {recordID} and {sessionID}.
func (ui *Explorer) Session() http.Handler { return ui.page(ui.session) }

// LoadScenario is the POST form that replaces the state with an uploaded scenario file.
func (ui *Explorer) LoadScenario() http.Handler { return ui.form(ui.loadScenario) }

// Reset is the POST form that returns the state to the loaded scenario.
func (ui *Explorer) Reset() http.Handler { return ui.form(ui.reset) }
