// Package admin is graphmock's admin API under /_mock/: reset, scenarios, faults, the journal,
// namespaces, health and metrics. Each route is a thin shim over a method a Go test can call
// too, so tests and sidecar users get one behaviour. The package knows nothing of how requests
// reach it: mockserver guards them, picks the namespace, and turns the errors returned here
// into Graph's envelope.
package admin

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/mux"

	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/clock"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/journal"
	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/mockserver/internal/runstats"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// Namespace is what the admin API reads and changes in the namespace a request selects.
type Namespace interface {
	Reset()
	ExportScenario() ([]byte, error)
	// LoadScenario loads all or nothing; a bad scenario is a *scenario.Error.
	LoadScenario(name string, data []byte) error
	ScenarioInfo() scenario.Info
	Requests(filter ...journal.Filter) []journal.Entry
	ClearRequests()
	RetryReports() []journal.RetryReport
	Faults() []faults.Status
	// AddFaults stores every rule or none, tagged with where they came from.
	AddFaults(rules []faults.Fault, source string) ([]faults.Fault, error)
	ClearFaults()
	RemoveFault(id string) bool
	// Clock is the namespace's server time, read and moved by GET and POST /_mock/clock.
	Clock() *clock.Clock
	// PutCallRecord adds or replaces one call record given as JSON (a bad one is a
	// *scenario.Error): whether it replaced one, and when the new one becomes available (zero: now).
	PutCallRecord(data []byte) (replaced bool, availableAt time.Time, err error)
	// Notifications lists the delivery log's entries that pass the filter; ClearNotifications
	// empties the log.
	Notifications(filter ...notify.Filter) []notify.Attempt
	ClearNotifications()
}

// Server is the server-wide state the admin API reports and changes.
type Server interface {
	Namespaces() []string
	DropNamespace(name string) bool
	Seed() uint64
	// Usage is the stored bytes against the cap, for readiness.
	Usage() store.Usage
	// GraphRequests counts the Graph requests answered, for metrics.
	GraphRequests() uint64
	// Routes names every Graph route, for fault rules that target one.
	Routes() []faults.Route
	// MaxBodyBytes bounds a request body such as a list of fault rules.
	MaxBodyBytes() int64
}

// Reply is an admin route's answer: mockserver writes it with Graph's headers.
type Reply struct {
	Status      int
	Body        []byte
	ContentType string // empty: Graph's JSON
}

// Handler answers one admin request in its namespace; vars are the path's variables.
type Handler func(r *http.Request, ns Namespace) (Reply, error)

// Route is one admin route: Open routes answer even with the admin API switched off or behind a
// token, because containers probe them for health.
type Route struct {
	Name, Method, Path string
	Open               bool
	Handle             Handler
}

// Routes lists the admin API, paths relative to /_mock. A route's Name is how the log names it.
func Routes(s Server) []Route {
	a := api{s}
	return []Route{
		{"healthz", http.MethodGet, "/healthz", true, a.healthz},
		{"readyz", http.MethodGet, "/readyz", true, a.readyz},
		{"reset", http.MethodPost, "/reset", false, a.reset},
		{"getScenario", http.MethodGet, "/scenario", false, a.getScenario},
		{"putScenario", http.MethodPut, "/scenario", false, a.putScenario},
		{"listFaults", http.MethodGet, "/faults", false, a.listFaults},
		{"addFaults", http.MethodPost, "/faults", false, a.addFaults},
		{"clearFaults", http.MethodDelete, "/faults", false, a.clearFaults},
		{"removeFault", http.MethodDelete, "/faults/{faultID}", false, a.removeFault},
		{"listRequests", http.MethodGet, "/requests", false, a.listRequests},
		{"clearRequests", http.MethodDelete, "/requests", false, a.clearRequests},
		{"retries", http.MethodGet, "/retries", false, a.retries},
		{"listNamespaces", http.MethodGet, "/namespaces", false, a.listNamespaces},
		{"dropNamespace", http.MethodDelete, "/namespaces/{name}", false, a.dropNamespace},
		{"metrics", http.MethodGet, "/metrics", false, a.metrics},
		{"getClock", http.MethodGet, "/clock", false, a.getClock},
		{"steerClock", http.MethodPost, "/clock", false, a.steerClock},
		{"putCallRecord", http.MethodPost, "/callRecords", false, a.putCallRecord},
		{"listNotifications", http.MethodGet, "/notifications", false, a.listNotifications},
		{"clearNotifications", http.MethodDelete, "/notifications", false, a.clearNotifications},
		{"webhook", http.MethodPost, "/webhook", true, a.webhook},
	}
}

// api binds the handlers to the server they report on.
type api struct{ s Server }

// NotFoundError is an admin route's 404: a namespace or fault rule that does not exist.
type NotFoundError struct{ Message string }

func (e *NotFoundError) Error() string { return e.Message }

// noContent is the 204 of a route that changes state and has nothing to say.
var noContent = Reply{Status: http.StatusNoContent}

// pathVar reads a path variable and percent-decodes it (the router matches encoded paths).
func pathVar(r *http.Request, name string) (string, error) {
	raw := mux.Vars(r)[name]
	v, err := url.PathUnescape(raw)
	if err != nil {
		return "", &body.MalformedError{Message: "The id '" + raw + "' in the URL is not correctly percent-encoded."}
	}
	return v, nil
}

// healthz is liveness: the process serves requests.
func (a api) healthz(*http.Request, Namespace) (Reply, error) {
	return Reply{Status: http.StatusOK, Body: []byte(`{"status":"ok"}`)}, nil
}

// metrics serves GET /_mock/metrics: the Graph requests this server has answered (every
// namespace) and the process's allocation, GC and CPU counters, so a load test can report
// allocations per request and the collector's share of the CPU (bench/load.sh). The counters
// are the process's: servers sharing one process share them.
func (a api) metrics(*http.Request, Namespace) (Reply, error) {
	return jsonReply(http.StatusOK, runstats.NewReport(a.s.GraphRequests()))
}
