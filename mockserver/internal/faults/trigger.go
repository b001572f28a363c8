package faults

import (
	"math"
	"time"
)

// triggered applies after/every/times/probability to the request's count; callers hold mu.
func (e *Engine) triggered(r *ruleState, in *Request) bool {
	k := requestKey(r.Key, in)
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
func (e *Engine) sample(l *Latency) time.Duration {
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
