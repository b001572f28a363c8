package faults_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// TestAnswerRetryAfterInWholeSeconds checks that Retry-After is sent as RFC 9110 and Graph write
// it, whole seconds rounded up, and that an explicit retry-after=0 is sent as 0.
func TestAnswerRetryAfterInWholeSeconds(t *testing.T) {
	t.Parallel()
	fromJSON := func(raw string) faults.Fault {
		var f faults.Fault
		if err := json.Unmarshal([]byte(raw), &f); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		back, err := json.Marshal(f) // the rule's JSON form keeps what it was given
		if err != nil || json.Unmarshal(back, &f) != nil {
			t.Fatalf("%s: round trip %s %v", raw, back, err)
		}
		return f
	}
	fromHeader := func(value string) faults.Fault {
		f, err := faults.ParseHeader(value)
		if err != nil {
			t.Fatalf("%q: %v", value, err)
		}
		return f
	}
	cases := []struct {
		name string
		f    faults.Fault
		want string // "" when there is no Retry-After
	}{
		{"429 without one gets Graph's 1", faults.Fault{Status: 429}, "1"},
		{"503 without one gets Graph's 1", faults.Fault{Status: 503}, "1"},
		{"500 without one has none", faults.Fault{Status: 500}, ""},
		{"whole seconds stay", faults.Fault{Status: 429, RetryAfter: 5 * time.Second}, "5"},
		{"a fraction rounds up", faults.Fault{Status: 429, RetryAfter: 1500 * time.Millisecond}, "2"},
		{"Graph's sample 2.128 rounds up", faults.Fault{Status: 429, RetryAfter: 2128 * time.Millisecond}, "3"},
		{"a millisecond is a second", faults.Fault{Status: 503, RetryAfter: time.Millisecond}, "1"},
		{"on another status too", faults.Fault{Status: 500, RetryAfter: 250 * time.Millisecond}, "1"},
		{"header retry-after=0.25", fromHeader("status=429; retry-after=0.25"), "1"},
		{"header retry-after=0 sends 0", fromHeader("status=429; retry-after=0"), "0"},
		{"header retry-after=0 on a 500", fromHeader("status=500; retry-after=0"), "0"},
		{"JSON retryAfter 0", fromJSON(`{"status":503,"retryAfter":"0"}`), "0"},
		{"JSON retryAfter 0s", fromJSON(`{"status":429,"retryAfter":"0s"}`), "0"},
		{"JSON retryAfter null is the default", fromJSON(`{"status":429,"retryAfter":null}`), "1"},
		{"JSON retryAfter 2.128", fromJSON(`{"status":429,"retryAfter":2.128}`), "3"},
	}
	for _, c := range cases {
		if got := c.f.Answer().Header.Get("Retry-After"); got != c.want {
			t.Errorf("%s: Retry-After %q, want %q", c.name, got, c.want)
		}
	}
}
