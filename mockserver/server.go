package mockserver

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/gorilla/mux"

	"github.com/graphmock/graphmock/mockserver/internal/admit"
	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/clock"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/namespaces"
	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/mockserver/internal/stamp"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// Server is the graphmock engine: an http.Handler that serves the Graph callRecords API from an
// in-memory store seeded by a scenario, plus the admin API under /_mock/. The same Server runs
// in-process under httptest (Start), in the graphmock binary and in the Docker image. It is safe
// for concurrent use.
type Server struct {
	// Namespace is the server's default namespace: what a request without a namespace selector
	// reaches, and what its methods act on (srv.InjectFault, srv.Requests, srv.Reset,
	// srv.LoadScenario). The scenario it loads is also what new namespaces start from.
	*Namespace

	cfg    config
	logger *slog.Logger
	// admin is the router of the admin API and the explorer, built on first use: most servers in
	// a test suite never serve either, and building it is most of what New would cost.
	admin     *mux.Router
	adminOnce sync.Once
	bufs      sync.Pool // *[]byte response buffers
	reqs      sync.Pool // *request, cleared
	readers   sync.Pool // *body.Reader, for write bodies
	consts    headerValues
	ids       *stamp.IDs // request ids and generated segment ids
	dates     stamp.Dates
	lengths   stamp.Lengths
	roots     stamp.Roots // service roots, by origin, namespace prefix and version
	// graphRequests counts the Graph requests served, for GET /_mock/metrics.
	graphRequests atomic.Uint64
	// closing is closed by Close, ending delayed, dribbled and hung responses.
	closing   chan struct{}
	closeOnce sync.Once
	// wire carries fired fault rules out; it bounds the requests held at once
	// (WithMaxHeldRequests) and ends them when closing is closed.
	wire *faults.Wire
	// spaces holds the named namespaces; new ones start from the default namespace's loaded
	// scenario. Lock order: spaces before a Namespace's mu.
	spaces *namespaces.Registry[*Namespace]
	// budget caps the JSON all namespaces' stores hold together (Sidecar.MaxStoredBytes).
	budget *store.Budget
	// policy decides whether a request is for this server (Host) and from it (Origin).
	policy   *admit.Policy
	notifier *notify.Notifier // webhook handshakes and change notifications, for every namespace
	// group owns the server's background goroutines (its namespaces' clock timers); Close ends them.
	group *clock.Group
}

// New builds a Server. Without a scenario option it loads the embedded default scenario. A
// scenario that does not load makes New return a *ScenarioError naming the file, line and JSON
// pointer of every problem.
func New(opts ...Option) (*Server, error) {
	if errGraphRoutes != nil {
		return nil, errGraphRoutes
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	if !cfg.scenarioSet {
		if err := WithScenarioName(defaultScenario)(&cfg); err != nil {
			return nil, err
		}
	}
	s := &Server{cfg: cfg, logger: cfg.logger, consts: newHeaderValues(), ids: stamp.NewIDs(),
		closing: make(chan struct{}), group: clock.NewGroup(), spaces: namespaces.New[*Namespace](cfg.maxNamespaces), budget: store.NewBudget(cfg.maxStored)}
	s.wire = faults.NewWire(cfg.maxHeld, s.closing)
	s.notifier = notify.New(cfg.webhooks, s.ids.Next, s.group.Go)
	var err error
	if s.policy, err = admit.New(cfg.baseURL, cfg.checkHost, cfg.allowedHosts); err != nil {
		return nil, fmt.Errorf("WithSidecar: %w", err)
	}
	s.bufs.New = func() any { b := make([]byte, 0, 8<<10); return &b }
	s.reqs.New = func() any { return new(request) }
	load := func() (*loaded, error) { return checkedScenario(cfg.scenarioName, cfg.scenarioData) }
	s.readers.New = func() any { return new(body.Reader) }
	if cfg.embedded != "" {
		load = func() (*loaded, error) { return embeddedScenario(cfg.embedded) }
	} else if cfg.scenarioPath != "" {
		load = func() (*loaded, error) { return checkedScenarioFile(cfg.scenarioPath) }
	}
	l, err := load()
	if err != nil {
		return nil, err
	}
	if s.Namespace, err = s.newNamespace("", l); err != nil {
		return nil, err // the scenario alone is over the cap: a *store.FullError
	}
	return s, nil
}

// withNamespace is r for the path rest (escaped as escapedRest) in the namespace named by a
// /_ns/NAME/ prefix, which the request's context carries.
func withNamespace(r *http.Request, name, escapedRest, rest string) *http.Request {
	u := *r.URL
	u.Path, u.RawPath = rest, escapedRest
	r = r.WithContext(context.WithValue(r.Context(), namespaceKey{}, name))
	r.URL = &u
	return r
}

// Close ends every delayed, dribbled or hung response at once, so a server can shut down without
// waiting on faults, and stops the server's background goroutines (the clocks' timers and the
// deliveries of change notifications: nothing scheduled on server time runs after it), waiting
// for them. The handler keeps answering other requests; call it right before shutting the HTTP
// server down.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.notifier.Close()
	s.group.Close()
}
