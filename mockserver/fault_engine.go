package mockserver

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// maxKeysPerRule bounds the per-key counters a rule keeps; past it they start over, so a
// long-running sidecar cannot grow without limit.
const maxKeysPerRule = 10000

// maxHeaderRules bounds how many distinct X-Graphmock-Fault rules are remembered.
const maxHeaderRules = 1024

// faultEngine decides, for each request, whether a fault rule fires. mu guards everything in it:
// the rules, their counters and buckets, and the random source, so the same seed and the same
// sequence of requests give the same faults.
type faultEngine struct {
	mu      sync.Mutex
	seed    uint64
	rng     *rand.Rand
	rules   []*ruleState
	headers map[string]*ruleState
	nextID  int
}

// ruleState is a rule with its counters.
type ruleState struct {
	Fault
	source  string
	matched int
	fired   int
	keys    map[string]*keyCount
	buckets map[string]*bucket
}

// keyCount counts, for one key, the matching requests seen and the ones fired on.
type keyCount struct{ seen, fired int }

// bucket is a token bucket: tokens left at time last.
type bucket struct {
	tokens float64
	last   time.Time
}

// firing is what the engine decided for a request: the rule (a copy, whose RetryAfter a rate
// limit sets from its bucket) and the sampled delay.
type firing struct {
	rule  Fault
	delay time.Duration
}

func newFaultEngine(seed uint64) *faultEngine {
	e := &faultEngine{seed: seed}
	e.restart()
	return e
}

// restart drops every rule and starts the random source and the id counter over, so a reset
// namespace replays the same faults for the same requests; callers hold mu (or own e).
func (e *faultEngine) restart() {
	e.rules = nil
	e.headers = map[string]*ruleState{}
	e.rng = rand.New(rand.NewPCG(e.seed, e.seed^0x9e3779b97f4a7c15))
	e.nextID = 0
}

// add checks a rule, gives it an id when it has none, and appends it. It returns the stored rule
// (a copy: the engine keeps its own).
func (e *faultEngine) add(f Fault, source string) (Fault, error) {
	f = f.clone()
	if err := f.normalize(); err != nil {
		return Fault{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.addLocked(f, source); err != nil {
		return Fault{}, err
	}
	return e.rules[len(e.rules)-1].Fault.clone(), nil
}

// addLocked appends a normalized rule, naming it fault-N (the first N not taken) when it has no
// id; callers hold mu.
func (e *faultEngine) addLocked(f Fault, source string) error {
	taken := func(id string) bool {
		for _, r := range e.rules {
			if r.ID == id {
				return true
			}
		}
		return false
	}
	if f.ID == "" {
		for f.ID == "" || taken(f.ID) {
			e.nextID++
			f.ID = fmt.Sprintf("fault-%d", e.nextID)
		}
	} else if taken(f.ID) {
		return fmt.Errorf("a rule with id %q exists already", f.ID)
	}
	e.rules = append(e.rules, &ruleState{Fault: f, source: source})
	return nil
}

// reset replaces every rule with the given ones (already checked) in one step, restarting the
// random source, so no request sees a half-reset rule set.
func (e *faultEngine) reset(rules []Fault, source string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.restart()
	for _, f := range rules {
		f = f.clone()
		if f.normalize() == nil {
			_ = e.addLocked(f, source)
		}
	}
}

// remove drops a rule by id; it reports whether there was one.
func (e *faultEngine) remove(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, r := range e.rules {
		if r.ID == id {
			e.rules = append(e.rules[:i], e.rules[i+1:]...)
			return true
		}
	}
	return false
}

// clear drops every rule and every remembered header rule, and restarts the random source.
func (e *faultEngine) clear() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.restart()
}

// status reports every configured rule with its counters (copies), then the rules that
// X-Graphmock-Fault headers made, with source "header".
func (e *faultEngine) status() []FaultStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]FaultStatus, 0, len(e.rules)+len(e.headers))
	for _, r := range e.rules {
		out = append(out, FaultStatus{Fault: r.Fault.clone(), Source: r.source, Matched: r.matched, Fired: r.fired})
	}
	values := make([]string, 0, len(e.headers))
	for v := range e.headers {
		values = append(values, v)
	}
	sort.Strings(values)
	for _, v := range values {
		r := e.headers[v]
		st := FaultStatus{Fault: r.Fault.clone(), Source: r.source, Matched: r.matched, Fired: r.fired}
		st.ID = FaultHeader + ": " + v
		out = append(out, st)
	}
	return out
}

