package faults_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

func TestParseHeader(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value string
		want  faults.Fault
	}{
		{"status=429", faults.Fault{Status: 429, Key: "client-request-id"}},
		{"STATUS = 503 ; Retry-After = 1.5; times=1; key=job-7", faults.Fault{Status: 503, RetryAfter: 1500 * time.Millisecond, Times: 1, Key: "literal:job-7"}},
		{"status=418; code=Teapot; message=short and stout; header=x-teapot: yes", faults.Fault{Status: 418, Code: "Teapot", Message: "short and stout", Headers: map[string]string{"X-Teapot": "yes"}, Key: "client-request-id"}},
		{"delay=uniform(100ms,300ms)", faults.Fault{Delay: &faults.Latency{Min: 100 * time.Millisecond, Max: 300 * time.Millisecond}, Key: "client-request-id"}},
		{"delay=lognormal(200ms,0.5); status=500", faults.Fault{Delay: &faults.Latency{Median: 200 * time.Millisecond, Sigma: 0.5}, Status: 500, Key: "client-request-id"}},
		{"dribble=10/2s", faults.Fault{Dribble: &faults.Dribble{Chunks: 10, Over: 2 * time.Second}, Key: "client-request-id"}},
		{"hang=5s; after=2; every=3; probability=0.25; apply-then-fail", faults.Fault{Connection: faults.ConnectionHang, HangMax: 5 * time.Second, After: 2, Every: 3, Probability: 0.25, ApplyThenFail: true, Key: "client-request-id"}},
		{"reset", faults.Fault{Connection: faults.ConnectionReset, Key: "client-request-id"}},
	}
	for _, c := range cases {
		got, err := faults.ParseHeader(c.value)
		if err != nil {
			t.Errorf("%q: %v", c.value, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", c.value, got, c.want)
		}
	}
}

func TestParseHeaderErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value, item, key, msg string
	}{
		{"status=abc", "status=abc", "", `X-Graphmock-Fault: "status=abc": bad value: strconv.Atoi`},
		{"nope=1", "nope=1", "", "unknown item"},
		{"reset=1", "reset=1", "", "reset takes no value"},
		{"header=NoColon", "header=NoColon", "", "header needs Name:Value"},
		{"delay=poisson(1ms,2ms)", "delay=poisson(1ms,2ms)", "", "unknown distribution"},
		{"status=200", "", "status", "X-Graphmock-Fault: status 200 is not an HTTP error status"},
		{"status=429; reset", "", "", "one action"},
		{"hang=11m", "", "hangMax", "hangMax must be between"},
		{"delay=uniform(5ms,1ms)", "", "delay", "below min"},
		{"", "", "", "no action"},
	}
	for _, c := range cases {
		_, err := faults.ParseHeader(c.value)
		var he *faults.HeaderError
		if !errors.As(err, &he) {
			t.Errorf("%q: %v, want a *HeaderError", c.value, err)
			continue
		}
		if he.Item != c.item || !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), faults.Header+": ") {
			t.Errorf("%q: item %q, %q; want item %q and a message with %q", c.value, he.Item, err, c.item, c.msg)
		}
		var re *faults.RuleError
		if c.item == "" {
			if !errors.As(err, &re) || re.Key != c.key {
				t.Errorf("%q: %#v, want a *RuleError with key %q", c.value, he.Err, c.key)
			}
		} else if errors.As(err, &re) {
			t.Errorf("%q: an item that does not parse is not a rule error: %v", c.value, re)
		}
	}
}
