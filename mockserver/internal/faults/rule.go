// Package faults is graphmock's fault injection: the rules (what to match, when to fire, what the
// client sees), their JSON form and the X-Graphmock-Fault header grammar, the engine that decides
// for each request whether a rule fires, and the wire actions that carry a fired rule out (delays,
// slow bodies, broken connections). It knows nothing of the server around it: the adapter feeds
// the engine a Request, acts on its Verdict through an Exchange, and maps its errors to HTTP.
package faults

import "time"

// Route names an endpoint of the mock. It is defined here so rules can name routes without this
// package knowing the route table; the server passes the names it serves to NewEngine and
// DecodeRules, which refuse any other.
type Route string

// Fault is one fault-injection rule: a match (which requests), a trigger (which of the matching
// requests it fires on) and an action (what the client sees). The same rule can be given in Go,
// in a scenario's faults: section, through POST /_mock/faults, or per request in the
// X-Graphmock-Fault header; one engine runs them all. Rules are tried in the order they were
// added; the first that fires handles the request, and later rules do not count it.
type Fault struct {
	// ID names the rule in Faults(), the journal and logs; one is assigned when empty.
	ID string `json:"id,omitempty"`

	// Route, Routes, Method, Path, Header and Query select requests; every condition given must
	// hold. Path is a path.Match pattern over the URL path after the API version, such as
	// "/communications/callRecords/*/sessions", so one rule covers /v1.0 and /beta. Header and
	// Query map a name to the value it must have ("*" = present with any value).
	Route  Route             `json:"route,omitempty"`
	Routes []Route           `json:"routes,omitempty"`
	Method string            `json:"method,omitempty"`
	Path   string            `json:"path,omitempty"`
	Header map[string]string `json:"header,omitempty"`
	Query  map[string]string `json:"query,omitempty"`

	// Times fires on the first Times matching requests (0 = no limit); After skips the first
	// After; Every fires on every Every-th; Probability fires with that probability (0 = always),
	// drawn from the server's seeded source. Key makes the counting per key: "client-request-id"
	// (per connection for requests that carry none), "header:NAME", "literal:VALUE" (one shared
	// count), or "" for one count across all requests; a retrying client resends its
	// client-request-id, so Times: 1 with that key fails a request once and lets its retry pass.
	Times       int     `json:"times,omitempty"`
	After       int     `json:"after,omitempty"`
	Every       int     `json:"every,omitempty"`
	Probability float64 `json:"probability,omitempty"`
	Key         string  `json:"key,omitempty"`

	// Status answers with a Graph error: Code and Message default to what Graph sends for the
	// status (429 TooManyRequests, 503 serviceNotAvailable, 500 generalException, 504
	// gatewayTimeout, 401 InvalidAuthenticationToken, 403 Forbidden, ...; any other status gets
	// its HTTP name as one word, such as 418 ImATeapot). An empty Message is the default; one
	// given as empty ("message": "" in JSON, message= in the header) sends "". RetryAfter
	// becomes the Retry-After header in whole seconds, rounded up (1.5s is sent as 2); 429 and
	// 503 get 1 second when it is 0, unless it was given as 0 ("retryAfter": "0" in JSON,
	// retry-after=0 in the header), which sends 0. Headers are extra
	// response headers: HTTP token names, and none of the headers graphmock writes itself
	// (Content-Type, request-id, Retry-After, ...).
	Status     int               `json:"status,omitempty"`
	Code       string            `json:"code,omitempty"`
	Message    string            `json:"message,omitempty"`
	RetryAfter time.Duration     `json:"retryAfter,omitempty"`
	Headers    map[string]string `json:"headers,omitempty"`

	// Delay holds the response back; it combines with any other action.
	Delay *Latency `json:"delay,omitempty"`

	// Dribble sends the body in Dribble.Chunks pieces spread over Dribble.Over.
	Dribble *Dribble `json:"dribble,omitempty"`

	// Connection breaks the connection instead of answering normally (see Connection).
	// HangMax bounds ConnectionHang (default 30s): a hung request ends when the client gives up,
	// the server closes, or HangMax passes, whichever is first.
	Connection Connection    `json:"connection,omitempty"`
	HangMax    time.Duration `json:"hangMax,omitempty"`

	// RateLimit turns the rule into a token bucket: it fires (with a 429 whose Retry-After says
	// when a token is back) only when the bucket for the request is empty. Driven by the
	// server's clock, so tests with WithClock never sleep.
	RateLimit *RateLimit `json:"rateLimit,omitempty"`

	// ApplyThenFail runs the request (a write is applied) and then fails the response: Graph's
	// ambiguous timeout. Without it a faulted request never changes state.
	ApplyThenFail bool `json:"applyThenFail,omitempty"`

	// emptyMessage records a Message given as "": Graph's own 429s and 503s sometimes carry an
	// empty message, which the zero value (the default message) cannot express.
	emptyMessage bool
	// zeroRetryAfter records a RetryAfter given as 0, which sends Retry-After: 0 where the zero
	// value means the default.
	zeroRetryAfter bool
}

