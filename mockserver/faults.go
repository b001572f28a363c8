package mockserver

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Fault is one fault-injection rule: a match (which requests), a trigger (which of the matching
// requests it fires on) and an action (what the client sees). The same rule can be given in Go
// (InjectFault), in a scenario's faults: section, through POST /_mock/faults, or per request in
// the X-Graphmock-Fault header; one engine runs them all. Rules are tried in the order they were
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
	// drawn from the server's seeded source. Key makes the counting per key: "client-request-id",
	// "header:NAME", "literal:VALUE" (one shared count), or "" for one count across all requests; a retrying client resends its
	// client-request-id, so Times: 1 with that key fails a request once and lets its retry pass.
	Times       int     `json:"times,omitempty"`
	After       int     `json:"after,omitempty"`
	Every       int     `json:"every,omitempty"`
	Probability float64 `json:"probability,omitempty"`
	Key         string  `json:"key,omitempty"`

	// Status answers with a Graph error: Code and Message default to what Graph sends for the
	// status (429 TooManyRequests, 503 serviceNotAvailable, 500 generalException, 504
	// gatewayTimeout, 401 InvalidAuthenticationToken, 403 Forbidden, ...). RetryAfter becomes the
	// Retry-After header (fractions of a second allowed); 429 and 503 get 1 second when it is 0.
	// Headers are extra response headers.
	Status     int               `json:"status,omitempty"`
	Code       string            `json:"code,omitempty"`
	Message    string            `json:"message,omitempty"`
	RetryAfter time.Duration     `json:"retryAfter,omitempty"`
	Headers    map[string]string `json:"headers,omitempty"`

	// Delay holds the response back; it combines with any other action.
	Delay *Latency `json:"delay,omitempty"`

	// Dribble sends the body in Dribble.Chunks pieces spread over Dribble.Over.
	Dribble *Dribble `json:"dribble,omitempty"`

	// Connection breaks the connection instead of answering normally (see ConnectionFault).
	// HangMax bounds ConnectionHang (default 30s): a hung request ends when the client gives up,
	// the server closes, or HangMax passes, whichever is first.
	Connection ConnectionFault `json:"connection,omitempty"`
	HangMax    time.Duration   `json:"hangMax,omitempty"`

	// RateLimit turns the rule into a token bucket: it fires (with a 429 whose Retry-After says
	// when a token is back) only when the bucket for the request is empty. Driven by the
	// server's clock, so tests with WithClock never sleep.
	RateLimit *RateLimit `json:"rateLimit,omitempty"`

	// ApplyThenFail runs the request (a write is applied) and then fails the response: Graph's
	// ambiguous timeout. Without it a faulted request never changes state.
	ApplyThenFail bool `json:"applyThenFail,omitempty"`
}

// Latency is a delay before the response: Fixed, or uniform between Min and Max, or lognormal
// with Median and Sigma (the standard deviation of the underlying normal). Samples come from the
// server's seeded source.
type Latency struct {
	Fixed  time.Duration `json:"fixed,omitempty"`
	Min    time.Duration `json:"min,omitempty"`
	Max    time.Duration `json:"max,omitempty"`
	Median time.Duration `json:"median,omitempty"`
	Sigma  float64       `json:"sigma,omitempty"`
}

// Dribble sends a response body slowly: in Chunks pieces, spread evenly over Over.
type Dribble struct {
	Chunks int           `json:"chunks"`
	Over   time.Duration `json:"over"`
}

// RateLimit is a token bucket of Limit requests per Window, one bucket per Per: "server" (one
// for every matching request), "route", "callRecord" (per call record id in the URL, Graph's
// per-call-record limit) or "client-request-id".
type RateLimit struct {
	Limit  int           `json:"limit"`
	Window time.Duration `json:"window"`
	Per    string        `json:"per,omitempty"`
}

// ConnectionFault is a way to break the connection.
type ConnectionFault string

// The connection faults. They need a real connection (Start, the binary); on an in-process
// ResponseWriter that cannot be hijacked, reset and close answer a Graph 503 instead.
const (
	// ConnectionReset aborts the connection: the client sees a connection reset.
	ConnectionReset ConnectionFault = "reset"
	// ConnectionClose closes the connection without answering.
	ConnectionClose ConnectionFault = "close"
	// ConnectionTruncate sends valid headers and half the body, then closes.
	ConnectionTruncate ConnectionFault = "truncate"
	// ConnectionGarbage sends valid headers and a body that is not JSON.
	ConnectionGarbage ConnectionFault = "garbage"
	// ConnectionHang never answers (bounded by HangMax).
	ConnectionHang ConnectionFault = "hang"
)

