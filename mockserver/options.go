package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/scenarios"
)

// Option configures a Server. Options are applied in order by New; the last scenario option wins.
type Option func(*config) error

// config is every knob of a Server, filled by the options.
type config struct {
	scenarioName  string // a name for messages: file path, embedded name or "Go value"
	scenarioData  []byte
	scenarioPath  string           // a file read as a stream when the server is built (WithScenarioFile)
	scenarioSet   bool             // a scenario option was given (nil data is then an empty scenario, not the default)
	embedded      string           // the embedded scenario to use, already loaded once per process; "" for data
	clock         func() time.Time // the clocks' source; nil: the wall clock (read once per request, not twice)
	pageSize      int
	baseURL       string
	logger        *slog.Logger
	maxBodyBytes  int64
	validate      bool
	seed          uint64
	journalSize   int
	maxNamespaces int
	admin         bool
	adminToken    string
	requireAuth   bool
	maxHeld       int
	maxStored     int64         // Sidecar.MaxStoredBytes
	checkHost     bool          // answer only a Host that names the server (Sidecar.AllowedHosts, Start)
	allowedHosts  []string      // beyond loopback and the base URL's host
	shuffleBatch  bool          // Sidecar.ShuffleBatch
	webhooks      notify.Config // the Sidecar.Webhook* settings
}

// defaultScenario is the embedded scenario a server loads when no scenario option is given.
const defaultScenario = "default"

func defaultConfig() config {
	d := DefaultSidecar()
	return config{logger: slog.New(slog.DiscardHandler), maxBodyBytes: d.MaxBodyBytes, validate: true, seed: randomSeed(),
		journalSize: d.JournalSize, maxNamespaces: d.MaxNamespaces, admin: true, maxHeld: d.MaxHeldRequests, maxStored: d.MaxStoredBytes}
}

// WithScenarioName loads one of the scenarios embedded in the binary (scenarios/NAME.yaml), such
// as "default" or "small".
func WithScenarioName(name string) Option {
	return func(c *config) error {
		if _, err := fs.Stat(scenarios.FS(), name+".yaml"); err != nil {
			return fmt.Errorf("%w: no embedded scenario %q (have: %s)", ErrInvalidScenario, name, strings.Join(EmbeddedScenarios(), ", "))
		}
		c.scenarioName, c.scenarioData, c.scenarioPath, c.embedded = "", nil, "", name
		c.scenarioSet = true
		return nil
	}
}

// EmbeddedScenarios lists the names WithScenarioName accepts.
func EmbeddedScenarios() []string {
	entries, _ := fs.Glob(scenarios.FS(), "*.yaml")
	for i, e := range entries {
		entries[i] = strings.TrimSuffix(e, ".yaml")
	}
	return entries
}

// WithScenarioFile loads a scenario file (YAML, or JSON) from disk; errors name this path. A JSON
// file is read as a stream, or, from 64 MiB on (on Unix), mapped read-only with what is already
// compact and valid stored in place, so a scenario of a million segments loads in seconds and in
// little more memory than its file: replace such a file (write another, rename it over) rather
// than rewrite it in place while a server holds it.
func WithScenarioFile(path string) Option {
	return func(c *config) error {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidScenario, err)
		}
		f.Close()
		c.scenarioName, c.scenarioData, c.scenarioPath = path, nil, path
		c.scenarioSet, c.embedded = true, ""
		return nil
	}
}

// WithScenarioBytes loads a scenario from YAML or JSON bytes; name is used in error messages.
func WithScenarioBytes(name string, data []byte) Option {
	return func(c *config) error {
		c.scenarioName, c.scenarioData, c.scenarioPath = name, data, ""
		c.scenarioSet, c.embedded = true, ""
		return nil
	}
}

// WithScenario loads a scenario built in Go. It goes through the same checks as a file.
func WithScenario(sc Scenario) Option {
	return func(c *config) error {
		data, err := json.Marshal(sc)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidScenario, err)
		}
		c.scenarioName, c.scenarioData, c.scenarioPath = "Scenario value", data, ""
		c.scenarioSet, c.embedded = true, ""
		return nil
	}
}

// WithClock sets what the server's clock follows instead of real time (Date headers, the journal,
// rate limits, timelines), so tests pin time instead of sleeping; token lifetimes read it unmoved.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("WithClock: nil clock")
		}
		c.clock = now
		return nil
	}
}

// WithPageSize sets the default page size of every collection. It is capped by each collection's
// documented maximum (60 call records, 60 sessions, 60 segments, 130 participants, 1,000 rows of
// a report); clients can still ask for less with Prefer: odata.maxpagesize or $top. Small values
// make paging visible on small scenarios.
func WithPageSize(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("WithPageSize: %d is not a positive page size", n)
		}
		c.pageSize = n
		return nil
	}
}

// WithLogger sets where the server logs (one line per request at Info, problems at Error). The
// default discards everything: a library stays silent unless asked.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithRequestValidation switches JSON Schema validation of request bodies on (the default) or
// off. Off is for measuring what validation costs, or for a client that deliberately sends
// shapes the schemas reject; scenarios are always validated.
func WithRequestValidation(on bool) Option {
	return func(c *config) error {
		c.validate = on
		return nil
	}
}

// WithSeed fixes the seed of the server's random source, which drives probabilistic faults and
// sampled latencies: the same seed and the same sequence of requests give the same faults, so a
// CI failure can be replayed. Without it a random seed is chosen; Seed() reports it.
func WithSeed(seed uint64) Option {
	return func(c *config) error {
		c.seed = seed
		return nil
	}
}

// randomSeed picks a seed when none is given. A fault seed needs to differ from run to run, not
// to be secret: math/rand/v2's generator (seeded by the runtime from the system's randomness)
// gives one without a system call, where crypto/rand's first use in a process costs a quarter
// of a millisecond of every start-up.
func randomSeed() uint64 { return rand.Uint64() }

// WithRequireAuth makes Graph routes check the Authorization header the way Graph does (see the
// README's "Auth simulation"): no bearer token is a 401 InvalidAuthenticationToken; a JWT must be
// an application token with CallRecords.Read.All (reads) or CallRecords.ReadWrite.All (writes)
// in its roles, else 403 Forbidden; delegated tokens (scp) are refused as Graph refuses them.
func WithRequireAuth(on bool) Option {
	return func(c *config) error {
		c.requireAuth = on
		return nil
	}
}
