package journal

import (
	"net/http"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// RetryReport says how a client answered one throttled (429) or unavailable (503) response:
// whether it called the same route again with the same client-request-id (the key retrying
// clients keep), how long it waited, whether that was at least the Retry-After it was given, and
// how many more times it called before it stopped or got through. It lets a test assert "honours
// Retry-After, no retry storm".
type RetryReport struct {
	RequestID       string        `json:"requestId"`
	ClientRequestID string        `json:"clientRequestId"`
	Route           faults.Route  `json:"route"`
	Status          int           `json:"status"`
	At              time.Time     `json:"at"`
	RetryAfter      time.Duration `json:"retryAfter"`
	Retried         bool          `json:"retried"`
	Waited          time.Duration `json:"waited,omitempty"`
	Honoured        bool          `json:"honoured"`
	// Retries counts the calls with the same key and route after this response, up to and
	// including the first that was not throttled.
	Retries int `json:"retries"`
}

// RetryReports finds every 429 and 503 among entries (oldest first, as Ring.List gives them) and
// what the client did next. A client that sends no client-request-id cannot be followed: its
// requests carry their own request id as the key, so a throttled one reports no retry.
func RetryReports(entries []Entry) []RetryReport {
	var out []RetryReport
	for i, e := range entries {
		if !throttled(e.Status) {
			continue
		}
		r := RetryReport{RequestID: e.RequestID, ClientRequestID: e.ClientRequestID, Route: e.Route, Status: e.Status, At: e.Time, RetryAfter: e.RetryAfter}
		for _, later := range entries[i+1:] {
			if later.Route != e.Route || later.ClientRequestID != e.ClientRequestID || later.ClientRequestID == later.RequestID {
				continue // another request
			}
			if !r.Retried {
				r.Retried, r.Waited = true, later.Time.Sub(e.Time)
				r.Honoured = r.Waited >= e.RetryAfter
			}
			r.Retries++
			if !throttled(later.Status) {
				break
			}
		}
		out = append(out, r)
	}
	return out
}

// throttled reports whether a status asks the client to come back later.
func throttled(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}
