package faults

import (
	"net/http"
	"slices"
	"strings"
)

// normalize checks a rule and fills its defaults: Route is folded into Routes, Method is upper
// case, a rate limit without a status answers 429. routes are the route names a rule may name.
// The error is a *RuleError.
func (f *Fault) normalize(routes []Route) error {
	if f.Route != "" {
		f.Routes = append([]Route{f.Route}, f.Routes...)
		f.Route = ""
	}
	f.Method = strings.ToUpper(f.Method)
	switch {
	case f.Times < 0:
		return ruleErr("times", "times, after and every must not be negative")
	case f.After < 0:
		return ruleErr("after", "times, after and every must not be negative")
	case f.Every < 0:
		return ruleErr("every", "times, after and every must not be negative")
	case !(f.Probability >= 0 && f.Probability <= 1): // also refuses NaN
		return ruleErr("probability", "probability %v is not between 0 and 1", f.Probability)
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return ruleErr("status", "status %d is not an HTTP error status (400-599)", f.Status)
	case f.RetryAfter < 0:
		return ruleErr("retryAfter", "retryAfter must not be negative")
	case f.Key != "" && f.Key != "client-request-id" && !strings.HasPrefix(f.Key, "header:") && !strings.HasPrefix(f.Key, "literal:"):
		return ruleErr("key", "key %q must be client-request-id, header:NAME or literal:VALUE", f.Key)
	case f.HangMax < 0 || f.HangMax > maxHang:
		return ruleErr("hangMax", "hangMax must be between 0 and %s", maxHang)
	}
	if err := checkResponseHeaders(f.Headers); err != nil {
		return err
	}
	if f.Path != "" && !strings.HasPrefix(f.Path, "/") {
		return ruleErr("path", "path %q must start with / (it is matched after the API version)", f.Path)
	}
	for _, r := range f.Routes {
		if !slices.Contains(routes, r) {
			return ruleErr("routes", "unknown route %q", r)
		}
	}
	switch f.Connection {
	case "", ConnectionReset, ConnectionClose, ConnectionTruncate, ConnectionGarbage, ConnectionHang:
	default:
		return ruleErr("connection", "connection %q is not one of reset, close, truncate, garbage, hang", f.Connection)
	}
	if err := f.Delay.check(); err != nil {
		return err
	}
	if d := f.Dribble; d != nil && (d.Chunks < 1 || d.Over <= 0 || d.Over > maxHang) {
		return ruleErr("dribble", "dribble needs chunks >= 1 and a positive duration up to %s", maxHang)
	}
	if rl := f.RateLimit; rl != nil {
		if rl.Limit < 1 || rl.Window <= 0 {
			return ruleErr("rateLimit", "rateLimit needs limit >= 1 and a positive window")
		}
		switch rl.Per {
		case "", "server", "route", "callRecord", "client-request-id":
		default:
			return ruleErr("rateLimit", "rateLimit per %q is not one of server, route, callRecord, client-request-id", rl.Per)
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
		return ruleErr("", "a rule has one action: a status, a connection fault or a dribble (a delay combines with any)")
	}
	if actions == 0 && f.Delay == nil {
		return ruleErr("", "the rule has no action: give status, delay, dribble or connection")
	}
	return nil
}

// check checks a delay (nil is no delay).
func (d *Latency) check() error {
	switch {
	case d == nil:
		return nil
	case d.Fixed < 0 || d.Min < 0 || d.Max < 0 || d.Median < 0 || !(d.Sigma >= 0 && d.Sigma <= 10):
		return ruleErr("delay", "delay values must not be negative, and sigma must be between 0 and 10")
	case d.Max < d.Min:
		return ruleErr("delay", "delay max %s is below min %s", d.Max, d.Min)
	case d.Fixed == 0 && d.Max == 0 && d.Median == 0:
		return ruleErr("delay", "delay needs fixed, min/max or median/sigma")
	case d.Fixed > maxHang || d.Max > maxHang || d.Median > maxHang:
		return ruleErr("delay", "delay must not exceed %s", maxHang)
	}
	return nil
}
