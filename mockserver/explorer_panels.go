package mockserver

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file fills the explorer's hook (explorerFaultSource, explorerJournalSource in explorer.go)
// from the default namespace's fault rules and journal. Deleting it brings back the "not in this
// build" panels; nothing else depends on it.

// explorerFaults summarises the default namespace's fault rules and the server's seed.
func (s *Server) explorerFaults() explorerFaultPanel {
	panel := explorerFaultPanel{Seed: strconv.FormatUint(s.Seed(), 10)}
	for _, st := range s.Faults() {
		panel.Rules = append(panel.Rules, explorerFault{
			ID: st.ID, Source: st.Source, Match: faultMatch(st.Fault), Action: faultAction(st.Fault),
			Matched: st.Matched, Fired: st.Fired,
		})
	}
	return panel
}

// explorerJournal returns the default namespace's most recent requests, newest first.
func (s *Server) explorerJournal(limit int) []explorerRequest {
	var out []explorerRequest
	for _, e := range s.def.journal.recent(limit) {
		out = append(out, explorerRequest{
			Time: e.Time, Method: e.Method, Path: e.URL, Route: e.Route, Status: e.Status,
			Duration: e.Duration.Round(time.Microsecond), Fault: e.Fault, RequestID: e.RequestID,
		})
	}
	return out
}

// recent returns up to n of the newest entries, newest first, without copying the rest of the
// ring (the explorer reads it on every home page). The fields it reads are values; the header
// map and problems are not read.
func (j *journal) recent(n int) []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	size := j.next
	if j.full {
		size = len(j.ring)
	}
	out := make([]JournalEntry, 0, min(n, size))
	for i := 1; i <= size && len(out) < n; i++ {
		e := j.ring[(j.next-i+len(j.ring))%len(j.ring)]
		e.Header, e.Problems = nil, nil
		out = append(out, e)
	}
	return out
}

// faultMatch describes which requests a rule looks at: "listSessions GET /…/sessions".
func faultMatch(f Fault) string {
	var parts []string
	routes := make([]string, len(f.Routes))
	for i, r := range f.Routes {
		routes[i] = string(r)
	}
	for _, p := range []string{strings.Join(routes, ","), f.Method, f.Path} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	for _, kv := range []struct {
		what string
		m    map[string]string
	}{{"header", f.Header}, {"query", f.Query}} {
		keys := make([]string, 0, len(kv.m))
		for k := range kv.m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, kv.what+" "+k+"="+kv.m[k])
		}
	}
	if len(parts) == 0 {
		return "every request"
	}
	return strings.Join(parts, " ")
}

// faultAction describes what a rule does and when: "429 TooManyRequests, Retry-After 1s; times 1".
func faultAction(f Fault) string {
	var act []string
	if rl := f.RateLimit; rl != nil {
		per := rl.Per
		if per == "" {
			per = "server"
		}
		act = append(act, fmt.Sprintf("rate limit %d per %s per %s", rl.Limit, rl.Window, per))
	}
	if f.Status != 0 {
		act = append(act, strings.TrimSpace(strconv.Itoa(f.Status)+" "+f.Code))
	}
	if f.RetryAfter > 0 {
		act = append(act, "Retry-After "+f.RetryAfter.String())
	}
	if d := f.Delay; d != nil {
		switch {
		case d.Fixed > 0:
			act = append(act, "delay "+d.Fixed.String())
		case d.Max > 0:
			act = append(act, "delay "+d.Min.String()+"–"+d.Max.String())
		default:
			act = append(act, fmt.Sprintf("delay lognormal(%s, %g)", d.Median, d.Sigma))
		}
	}
	if d := f.Dribble; d != nil {
		act = append(act, fmt.Sprintf("dribble %d chunks over %s", d.Chunks, d.Over))
	}
	if f.Connection != "" {
		act = append(act, "connection "+string(f.Connection))
	}
	if f.ApplyThenFail {
		act = append(act, "applied, then failed")
	}
	var when []string
	for _, t := range []struct {
		name string
		n    int
	}{{"times", f.Times}, {"after", f.After}, {"every", f.Every}} {
		if t.n > 0 {
			when = append(when, t.name+" "+strconv.Itoa(t.n))
		}
	}
	if f.Probability > 0 {
		when = append(when, "probability "+strconv.FormatFloat(f.Probability, 'g', -1, 64))
	}
	if f.Key != "" {
		when = append(when, "per "+f.Key)
	}
	out := strings.Join(act, ", ")
	if len(when) > 0 {
		out += "; " + strings.Join(when, ", ")
	}
	return out
}
