package faults

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// maxKeysPerRule bounds the per-key counters a rule keeps; past it they start over, so a
// long-running sidecar cannot grow without limit.
const maxKeysPerRule = 10000

// maxHeaderRules bounds how many distinct X-Graphmock-Fault rules are remembered.
const maxHeaderRules = 1024

// Engine decides, for each request, whether a fault rule fires. One engine serves one namespace
// of the server; it is safe for concurrent use. mu guards everything in it: the rules, their
// counters and buckets, and the random source, so the same seed and the same sequence of
// requests give the same faults.
type Engine struct {
	routes []Route // the route names rules may name; never changed

	mu      sync.Mutex
	seed    uint64
	rng     *rand.Rand
	rules   []*ruleState
	headers map[string]*ruleState
	nextID  int

	// reach is which routes the rules can match, republished under mu whenever the rules
	// change, so Quiet can answer without the lock.
	reach atomic.Pointer[reach]
}

// reach is the routes some rule can match: every route when all is set.
type reach struct {
	all    bool
	routes []Route
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

// NewEngine makes an engine with no rules whose random source starts from seed, so a failing run
// can be replayed with the same faults. routes are the route names rules may name (the server's
// route table); the engine keeps its own copy.
func NewEngine(seed uint64, routes []Route) *Engine {
	e := &Engine{seed: seed, routes: append([]Route(nil), routes...)}
	e.restart()
	return e
}

// restart drops every rule and starts the random source and the id counter over, so a reset
// namespace replays the same faults for the same requests; callers hold mu (or own e).
func (e *Engine) restart() {
	e.rules = nil
	e.headers = map[string]*ruleState{}
	e.rng = rand.New(rand.NewPCG(e.seed, e.seed^0x9e3779b97f4a7c15))
	e.nextID = 0
	e.publish()
}

// publish records which routes the rules can match, for Quiet; callers hold mu (or own e).
func (e *Engine) publish() {
	r := &reach{}
	for _, rule := range e.rules {
		if len(rule.Routes) == 0 {
			r.all = true
			break
		}
		r.routes = append(r.routes, rule.Routes...)
	}
	e.reach.Store(r)
}

// Quiet reports, without taking the engine's lock, that no rule can fire on a request of this
// route with these headers: no configured rule names the route (or all routes), and the request
// carries no X-Graphmock-Fault header. It is the hot path's check: most requests meet an engine
// with no rules for them, and Decide would say nothing fired.
func (e *Engine) Quiet(route Route, h http.Header) bool {
	if len(h[Header]) > 0 { // Header is in canonical form, as net/http stores keys
		return false
	}
	r := e.reach.Load()
	return r == nil || !r.all && !slices.Contains(r.routes, route)
}

// Idle reports, without taking the engine's lock, that no configured rule can fire on any
// request: only a request's own X-Graphmock-Fault header could.
func (e *Engine) Idle() bool {
	r := e.reach.Load()
	return r == nil || !r.all && len(r.routes) == 0
}

// Add checks a rule, gives it an id when it has none, and appends it after the existing rules;
// source says where it came from ("go", "admin", ...). It returns the stored rule (a copy: the
// engine keeps its own). A rule that makes no sense, or whose id is taken, is a *RuleError and
// nothing is added.
func (e *Engine) Add(f Fault, source string) (Fault, error) {
	f = f.clone()
	if err := f.normalize(e.routes); err != nil {
		return Fault{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.addLocked(f, source); err != nil {
		return Fault{}, err
	}
	return e.rules[len(e.rules)-1].Fault.clone(), nil
}

// AddAll adds several rules all-or-nothing, so a list given at once is never half applied: if any
// is wrong (or an id repeats), none is added. Errors say which rule ("fault rule 2: ...") and
// wrap its *RuleError.
func (e *Engine) AddAll(rules []Fault, source string) ([]Fault, error) {
	for i := range rules {
		check := rules[i].clone()
		if err := check.normalize(e.routes); err != nil {
			return nil, fmt.Errorf("fault rule %d: %w", i, err)
		}
	}
	var stored []Fault
	for i, f := range rules {
		st, err := e.Add(f, source)
		if err != nil {
			for _, done := range stored {
				e.Remove(done.ID)
			}
			return nil, fmt.Errorf("fault rule %d: %w", i, err)
		}
		stored = append(stored, st)
	}
	return stored, nil
}

// addLocked appends a normalized rule, naming it fault-N (the first N not taken) when it has no
// id; callers hold mu.
func (e *Engine) addLocked(f Fault, source string) error {
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
		return ruleErr("id", "a rule with id %q exists already", f.ID)
	}
	e.rules = append(e.rules, &ruleState{Fault: f, source: source})
	e.publish()
	return nil
}

// Reset replaces every rule with the given ones (a scenario's, already checked by DecodeRules)
// in one step, restarting the random source and the counters, so no request sees a half-reset
// rule set and a reset replays the same faults. Rules that do not check are skipped.
func (e *Engine) Reset(rules []Fault, source string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.restart()
	for _, f := range rules {
		f = f.clone()
		if f.normalize(e.routes) == nil {
			_ = e.addLocked(f, source)
		}
	}
}

// Remove drops a rule by id; it reports whether there was one.
func (e *Engine) Remove(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, r := range e.rules {
		if r.ID == id {
			e.rules = append(e.rules[:i], e.rules[i+1:]...)
			e.publish()
			return true
		}
	}
	return false
}

// Clear drops every rule and every remembered header rule, and restarts the random source.
func (e *Engine) Clear() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.restart()
}

// Status reports every configured rule with its counters (copies), in the order they are tried,
// then the rules that X-Graphmock-Fault headers made, with source "header" and the header value
// in their id, so a test can see what fired and how often.
func (e *Engine) Status() []Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Status, 0, len(e.rules)+len(e.headers))
	for _, r := range e.rules {
		out = append(out, Status{Fault: r.Fault.clone(), Source: r.source, Matched: r.matched, Fired: r.fired})
	}
	values := make([]string, 0, len(e.headers))
	for v := range e.headers {
		values = append(values, v)
	}
	sort.Strings(values)
	for _, v := range values {
		r := e.headers[v]
		st := Status{Fault: r.Fault.clone(), Source: r.source, Matched: r.matched, Fired: r.fired}
		st.ID = Header + ": " + v
		out = append(out, st)
	}
	return out
}