// FaultStatus is a rule with its counters, as Faults() and GET /_mock/faults report it.
type FaultStatus struct {
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

// normalize checks a rule and fills its defaults; the error says what is wrong, for a 400.
func (f *Fault) normalize() error {
	if f.Route != "" {
		f.Routes = append([]Route{f.Route}, f.Routes...)
		f.Route = ""
	}
	f.Method = strings.ToUpper(f.Method)
	switch {
	case f.Times < 0, f.After < 0, f.Every < 0:
		return fmt.Errorf("times, after and every must not be negative")
	case !(f.Probability >= 0 && f.Probability <= 1): // also refuses NaN
		return fmt.Errorf("probability %v is not between 0 and 1", f.Probability)
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("status %d is not an HTTP error status (400-599)", f.Status)
	case f.RetryAfter < 0:
		return fmt.Errorf("retryAfter must not be negative")
	case f.Key != "" && f.Key != "client-request-id" && !strings.HasPrefix(f.Key, "header:") && !strings.HasPrefix(f.Key, "literal:"):
		return fmt.Errorf("key %q must be client-request-id, header:NAME or literal:VALUE", f.Key)
	case f.HangMax < 0 || f.HangMax > maxHang:
		return fmt.Errorf("hangMax must be between 0 and %s", maxHang)
	}
	if f.Path != "" && !strings.HasPrefix(f.Path, "/") {
		return fmt.Errorf("path %q must start with / (it is matched after the API version)", f.Path)
	}
	for _, r := range f.Routes {
		if !knownRoute(r) {
			return fmt.Errorf("unknown route %q", r)
		}
	}
	switch f.Connection {
	case "", ConnectionReset, ConnectionClose, ConnectionTruncate, ConnectionGarbage, ConnectionHang:
	default:
		return fmt.Errorf("connection %q is not one of reset, close, truncate, garbage, hang", f.Connection)
	}
	if d := f.Delay; d != nil {
		switch {
		case d.Fixed < 0 || d.Min < 0 || d.Max < 0 || d.Median < 0 || !(d.Sigma >= 0 && d.Sigma <= 10):
			return fmt.Errorf("delay values must not be negative, and sigma must be between 0 and 10")
		case d.Max < d.Min:
			return fmt.Errorf("delay max %s is below min %s", d.Max, d.Min)
		case d.Fixed == 0 && d.Max == 0 && d.Median == 0:
			return fmt.Errorf("delay needs fixed, min/max or median/sigma")
		case d.Fixed > maxHang || d.Max > maxHang || d.Median > maxHang:
			return fmt.Errorf("delay must not exceed %s", maxHang)
		}
	}
	if d := f.Dribble; d != nil && (d.Chunks < 1 || d.Over <= 0 || d.Over > maxHang) {
		return fmt.Errorf("dribble needs chunks >= 1 and a positive duration up to %s", maxHang)
	}
	if rl := f.RateLimit; rl != nil {
		if rl.Limit < 1 || rl.Window <= 0 {
			return fmt.Errorf("rateLimit needs limit >= 1 and a positive window")
		}
		switch rl.Per {
		case "", "server", "route", "callRecord", "client-request-id":
		default:
			return fmt.Errorf("rateLimit per %q is not one of server, route, callRecord, client-request-id", rl.Per)
		}
		if f.Status == 0 {
			f.Status = http.StatusTooManyRequests
		}
	}
	actions := 0
	for _, on := range []bool{f.Status != 0, f.Connection != "", f.Dribble != nil} {
		if on {
			actions++
		}
	}
	if actions > 1 {
		return fmt.Errorf("a rule has one action: a status, a connection fault or a dribble (a delay combines with any)")
	}
	if actions == 0 && f.Delay == nil {
		return fmt.Errorf("the rule has no action: give status, delay, dribble or connection")
	}
	return nil
}

// knownRoute reports whether r names a route of the route table.
func knownRoute(r Route) bool {
	for _, name := range allRoutes() {
		if name == r {
			return true
		}
	}
	return false
}

// graphErrorDefaults is the code and message Graph sends with an error status.
func graphErrorDefaults(status int) (code, message string) {
	switch status {
	case http.StatusTooManyRequests:
		return "TooManyRequests", "Please retry again later."
	case http.StatusServiceUnavailable:
		return "serviceNotAvailable", "The service is temporarily unavailable. Try the request again after a delay; there may be a Retry-After header."
	case http.StatusInternalServerError:
		return "generalException", "An unspecified error has occurred."
	case http.StatusGatewayTimeout:
		return "gatewayTimeout", "The gateway did not receive a timely response from the upstream service."
	case http.StatusUnauthorized:
		return "InvalidAuthenticationToken", "Access token is empty."
	case http.StatusForbidden:
		return "Forbidden", ""
	case http.StatusNotFound:
		return "NotFound", ""
	case http.StatusBadRequest:
		return "BadRequest", "The request is malformed or incorrect."
	case http.StatusConflict:
		return "Conflict", "The current state conflicts with what the request expects."
	case http.StatusBadGateway:
		return "badGateway", "The service received an invalid response from an upstream service."
	}
	text := http.StatusText(status)
	if text == "" {
		return "generalException", ""
	}
	return strings.ReplaceAll(text, " ", ""), text + "."
}

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
