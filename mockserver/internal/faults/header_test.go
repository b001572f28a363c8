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
		{`status=503; message="a; b = \"c\" "; key="job;1"`, faults.Fault{Status: 503, Message: `a; b = "c" `, Key: "literal:job;1"}},
		{`status=500; header="X-A: x;y"; header=X-B:z`, faults.Fault{Status: 500, Headers: map[string]string{"X-A": "x;y", "X-B": "z"}, Key: "client-request-id"}},
		{"status=429; retry-after=1e3", faults.Fault{Status: 429, RetryAfter: 1000 * time.Second, Key: "client-request-id"}},
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
		{"status=429; status=503", "status=503", "", `status is given twice (first as "status=429")`},
		{"hang; hang=1s", "hang=1s", "", "hang is given twice"},
		{"status=500; header=X-A:1; header=x-a:2", "header=x-a:2", "", "header X-A is given twice"},
		{"status=500; header=Bad Name:v", "header=Bad Name:v", "", `"Bad Name" is not a header name`},
		{"status=500; header=content-type:text/html", "header=content-type:text/html", "", "a fault cannot set Content-Type"},
		{"status=500; header=X-A:\x01", "header=X-A:\x01", "", ""},
		{`status=500; message="open`, `message="open`, "", "no closing"},
		{`message="a"b; status=500`, `message="a"b; status=500`, "", "after the closing"},
		{"status=429; retry-after=NaN", "retry-after=NaN", "", "is not a duration"},
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

// TestEmptyMessage: message= and message="" send an empty message; no message sends the
// default for the status.
func TestEmptyMessage(t *testing.T) {
	t.Parallel()
	for value, want := range map[string]string{"status=429; message=": "", `status=429; message=""`: "", "status=429": "Please retry again later.", "status=429; message= x ": "x"} {
		f, err := faults.ParseHeader(value)
		if err != nil {
			t.Fatalf("%q: %v", value, err)
		}
		if got := f.Answer().Message; got != want {
			t.Errorf("%q: message %q, want %q", value, got, want)
		}
	}
}

// TestQuoteHeaderValueRoundTrips: any message, written with QuoteHeaderValue, reads back as it
// was, whatever ';', '=', quotes, backslashes and spaces it holds.
func TestQuoteHeaderValueRoundTrips(t *testing.T) {
	t.Parallel()
	for _, msg := range []string{"", "plain", " padded ", "a;b", `say "hi"`, `back\slash\`, `"`, `\`, "a=b; c=\"d\"", "tab\tend"} {
		f, err := faults.ParseHeader("status=500; message=" + faults.QuoteHeaderValue(msg) + "; times=1")
		if err != nil {
			t.Fatalf("%q: %v", msg, err)
		}
		if got := f.Answer().Message; got != msg && !(msg == "" && got == "") {
			t.Errorf("%q read back as %q", msg, got)
		}
	}
}

// TestStatusCodesAreIdentifiers: every error status has a code made of letters and digits, the
// ones Graph sends are Graph's, and no code is a naive squeeze of the status name.
func TestStatusCodesAreIdentifiers(t *testing.T) {
	t.Parallel()
	for status := 400; status <= 599; status++ {
		code := faults.Fault{Status: status}.Answer().Code
		if code == "" || strings.IndexFunc(code, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) >= 0 {
			t.Errorf("%d: code %q is not an identifier", status, code)
		}
	}
	for status, want := range map[int]string{418: "ImATeapot", 414: "RequestURITooLong", 429: "TooManyRequests", 503: "serviceNotAvailable", 451: "UnavailableForLegalReasons", 499: "invalidRequest", 599: "generalException"} {
		if got := (faults.Fault{Status: status}).Answer().Code; got != want {
			t.Errorf("%d: %q, want %q", status, got, want)
		}
	}
}
