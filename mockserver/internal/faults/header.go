package faults

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Header is the request header that carries a one-off fault rule, for tests in any language
// that cannot reach the admin API. Its grammar is `item; item; ...` where an item is
// `name=value` or a bare flag, each name at most once (header= once per header name):
//
//	status=429  code=TooManyRequests  message=text  retry-after=1.5  header=Name:Value
//	delay=300ms  delay=uniform(100ms,300ms)  delay=lognormal(200ms,0.5)
//	dribble=10/2s  reset  close  truncate  garbage  hang  hang=5s
//	times=1  after=2  every=3  probability=0.5  key=abc  apply-then-fail
//
// A value runs to the next ';', without the spaces around it. A value that starts with '"' is a
// quoted string, in which '\' makes the next character literal: message="a; b = \"c\"" is
// the message `a; b = "c"`. message= (or message="") sends an empty message, as Graph's 429s
// and 503s sometimes have. retry-after is seconds (1.5, 1e3) or a Go duration (2m); header=
// refuses names that are not HTTP tokens and the headers graphmock writes itself.
//
// With key, counting spans every request that carries the same key (a retrying client resends
// the header, so times=1 fails the first attempt and lets the retry pass); without it, requests
// are counted per client-request-id, and requests that carry none per connection, so two tests
// sending the same header each see its fault.
const Header = "X-Graphmock-Fault"

// ParseHeader reads an X-Graphmock-Fault value into a checked rule, as the engine does for each
// request that carries one, so a caller can tell ahead whether a header will be accepted and what
// it asks for. A header rule names no route and counts per key ("literal:KEY" with key=KEY, else
// the client-request-id, or the connection without one). The error is a *HeaderError.
func ParseHeader(value string) (Fault, error) {
	f, err := parseHeader(value)
	if err != nil {
		return Fault{}, err
	}
	if err := f.normalize(nil); err != nil {
		return Fault{}, &HeaderError{Err: err}
	}
	return f, nil
}

// parseHeader reads the items of a header value, without checking the rule they make. A name
// given twice is refused rather than letting the last one win silently.
func parseHeader(value string) (Fault, error) {
	var f Fault
	items, err := splitHeaderItems(value)
	if err != nil {
		return Fault{}, err
	}
	seen := map[string]string{}
	for _, it := range items {
		key := it.name
		if key == "header" {
			name, _, _ := strings.Cut(it.value, ":")
			key += " " + http.CanonicalHeaderKey(strings.TrimSpace(name))
		}
		if first, ok := seen[key]; ok {
			return Fault{}, &HeaderError{Item: it.raw, Err: fmt.Errorf("%s is given twice (first as %q): give each item once", key, first)}
		}
		seen[key] = it.raw
		if err := f.setHeaderItem(it.name, it.value, it.hasValue); err != nil {
			return Fault{}, &HeaderError{Item: it.raw, Err: err}
		}
	}
	if f.Key == "" {
		f.Key = "client-request-id"
	} else {
		// The key given in the header is a literal: every request that carries it shares the count.
		f.Key = "literal:" + f.Key
	}
	return f, nil
}

// setHeaderItem applies one item of the header grammar.
func (f *Fault) setHeaderItem(name, arg string, hasArg bool) error {
	flag := func(c Connection) error {
		if hasArg && c != ConnectionHang {
			return fmt.Errorf("%s takes no value", name)
		}
		f.Connection = c
		return nil
	}
	var err error
	switch name {
	case "status":
		f.Status, err = strconv.Atoi(arg)
	case "code":
		f.Code = arg
	case "message":
		f.Message, f.emptyMessage = arg, arg == ""
	case "retry-after":
		f.RetryAfter, err = ParseDuration(arg)
		f.zeroRetryAfter = err == nil && f.RetryAfter == 0
	case "header":
		k, v, ok := strings.Cut(arg, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("header needs Name:Value")
		}
		k, v = http.CanonicalHeaderKey(strings.TrimSpace(k)), strings.TrimSpace(v)
		if err := checkResponseHeader(k, v); err != nil {
			return err
		}
		if f.Headers == nil {
			f.Headers = map[string]string{}
		}
		f.Headers[k] = v
	case "delay":
		f.Delay, err = parseLatency(arg)
	case "dribble":
		chunks, over, ok := strings.Cut(arg, "/")
		if !ok {
			return fmt.Errorf("dribble needs CHUNKS/DURATION, such as 10/2s")
		}
		d := &Dribble{}
		if d.Chunks, err = strconv.Atoi(chunks); err == nil {
			d.Over, err = ParseDuration(over)
		}
		f.Dribble = d
	case "reset":
		return flag(ConnectionReset)
	case "close":
		return flag(ConnectionClose)
	case "truncate":
		return flag(ConnectionTruncate)
	case "garbage":
		return flag(ConnectionGarbage)
	case "hang":
		if hasArg {
			if f.HangMax, err = ParseDuration(arg); err != nil {
				return err
			}
		}
		return flag(ConnectionHang)
	case "times":
		f.Times, err = strconv.Atoi(arg)
	case "after":
		f.After, err = strconv.Atoi(arg)
	case "every":
		f.Every, err = strconv.Atoi(arg)
	case "probability":
		f.Probability, err = strconv.ParseFloat(arg, 64)
	case "key":
		if arg == "" {
			return fmt.Errorf("key needs a value")
		}
		f.Key = arg
	case "apply-then-fail":
		f.ApplyThenFail = true
	default:
		return fmt.Errorf("unknown item (docs/faults.md lists the header's items)")
	}
	if err != nil {
		return fmt.Errorf("bad value: %v", err)
	}
	return nil
}

// parseLatency reads 300ms, uniform(100ms,300ms) or lognormal(200ms,0.5).
func parseLatency(s string) (*Latency, error) {
	fn, args, ok := strings.Cut(s, "(")
	if !ok {
		d, err := ParseDuration(s)
		return &Latency{Fixed: d}, err
	}
	if !strings.HasSuffix(args, ")") {
		return nil, fmt.Errorf("missing ')'")
	}
	a, b, ok := strings.Cut(strings.TrimSuffix(args, ")"), ",")
	if !ok {
		return nil, fmt.Errorf("%s needs two arguments", fn)
	}
	first, err := ParseDuration(a)
	if err != nil {
		return nil, err
	}
	switch strings.TrimSpace(fn) {
	case "uniform":
		second, err := ParseDuration(b)
		return &Latency{Min: first, Max: second}, err
	case "lognormal":
		sigma, err := strconv.ParseFloat(strings.TrimSpace(b), 64)
		return &Latency{Median: first, Sigma: sigma}, err
	}
	return nil, fmt.Errorf("unknown distribution %q (use uniform or lognormal)", fn)
}