// Latency is a delay before the response: Fixed, or uniform between Min and Max, or lognormal
// with Median and Sigma (the standard deviation of the underlying normal). Samples come from the
// server's seeded source, so a seed replays the same delays.
type Latency struct {
	Fixed  time.Duration `json:"fixed,omitempty"`
	Min    time.Duration `json:"min,omitempty"`
	Max    time.Duration `json:"max,omitempty"`
	Median time.Duration `json:"median,omitempty"`
	Sigma  float64       `json:"sigma,omitempty"`
}

// Dribble sends a response body slowly, in Chunks pieces spread evenly over Over: a slow network
// or a struggling server, for clients whose read timeouts need testing.
type Dribble struct {
	Chunks int           `json:"chunks"`
	Over   time.Duration `json:"over"`
}

// RateLimit is a token bucket of Limit requests per Window, one bucket per Per: "server" (one
// for every matching request), "route", "callRecord" (per call record id in the URL, Graph's
// per-call-record limit) or "client-request-id". It models throttling that depends on the
// request rate rather than on counts.
type RateLimit struct {
	Limit  int           `json:"limit"`
	Window time.Duration `json:"window"`
	Per    string        `json:"per,omitempty"`
}

// Connection is a way to break the connection instead of answering: the failures a client sees
// from networks and proxies rather than from Graph.
type Connection string

// The connection faults. They need a real connection (Start, the binary); on an in-process
// ResponseWriter that cannot be hijacked, reset, close and hang answer a Graph 503 instead.
const (
	// ConnectionReset aborts the connection: the client sees a connection reset.
	ConnectionReset Connection = "reset"
	// ConnectionClose closes the connection without answering.
	ConnectionClose Connection = "close"
	// ConnectionTruncate sends valid headers and half the body, then closes.
	ConnectionTruncate Connection = "truncate"
	// ConnectionGarbage sends valid headers and a body that is not JSON.
	ConnectionGarbage Connection = "garbage"
	// ConnectionHang never answers (bounded by HangMax).
	ConnectionHang Connection = "hang"
)

// Status is a rule with its counters, as the engine reports it, so a test can assert how often
// a rule matched and fired.
type Status struct {
	Fault
	// Source says where the rule came from: "go", "scenario", "admin" or "header".
	Source string `json:"source"`
	// Matched counts the requests that met the match; Fired those it acted on.
	Matched int `json:"matched"`
	Fired   int `json:"fired"`
}

// defaultHangMax bounds a hung request when the rule gives no HangMax.
const defaultHangMax = 30 * time.Second

// maxHang is the most any rule may hang a request, so nothing leaks for long.
const maxHang = 10 * time.Minute

// clone deep-copies a rule, so the engine and its callers never share maps, slices or pointers.
func (f Fault) clone() Fault {
	f.Routes = append([]Route(nil), f.Routes...)
	f.Header = cloneMap(f.Header)
	f.Query = cloneMap(f.Query)
	f.Headers = cloneMap(f.Headers)
	if f.Delay != nil {
		d := *f.Delay
		f.Delay = &d
	}
	if f.Dribble != nil {
		d := *f.Dribble
		f.Dribble = &d
	}
	if f.RateLimit != nil {
		r := *f.RateLimit
		f.RateLimit = &r
	}
	return f
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
