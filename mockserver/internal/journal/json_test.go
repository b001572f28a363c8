package journal

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestDurationsInJSON checks that every duration the journal's JSON carries is a duration string
// ("1.5ms", "1s"), the form fault rules use, never an integer of nanoseconds; that zero optional
// ones are left out; and that decoding gives back the same values.
func TestDurationsInJSON(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		value   any // an Entry or a RetryReport
		want    []string
		notWant []string
	}{
		{"entry with Retry-After", Entry{Time: t0, Route: "getSession", Method: "GET", URL: "/v1.0/x", Header: http.Header{"A": {"b"}},
			Status: 429, Duration: 1500 * time.Microsecond, RetryAfter: time.Second, Fault: "fault-1"},
			[]string{`"duration":"1.5ms"`, `"retryAfter":"1s"`, `"fault":"fault-1"`, `"status":429`}, nil},
		{"entry without Retry-After", Entry{Time: t0, Route: "getSession", Status: 200, Duration: 42 * time.Nanosecond},
			[]string{`"duration":"42ns"`}, []string{`retryAfter`}},
		{"entry of zero duration", Entry{Time: t0, Status: 200},
			[]string{`"duration":"0s"`}, nil},
		{"report of a retry", RetryReport{RequestID: "r1", Route: "listSessions", Status: 429, At: t0, RetryAfter: 2 * time.Second,
			Retried: true, Waited: 2500 * time.Millisecond, Honoured: true, Retries: 1},
			[]string{`"retryAfter":"2s"`, `"waited":"2.5s"`, `"honoured":true`, `"retries":1`}, nil},
		{"report without a retry", RetryReport{RequestID: "r1", Route: "listSessions", Status: 503, At: t0, RetryAfter: 1500 * time.Millisecond},
			[]string{`"retryAfter":"1.5s"`, `"retried":false`}, []string{`waited`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(tc.value)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("JSON lacks %s:\n%s", w, b)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(string(b), w) {
					t.Errorf("JSON has %s:\n%s", w, b)
				}
			}
			back := reflect.New(reflect.TypeOf(tc.value))
			if err := json.Unmarshal(b, back.Interface()); err != nil {
				t.Fatalf("decoding %s: %v", b, err)
			}
			if got := back.Elem().Interface(); !reflect.DeepEqual(got, tc.value) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, tc.value)
			}
		})
	}
}

// TestDurationsInJSONRefuseNanoseconds checks that decoding takes only the string form.
func TestDurationsInJSONRefuseNanoseconds(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{"duration":1500000}`, `{"duration":"soon"}`, `{"duration":"1s","retryAfter":"x"}`} {
		var e Entry
		if err := json.Unmarshal([]byte(in), &e); err == nil {
			t.Errorf("Entry from %s decoded as %+v, want an error", in, e)
		}
	}
	var r RetryReport
	if err := json.Unmarshal([]byte(`{"retryAfter":"1s","waited":2000000000}`), &r); err == nil {
		t.Errorf("RetryReport with a nanosecond waited decoded as %+v, want an error", r)
	}
}
