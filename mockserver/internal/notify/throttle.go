package notify

import (
	"net/url"
	"time"
)

// Graph's slow and drop rule, on the server's clock: in a 10-minute window, an endpoint more than
// 10% of whose answers take longer than the first attempt's timeout (3 s) is marked slow, and new
// notifications to it go out 10 minutes late; one more than 15% of whose answers take longer than
// a retry's timeout (10 s) is marked drop, and new notifications to it are dropped. The standing
// is evaluated again every 10 minutes.
const (
	throttleWindow = 10 * time.Minute
	slowPercent    = 10
	dropPercent    = 15
)

// standing is what the slow and drop rule says of an endpoint.
type standing int

const (
	normal standing = iota
	slow
	drop
)

// endpoint is one notification URL's record for the rule: the answers of the current window and
// the standing it has earned. A Hub's lock guards it.
type endpoint struct {
	windowStart          time.Time
	total, late, tooLate int
	standing             standing
}

// endpointKey is the endpoint a URL names: its query string does not make another endpoint.
func endpointKey(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.RawQuery, u.ForceQuery, u.Fragment = "", false, ""
	return u.String()
}

// roll starts a new window when now is past the current one: the standing for the new window is
// what the window that ended earned (an endpoint that was not called in it is back to normal).
func (e *endpoint) roll(now time.Time) {
	if e.windowStart.IsZero() {
		e.windowStart = now
		return
	}
	if now.Before(e.windowStart.Add(throttleWindow)) {
		return
	}
	e.standing = e.earned()
	e.windowStart, e.total, e.late, e.tooLate = now, 0, 0, 0
}

// earned is the standing the current window's answers earn.
func (e *endpoint) earned() standing {
	switch {
	case e.total == 0:
		return normal
	case e.tooLate*100 > dropPercent*e.total:
		return drop
	case e.late*100 > slowPercent*e.total:
		return slow
	}
	return normal
}

// at is the endpoint's standing at now.
func (e *endpoint) at(now time.Time) standing {
	e.roll(now)
	return e.standing
}

// note counts one answer at now: late when it took longer than the first attempt's timeout,
// tooLate when longer than a retry's. Crossing a threshold marks the endpoint at once, for the
// rest of the window and the next evaluation.
func (e *endpoint) note(now time.Time, late, tooLate bool) {
	e.roll(now)
	e.total++
	if late {
		e.late++
	}
	if tooLate {
		e.tooLate++
	}
	if s := e.earned(); s > e.standing {
		e.standing = s
	}
}
