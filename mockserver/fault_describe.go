package mockserver

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Fault rules described in words, for the explorer's "Active faults" panel, which shows rules
// without interpreting them.

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
