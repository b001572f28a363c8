package mockserver

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/clock"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/journal"
	"github.com/graphmock/graphmock/mockserver/internal/namespaces"
	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"github.com/graphmock/graphmock/mockserver/internal/timeline"
)

// Namespace is an isolated copy of the mock's state, fault rules and request journal. A Server
// embeds its default namespace, so its methods act on that one (srv.InjectFault); others are made
// from the default namespace's loaded scenario the first time a request names them (X-Graphmock-Namespace: NAME, or a path
// under /_ns/NAME/), so parallel CI jobs sharing one sidecar never see each other's writes,
// faults or requests. It is safe for concurrent use.
type Namespace struct {
	srv     *Server
	name    string
	store   *store.Store
	faults  *faults.Engine
	journal *journal.Ring
	// clock is the namespace's server time (see Clock): namespaces isolate parallel jobs, so one
	// job moving time never fires another's timeline.
	clock *clock.Clock
	// timeline publishes the store's records on the clock and tells listeners of record events.
	timeline *timeline.Timeline
	// reports holds the loaded scenario's report rows: immutable, swapped whole by a load.
	reports atomic.Pointer[reports.Book]
	hub     *notify.Hub // change-notification subscriptions and the delivery log
	// mu guards loaded: the scenario the namespace resets to.
	mu     sync.Mutex
	loaded *loaded
}

// NamespaceHeader selects a namespace for a request; a path prefix /_ns/NAME/ does the same.
const NamespaceHeader = namespaces.Header

// namespaceKey is the request context key under which ServeHTTP passes a namespace named by a
// /_ns/NAME/ path prefix.
type namespaceKey struct{}

// Name is the namespace's name ("" for the server's default namespace).
func (n *Namespace) Name() string { return n.name }

// newNamespace makes a namespace from a loaded scenario; its store counts against the server's
// cap, so a scenario that does not fit is a *store.FullError.
func (s *Server) newNamespace(name string, from *loaded) (*Namespace, error) {
	n := &Namespace{srv: s, name: name, store: store.NewIn(s.budget), faults: faults.NewEngine(s.cfg.seed, allRoutes()),
		journal: journal.New(s.cfg.journalSize), clock: clock.New(s.cfg.clock, s.group)}
	n.timeline = timeline.New(name, n.store, n.clock)
	n.hub = s.notifier.NewHub(name, n.clock, n.timeline)
	return n, n.use(from)
}

// NamespaceNamed returns the named namespace, making it on first use from the default
// namespace's loaded scenario, as a request naming it would. "" is the default namespace
// (srv.Namespace). It fails when the name is not valid, the limit of live namespaces
// (Sidecar.MaxNamespaces) is reached, or the scenario's copy would pass Sidecar.MaxStoredBytes.
func (s *Server) NamespaceNamed(name string) (*Namespace, error) {
	if name == "" {
		return s.Namespace, nil
	}
	return s.spaces.Make(name, func() (*Namespace, error) {
		s.Namespace.mu.Lock()
		from := s.Namespace.loaded
		s.Namespace.mu.Unlock()
		return s.newNamespace(name, from)
	})
}

// DropNamespace deletes a namespace and everything in it, freeing its bytes under the cap
// (Sidecar.MaxStoredBytes); it reports whether there was one.
func (s *Server) DropNamespace(name string) bool {
	n, ok := s.spaces.Drop(name)
	if ok {
		n.store.Release()
		n.hub.Close()
		n.clock.Close()
	}
	return ok
}

// Namespaces lists the names of the live namespaces, sorted (the default one is not listed).
func (s *Server) Namespaces() []string { return s.spaces.Names() }

// Requests lists the journal's entries that pass the filter (all, without one), oldest first.
func (n *Namespace) Requests(filter ...RequestFilter) []JournalEntry {
	var f RequestFilter
	if len(filter) > 0 {
		f = filter[0]
	}
	return n.journal.List(f)
}

// ClearRequests empties the journal.
func (n *Namespace) ClearRequests() { n.journal.Clear() }

// Reset puts the namespace back to its loaded scenario: every write since is dropped, the fault
// rules are the scenario's again (rules added at run time are dropped, counters start over), and
// the journal, the subscriptions and the delivery log are emptied.
func (n *Namespace) Reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.resetLocked()
}

// resetLocked is Reset; callers hold n.mu. The journal is emptied first, so requests answered
// from the reset state are the ones it shows; the rules are swapped in one step. It succeeds even
// past the server's cap on stored bytes: the scenario fitted when loaded, and a reset is how a
// full server is emptied.
func (n *Namespace) resetLocked() {
	n.journal.Clear()
	n.hub.Reset()
	n.store.Restore(n.loaded.store.Clone())
	n.faults.Reset(n.loaded.faults, "scenario")
	n.startTimeline()
}

// startTimeline restarts the clock as a new server's reads (running, where the loaded scenario
// starts it unless WithClock gives the time), then publishes what is available and schedules the
// rest; callers hold n.mu.
func (n *Namespace) startTimeline() {
	start := n.loaded.clock
	if n.srv.cfg.clock != nil {
		start = time.Time{}
	}
	n.clock.Restart(start)
	n.timeline.Start()
}

// LoadScenario replaces the namespace's state with a scenario (YAML or JSON); name appears in
// error messages. It is all-or-nothing: on error (a *ScenarioError, or an error naming the cap
// on stored bytes when the scenario would pass it) nothing changes. The scenario becomes what the
// namespace's Reset returns to.
func (n *Namespace) LoadScenario(name string, data []byte) error {
	l, err := checkedScenario(name, data)
	if err != nil {
		return err
	}
	return n.use(l)
}

// use makes an already loaded scenario the namespace's state and what Reset returns to, unless
// its copy would pass the server's cap (then nothing changes). Unlike a reset, the journal is
// emptied after the store is swapped: only a load that fits may change it.
func (n *Namespace) use(l *loaded) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.store.Replace(l.store.Clone()); err != nil {
		return err
	}
	n.loaded = l
	n.reports.Store(l.reports)
	n.journal.Clear()
	n.faults.Reset(l.faults, "scenario")
	n.startTimeline()
	return nil
}

// ScenarioInfo describes the namespace's loaded scenario: its name, source and counts.
func (n *Namespace) ScenarioInfo() ScenarioInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.loaded.info
}
