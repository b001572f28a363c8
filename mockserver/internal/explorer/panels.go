package explorer

import "time"

// The home page's two panels, "Active faults" and "Recent requests", read fault injection and the
// request journal through these optional hooks: a build without one leaves it nil in Config and
// the panel says "not in this build".
type (
	// FaultSource reports the active fault rules and the seed they draw from.
	FaultSource interface {
		Faults() FaultPanel
	}
	// JournalSource reports the most recent requests, newest first, at most limit of them.
	JournalSource interface {
		Recent(limit int) []Request
	}
)

// RecentRequests is how many journal entries the home page asks JournalSource for.
const RecentRequests = 20

// FaultPanel is what the "Active faults" panel shows.
type FaultPanel struct {
	Seed  string // the random seed faults draw from, as it should be quoted to reproduce a run
	Rules []Fault
}

// Fault is one active fault rule, already described in words for a table row: the explorer
// shows rules, it does not interpret them.
type Fault struct {
	ID      string
	Source  string // go, scenario, admin or header
	Match   string // which requests it looks at, e.g. "listSessions GET"
	Action  string // what it does and when, e.g. "429 TooManyRequests, Retry-After 1s; times 1"
	Matched int
	Fired   int
}

// Request is one journal entry as the "Recent requests" panel shows it.
type Request struct {
	Time      time.Time
	Method    string
	Path      string
	Route     string
	Status    int
	Duration  time.Duration
	Fault     string // the id of the rule that fired, if any
	RequestID string
	Console   bool // sent from the request console
}