// decide runs the rules for a request: the X-Graphmock-Fault header's rule first, then the
// configured rules in order. The first that fires wins. A malformed header is an error (400).
func (e *faultEngine) decide(rq *request, now time.Time) (*firing, error) {
	header := rq.http.Header.Get(FaultHeader)
	if header == "" && e.empty() {
		return nil, nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if header != "" {
		r, err := e.headerRule(header)
		if err != nil {
			return nil, err
		}
		if f := e.evaluate(r, rq, now); f != nil {
			return f, nil
		}
	}
	for _, r := range e.rules {
		if f := e.evaluate(r, rq, now); f != nil {
			return f, nil
		}
	}
	return nil, nil
}

// empty reports, without waiting on the rules, whether there are none (the common case on the
// hot path: one uncontended lock).
func (e *faultEngine) empty() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.rules) == 0
}

// headerRule finds or makes the rule of a header value; callers hold mu.
func (e *faultEngine) headerRule(value string) (*ruleState, error) {
	if r, ok := e.headers[value]; ok {
		return r, nil
	}
	f, err := parseFaultHeader(value)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if err := f.normalize(); err != nil {
		return nil, badRequest("%s: %v", FaultHeader, err)
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
func (e *faultEngine) evaluate(r *ruleState, rq *request, now time.Time) *firing {
	if !r.matches(rq) {
		return nil
	}
	r.matched++
	fire := &firing{rule: r.Fault}
	if rl := r.RateLimit; rl != nil {
		wait, ok := r.take(bucketKey(rl.Per, rq), rl, now)
		if ok {
			return nil
		}
		fire.rule.RetryAfter = wait
	} else if !e.triggered(r, rq) {
		return nil
	}
	r.fired++
	fire.rule = fire.rule.clone()
	fire.delay = e.sample(r.Delay)
	return fire
}

// matches checks every condition of the rule's match.
func (r *ruleState) matches(rq *request) bool {
	if len(r.Routes) > 0 && !slices.Contains(r.Routes, rq.route) {
		return false
	}
	if r.Method != "" && r.Method != rq.http.Method {
		return false
	}
	if r.Path != "" {
		p := strings.TrimPrefix(rq.http.URL.Path, "/"+rq.version)
		if ok, _ := path.Match(r.Path, p); !ok {
			return false
		}
	}
	for name, want := range r.Header {
		got := rq.http.Header.Values(name)
		if len(got) == 0 || (want != "*" && !slices.Contains(got, want)) {
			return false
		}
	}
	for name, want := range r.Query {
		got, ok := queryValue(rq, name)
		if !ok || (want != "*" && got != want) {
			return false
		}
	}
	return true
}

// queryValue finds a query option by its decoded name, matched case-insensitively. Faults are
// decided before the handler parses (and may reject) the query, so this reads the raw pairs.
func queryValue(rq *request, name string) (string, bool) {
	for _, part := range strings.Split(rq.http.URL.RawQuery, "&") {
		rawName, rawValue, _ := strings.Cut(part, "=")
		n, err1 := url.QueryUnescape(rawName)
		v, err2 := url.QueryUnescape(rawValue)
		if err1 == nil && err2 == nil && strings.EqualFold(n, name) {
			return v, true
		}
	}
	return "", false
}

// triggered applies after/every/times/probability to the request's count; callers hold mu.
func (e *faultEngine) triggered(r *ruleState, rq *request) bool {
	k := requestKey(r.Key, rq)
	if r.keys == nil || len(r.keys) >= maxKeysPerRule {
		r.keys = map[string]*keyCount{}
	}
	c := r.keys[k]
	if c == nil {
		c = &keyCount{}
		r.keys[k] = c
	}
	c.seen++
	m := c.seen - r.After
	switch {
	case m <= 0:
		return false
	case r.Every > 0 && m%r.Every != 0:
		return false
	case r.Times > 0 && c.fired >= r.Times:
		return false
	case r.Probability > 0 && e.rng.Float64() >= r.Probability:
		return false
	}
	c.fired++
	return true
}

// requestKey is the counting key of a request under a rule's Key.
func requestKey(key string, rq *request) string {
	switch {
	case key == "client-request-id":
		if rq.clientRequestID == rq.requestID {
			// The client sent none (the mock made one up): such requests share one count, else
			// every request would be a first attempt and times=1 would never stop firing.
			return ""
		}
		return rq.clientRequestID
	case strings.HasPrefix(key, "header:"):
		return rq.http.Header.Get(strings.TrimPrefix(key, "header:"))
	case strings.HasPrefix(key, "literal:"):
		return strings.TrimPrefix(key, "literal:")
	}
	return ""
}

// bucketKey is the token bucket a request draws from under a rate limit's Per.
func bucketKey(per string, rq *request) string {
	switch per {
	case "route":
		return string(rq.route)
	case "callRecord":
		id, _ := rq.id("recordID")
		return id
	case "client-request-id":
		return rq.clientRequestID
	}
	return ""
}

// take draws a token from a bucket; when it is empty it reports how long until one is back.
func (r *ruleState) take(key string, rl *RateLimit, now time.Time) (time.Duration, bool) {
	if r.buckets == nil || len(r.buckets) >= maxKeysPerRule {
		r.buckets = map[string]*bucket{}
	}
	b := r.buckets[key]
	if b == nil {
		b = &bucket{tokens: float64(rl.Limit), last: now}
		r.buckets[key] = b
	}
	rate := float64(rl.Limit) / rl.Window.Seconds() // tokens per second
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(float64(rl.Limit), b.tokens+elapsed*rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	wait := time.Duration((1 - b.tokens) / rate * float64(time.Second))
	return wait.Round(time.Millisecond) + time.Millisecond, false
}

// sample draws a delay from a latency distribution; callers hold mu.
func (e *faultEngine) sample(l *Latency) time.Duration {
	switch {
	case l == nil:
		return 0
	case l.Fixed > 0:
		return l.Fixed
	case l.Max > 0:
		return l.Min + time.Duration(e.rng.Int64N(int64(l.Max-l.Min)+1))
	case l.Median > 0:
		d := time.Duration(float64(l.Median) * math.Exp(l.Sigma*e.rng.NormFloat64()))
		return min(d, maxHang)
	}
	return 0
}

// GraphThrottling returns rate-limit rules with Graph's documented callRecords limits: 40
// requests per 20 seconds for listing call records, and 40 per 20 seconds per call record for
// everything under one record. Add them with InjectFault, or in a scenario or the admin API as
// {"preset": "graph-throttling"}.
func GraphThrottling() []Fault {
	perRecord := []Route{RouteGetCallRecord, RouteListSessions, RouteGetSession, RouteCountSessions, RouteListSegments,
		RouteGetSegment, RouteCountSegments, RouteCreateSegment, RouteUpdateSegment, RouteDeleteSegment,
		RouteListParticipants, RouteGetParticipant, RouteCountParticipants, RouteGetOrganizer}
	return []Fault{
		{ID: "graph-throttling-list", Routes: []Route{RouteListCallRecords, RouteCountCallRecords}, RateLimit: &RateLimit{Limit: 40, Window: 20 * time.Second, Per: "server"}},
		{ID: "graph-throttling-per-call-record", Routes: perRecord, RateLimit: &RateLimit{Limit: 40, Window: 20 * time.Second, Per: "callRecord"}},
	}
}
