package faults

import (
	"net/http"
	"time"
)

// Request is what the engine needs to know of a request to decide on it. The adapter fills it
// from the HTTP request and its route match, so the engine never depends on the adapter's own
// request type.
type Request struct {
	// Route is the route the request matched.
	Route Route
	// Method is the HTTP method.
	Method string
	// Path is the URL path after the API version ("/communications/callRecords/x/sessions"):
	// what a rule's Path pattern is matched against.
	Path string
	// RawQuery is the query as sent (faults are decided before the query is parsed).
	RawQuery string
	// Header is the request's headers; the engine only reads them.
	Header http.Header
	// RequestID is the id the mock gave the request.
	RequestID string
	// ClientRequestID is the client-request-id the client sent, "" when it sent none.
	ClientRequestID string
	// CallRecord is the call record id the URL addresses (decoded), "" when none.
	CallRecord string
	// Connection names the client's connection (its remote address, host:port): requests
	// counted per client-request-id that carry none count per connection instead.
	Connection string
	// Envelope marks a request that carries others (a JSON batch): only the rules that name its
	// route, and its own X-Graphmock-Fault header, apply to it. A rule for every route means every
	// request Graph serves, which for a batch are the requests inside it: Graph throttles and
	// fails them one by one and answers the batch itself 200.
	Envelope bool
}

// NewRequest is the engine's input for an HTTP request: route as the route table matched it,
// path the URL path after the API version, requestID the id the mock gave it and callRecord
// the call record id the URL addresses ("" for none). The client-request-id, the headers, the
// query and the connection (RemoteAddr) are read from r.
func NewRequest(r *http.Request, route Route, path, requestID, callRecord string) Request {
	return Request{
		Route: route, Method: r.Method, Path: path, RawQuery: r.URL.RawQuery, Header: r.Header,
		RequestID: requestID, ClientRequestID: r.Header.Get("Client-Request-Id"),
		CallRecord: callRecord, Connection: r.RemoteAddr,
	}
}

// Verdict is what the engine decided for a request. When Fired, Rule is a copy of the rule that
// fired (a rate limit has set its RetryAfter from its bucket) and Delay the delay sampled for
// it; the adapter carries it out with Wire.Apply.
type Verdict struct {
	// Fired says a rule fired; the zero Verdict is "serve the request as usual".
	Fired bool
	// Rule is the rule that fired, as it is to be carried out.
	Rule Fault
	// Delay is how long to hold the response back.
	Delay time.Duration
}

// Decide runs the rules for a request at time now (the server's clock): the X-Graphmock-Fault
// header's rule first, then the configured rules in order. The first that fires wins. A header
// that does not parse, or asks for a rule that makes no sense, is a *HeaderError.
func (e *Engine) Decide(in *Request, now time.Time) (Verdict, error) {
	if e.Quiet(in.Route, in.Header) {
		return Verdict{}, nil
	}
	header := in.Header.Get(Header)
	e.mu.Lock()
	defer e.mu.Unlock()
	if header != "" {
		r, err := e.headerRule(header)
		if err != nil {
			return Verdict{}, err
		}
		if v := e.evaluate(r, in, now); v.Fired {
			return v, nil
		}
	}
	for _, r := range e.rules {
		if in.Envelope && len(r.Routes) == 0 {
			continue
		}
		if v := e.evaluate(r, in, now); v.Fired {
			return v, nil
		}
	}
	return Verdict{}, nil
}

// headerRule finds or makes the rule of a header value; callers hold mu.
func (e *Engine) headerRule(value string) (*ruleState, error) {
	if r, ok := e.headers[value]; ok {
		return r, nil
	}
	f, err := ParseHeader(value)
	if err != nil {
		return nil, err
	}
	f.ID = "header"
	if len(e.headers) >= maxHeaderRules {
		e.headers = map[string]*ruleState{}
	}
	r := &ruleState{Fault: f, source: "header"}
	e.headers[value] = r
	return r, nil
}

// evaluate applies one rule's match and trigger to a request; callers hold mu.
func (e *Engine) evaluate(r *ruleState, in *Request, now time.Time) Verdict {
	if !r.matches(in) {
		return Verdict{}
	}
	r.matched++
	retryAfter := r.RetryAfter
	if rl := r.RateLimit; rl != nil {
		wait, ok := r.take(bucketKey(rl.Per, in), rl, now)
		if ok {
			return Verdict{}
		}
		retryAfter = wait
	} else if !e.triggered(r, in) {
		return Verdict{}
	}
	r.fired++
	v := Verdict{Fired: true, Rule: r.Fault.clone(), Delay: e.sample(r.Delay)}
	v.Rule.RetryAfter = retryAfter
	return v
}
