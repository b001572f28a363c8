package faults

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Fault rules travel as JSON (admin API) and YAML (scenario files, converted to JSON by the
// loader) with durations written the way people write them: "300ms", "1.5s", or a number of
// seconds (1.5). faultWire is that form; Fault's JSON methods convert through it.

// jsonDuration is a duration in JSON: a Go duration string or a number of seconds.
type jsonDuration time.Duration

// UnmarshalJSON accepts "300ms", "1.5s", "2" (seconds) or 1.5 (seconds).
func (d *jsonDuration) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		s = string(b)
	}
	v, err := ParseDuration(s)
	*d = jsonDuration(v)
	return err
}

// MarshalJSON writes the duration as a Go duration string.
func (d jsonDuration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// ParseDuration reads a duration as fault rules write it: a Go duration ("300ms") or a plain
// number of seconds in any JSON-like form ("1.5", "1e3", as in a Retry-After header). Seconds
// must be a non-negative number a time.Duration can hold (about 292 years); how long each field
// may be is the rule's check (delays and hangs at most ten minutes). The adapter reads a fault's
// Retry-After back with it for the journal.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if !(secs >= 0 && secs < float64(math.MaxInt64)/float64(time.Second)) { // also refuses NaN
			return 0, fmt.Errorf("%s seconds is not a duration: give 0 or more seconds, up to %d", s, int64(math.MaxInt64/int64(time.Second)))
		}
		return time.Duration(secs * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 300ms, 1.5s or 2", s)
	}
	return d, nil
}

type latencyWire struct {
	Fixed  jsonDuration `json:"fixed,omitempty"`
	Min    jsonDuration `json:"min,omitempty"`
	Max    jsonDuration `json:"max,omitempty"`
	Median jsonDuration `json:"median,omitempty"`
	Sigma  float64      `json:"sigma,omitempty"`
}

type dribbleWire struct {
	Chunks int          `json:"chunks"`
	Over   jsonDuration `json:"over"`
}

type rateLimitWire struct {
	Limit  int          `json:"limit"`
	Window jsonDuration `json:"window"`
	Per    string       `json:"per,omitempty"`
}

type faultWire struct {
	ID            string            `json:"id,omitempty"`
	Route         Route             `json:"route,omitempty"`
	Routes        []Route           `json:"routes,omitempty"`
	Method        string            `json:"method,omitempty"`
	Path          string            `json:"path,omitempty"`
	Header        map[string]string `json:"header,omitempty"`
	Query         map[string]string `json:"query,omitempty"`
	Times         int               `json:"times,omitempty"`
	After         int               `json:"after,omitempty"`
	Every         int               `json:"every,omitempty"`
	Probability   float64           `json:"probability,omitempty"`
	Key           string            `json:"key,omitempty"`
	Status        int               `json:"status,omitempty"`
	Code          string            `json:"code,omitempty"`
	Message       *string           `json:"message,omitempty"`    // nil: the default; "": empty
	RetryAfter    *jsonDuration     `json:"retryAfter,omitempty"` // nil: the default; 0: Retry-After: 0
	Headers       map[string]string `json:"headers,omitempty"`
	Delay         json.RawMessage   `json:"delay,omitempty"`
	Dribble       *dribbleWire      `json:"dribble,omitempty"`
	Connection    Connection        `json:"connection,omitempty"`
	HangMax       jsonDuration      `json:"hangMax,omitempty"`
	RateLimit     *rateLimitWire    `json:"rateLimit,omitempty"`
	ApplyThenFail bool              `json:"applyThenFail,omitempty"`
}

// UnmarshalJSON reads a rule; unknown members are an error, so a typo is a 400, not a rule that
// silently never fires. "delay" may be a duration ("300ms") or an object (min/max,
// median/sigma).
func (f *Fault) UnmarshalJSON(b []byte) error {
	var w faultWire
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	*f = Fault{ID: w.ID, Route: w.Route, Routes: w.Routes, Method: w.Method, Path: w.Path, Header: w.Header, Query: w.Query,
		Times: w.Times, After: w.After, Every: w.Every, Probability: w.Probability, Key: w.Key,
		Status: w.Status, Code: w.Code, Headers: w.Headers,
		Connection: w.Connection, HangMax: time.Duration(w.HangMax), ApplyThenFail: w.ApplyThenFail}
	if w.RetryAfter != nil {
		f.RetryAfter, f.zeroRetryAfter = time.Duration(*w.RetryAfter), *w.RetryAfter == 0
	}
	if w.Message != nil {
		f.Message, f.emptyMessage = *w.Message, *w.Message == ""
	}
	if len(w.Delay) > 0 && string(w.Delay) != "null" {
		var l latencyWire
		if w.Delay[0] == '{' {
			d := json.NewDecoder(bytes.NewReader(w.Delay))
			d.DisallowUnknownFields()
			if err := d.Decode(&l); err != nil {
				return fmt.Errorf("delay: %w", err)
			}
		} else if err := l.Fixed.UnmarshalJSON(w.Delay); err != nil {
			return fmt.Errorf("delay: %w", err)
		}
		f.Delay = &Latency{Fixed: time.Duration(l.Fixed), Min: time.Duration(l.Min), Max: time.Duration(l.Max), Median: time.Duration(l.Median), Sigma: l.Sigma}
	}
	if w.Dribble != nil {
		f.Dribble = &Dribble{Chunks: w.Dribble.Chunks, Over: time.Duration(w.Dribble.Over)}
	}
	if w.RateLimit != nil {
		f.RateLimit = &RateLimit{Limit: w.RateLimit.Limit, Window: time.Duration(w.RateLimit.Window), Per: w.RateLimit.Per}
	}
	return nil
}

