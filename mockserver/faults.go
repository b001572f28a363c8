package mockserver

import "github.com/graphmock/graphmock/mockserver/internal/faults"

// Fault injection lives in internal/faults; these are its public names, so a test writes
// mockserver.Fault{...} and never imports an internal package.

// Fault is one fault-injection rule: a match (which requests), a trigger (which of the matching
// requests it fires on) and an action (what the client sees). The same rule can be given in Go
// (InjectFault), in a scenario's faults: section, through POST /_mock/faults, or per request in
// the X-Graphmock-Fault header; one engine runs them all. Rules are tried in the order they were
// added; the first that fires handles the request, and later rules do not count it. See the
// fields for the match, the triggers (Times, After, Every, Probability, Key) and the actions
// (Status, Delay, Dribble, Connection, RateLimit, ApplyThenFail).
type Fault = faults.Fault

// Latency is a delay before the response: Fixed, or uniform between Min and Max, or lognormal
// with Median and Sigma (the standard deviation of the underlying normal). Samples come from the
// server's seeded source.
type Latency = faults.Latency

// Dribble sends a response body slowly: in Chunks pieces, spread evenly over Over.
type Dribble = faults.Dribble

// RateLimit is a token bucket of Limit requests per Window, one bucket per Per: "server" (one
// for every matching request), "route", "callRecord" (per call record id in the URL, Graph's
// per-call-record limit) or "client-request-id".
type RateLimit = faults.RateLimit

// ConnectionFault is a way to break the connection.
type ConnectionFault = faults.Connection

// The connection faults. They need a real connection (Start, the binary); on an in-process
// ResponseWriter that cannot be hijacked, reset, close and hang answer a Graph 503 instead.
const (
	// ConnectionReset aborts the connection: the client sees a connection reset.
	ConnectionReset = faults.ConnectionReset
	// ConnectionClose closes the connection without answering.
	ConnectionClose = faults.ConnectionClose
	// ConnectionTruncate sends valid headers and half the body, then closes.
	ConnectionTruncate = faults.ConnectionTruncate
	// ConnectionGarbage sends valid headers and a body that is not JSON.
	ConnectionGarbage = faults.ConnectionGarbage
	// ConnectionHang never answers (bounded by HangMax).
	ConnectionHang = faults.ConnectionHang
)

// FaultStatus is a rule with its counters, as Faults() and GET /_mock/faults report it.
type FaultStatus = faults.Status

// FaultHeader is the request header that carries a one-off fault rule, for tests in any language
// that cannot reach the admin API. Its grammar is `item; item; ...` where an item is
// `name=value` or a bare flag, each given once (header= once per header name):
//
//	status=429  code=TooManyRequests  message=text  retry-after=1.5  header=Name:Value
//	delay=300ms  delay=uniform(100ms,300ms)  delay=lognormal(200ms,0.5)
//	dribble=10/2s  reset  close  truncate  garbage  hang  hang=5s
//	times=1  after=2  every=3  probability=0.5  key=abc  apply-then-fail
//
// A value runs to the next ';'; a quoted value ("a; b", with \" and \\ inside) may hold any
// text, and message= sends an empty message. With key, counting spans every request that
// carries the same key (a retrying client resends the header, so times=1 fails the first attempt
// and lets the retry pass); without it, per client-request-id, or per connection without one.
const FaultHeader = faults.Header

// GraphThrottling returns rate-limit rules with Graph's documented callRecords limits: 40
// requests per 20 seconds for listing call records, and 40 per 20 seconds per call record for
// everything under one record. Add them with InjectFault, or in a scenario or the admin API as
// {"preset": "graph-throttling"}.
func GraphThrottling() []Fault { return faults.GraphThrottling() }
