package journal

import (
	"encoding/json"
	"fmt"
	"time"
)

// The journal's JSON (GET /_mock/requests, GET /_mock/retries) writes durations as Go duration
// strings ("1.5ms", "1s"), the form fault rules are written and listed in, rather than
// encoding/json's default integer of nanoseconds: one form for every duration the admin API
// carries. The Go fields stay time.Duration; these methods convert at the edge, both ways, so a
// Go client can decode what the admin API sends into the same types.

// entryJSON and retryReportJSON are the types without their JSON methods, so the methods can
// reuse encoding/json for every other field. A field of the outer struct below with the same
// JSON name hides the embedded one.
type (
	entryJSON       Entry
	retryReportJSON RetryReport
)

// MarshalJSON writes the entry with Duration and RetryAfter as duration strings (RetryAfter
// left out when the response carried none).
func (e Entry) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		entryJSON
		Duration   string `json:"duration"`
		RetryAfter string `json:"retryAfter,omitempty"`
	}{entryJSON(e), e.Duration.String(), durationOrEmpty(e.RetryAfter)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (e *Entry) UnmarshalJSON(b []byte) error {
	w := struct {
		*entryJSON
		Duration   string `json:"duration"`
		RetryAfter string `json:"retryAfter"`
	}{entryJSON: (*entryJSON)(e)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if err := parseDuration(w.Duration, &e.Duration); err != nil {
		return err
	}
	return parseDuration(w.RetryAfter, &e.RetryAfter)
}

// MarshalJSON writes the report with RetryAfter and Waited as duration strings (Waited left out
// when the client did not retry).
func (r RetryReport) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		retryReportJSON
		RetryAfter string `json:"retryAfter"`
		Waited     string `json:"waited,omitempty"`
	}{retryReportJSON(r), r.RetryAfter.String(), durationOrEmpty(r.Waited)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *RetryReport) UnmarshalJSON(b []byte) error {
	w := struct {
		*retryReportJSON
		RetryAfter string `json:"retryAfter"`
		Waited     string `json:"waited"`
	}{retryReportJSON: (*retryReportJSON)(r)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if err := parseDuration(w.RetryAfter, &r.RetryAfter); err != nil {
		return err
	}
	return parseDuration(w.Waited, &r.Waited)
}

// durationOrEmpty is d as a duration string, or "" for zero (so omitempty leaves it out).
func durationOrEmpty(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// parseDuration sets *target from a duration string; an empty string (a member left out) is zero.
func parseDuration(s string, target *time.Duration) error {
	if s == "" {
		*target = 0
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("journal: %q is not a duration such as 1.5ms", s)
	}
	*target = d
	return nil
}