// MarshalJSON writes a rule with durations as strings, in the form UnmarshalJSON reads.
func (f Fault) MarshalJSON() ([]byte, error) {
	w := faultWire{ID: f.ID, Route: f.Route, Routes: f.Routes, Method: f.Method, Path: f.Path, Header: f.Header, Query: f.Query,
		Times: f.Times, After: f.After, Every: f.Every, Probability: f.Probability, Key: f.Key,
		Status: f.Status, Code: f.Code, Headers: f.Headers,
		Connection: f.Connection, HangMax: jsonDuration(f.HangMax), ApplyThenFail: f.ApplyThenFail}
	if f.RetryAfter != 0 || f.zeroRetryAfter {
		retry := jsonDuration(f.RetryAfter)
		w.RetryAfter = &retry
	}
	if f.Message != "" || f.emptyMessage {
		w.Message = &f.Message
	}
	if d := f.Delay; d != nil {
		raw, err := json.Marshal(latencyWire{Fixed: jsonDuration(d.Fixed), Min: jsonDuration(d.Min), Max: jsonDuration(d.Max), Median: jsonDuration(d.Median), Sigma: d.Sigma})
		if err != nil {
			return nil, err
		}
		w.Delay = raw
	}
	if d := f.Dribble; d != nil {
		w.Dribble = &dribbleWire{Chunks: d.Chunks, Over: jsonDuration(d.Over)}
	}
	if rl := f.RateLimit; rl != nil {
		w.RateLimit = &rateLimitWire{Limit: rl.Limit, Window: jsonDuration(rl.Window), Per: rl.Per}
	}
	return json.Marshal(w)
}

// MarshalJSON flattens the rule and its counters into one object.
func (st Status) MarshalJSON() ([]byte, error) {
	rule, err := json.Marshal(st.Fault)
	if err != nil {
		return nil, err
	}
	tail, err := json.Marshal(struct {
		Source  string `json:"source"`
		Matched int    `json:"matched"`
		Fired   int    `json:"fired"`
	}{st.Source, st.Matched, st.Fired})
	if err != nil {
		return nil, err
	}
	if len(rule) == 2 {
		return tail, nil
	}
	return append(append(rule[:len(rule)-1], ','), tail[1:]...), nil
}

// DecodeRules reads one item of a faults list (a scenario's faults: section, converted to JSON,
// or the admin API's body): a rule, or {"preset": "graph-throttling"}. Each rule is checked
// against the route names routes, so a scenario or an admin call with a bad rule is refused as a
// whole. The rules come back as written (not normalized). Errors wrap a *RuleError.
func DecodeRules(raw []byte, routes []Route) ([]Fault, error) {
	var preset struct {
		Preset string `json:"preset"`
	}
	if json.Unmarshal(raw, &preset) == nil && preset.Preset != "" {
		if preset.Preset != "graph-throttling" {
			return nil, ruleErr("preset", "unknown preset %q (known: graph-throttling)", preset.Preset)
		}
		var only map[string]json.RawMessage
		if json.Unmarshal(raw, &only) == nil && len(only) > 1 {
			return nil, ruleErr("preset", "a preset item takes no other fields")
		}
		return GraphThrottling(), nil
	}
	var f Fault
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("fault rule: %w", &RuleError{Key: jsonKey(err), Reason: err.Error()})
	}
	check := f.clone()
	if err := check.normalize(routes); err != nil {
		return nil, fmt.Errorf("fault rule: %w", err)
	}
	return []Fault{f}, nil
}

// jsonKey names the member a JSON decoding error is about, when the error says.
func jsonKey(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unq, err := strconv.Unquote(name); err == nil {
			return unq
		}
	}
	return ""
}
