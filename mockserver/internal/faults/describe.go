package faults

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Rules described in words, for the explorer's "Active faults" panel, which shows rules without
// interpreting them: the words live with the fields they describe, so a new field is described
// where it is added. They are functions, not methods, so that mockserver.Fault (an alias of
// Fault) does not grow methods a test author would see.

// DescribeMatch says which requests f looks at, such as
// "listSessions GET /communications/callRecords/*/sessions header Prefer=*", or "every request".
// Header and query conditions are sorted by name, so the text is stable. It reads a rule as given
// or as the engine keeps it (Status), alike.
func DescribeMatch(f Fault) string {
	var parts []string
	routes := make([]string, 0, len(f.Routes)+1)
	if f.Route != "" { // a rule as given; the engine folds Route into Routes
		routes = append(routes, string(f.Route))
	}
	for _, r := range f.Routes {
		routes = append(routes, string(r))
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

// DescribeAction says what f does and when it fires, such as
// "429 TooManyRequests, Retry-After 1s; times 1, per client-request-id": the actions joined by
// commas, then after a semicolon the trigger (times, after, every, probability, key) when it has
// one.
func DescribeAction(f Fault) string {
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
