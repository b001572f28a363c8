package journal

import (
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// Filter selects journal entries; zero fields select everything. Method matches without regard
// to case; Since keeps entries at or after that time (the server's clock).
type Filter struct {
	Route  faults.Route
	Method string
	Status int
	Since  time.Time
}

// matches reports whether an entry passes the filter.
func (f Filter) matches(e *Entry) bool {
	return (f.Route == "" || f.Route == e.Route) &&
		(f.Method == "" || strings.EqualFold(f.Method, e.Method)) &&
		(f.Status == 0 || f.Status == e.Status) &&
		(f.Since.IsZero() || !e.Time.Before(f.Since))
}

// FilterError is a filter given as text (the admin API's query string) that does not parse;
// Message says which parameter and why.
type FilterError struct{ Message string }

func (e *FilterError) Error() string { return e.Message }

// ParseFilter reads a filter from the admin API's query parameters route, method, status (a
// number) and since (an RFC 3339 date-time); empty ones do not filter.
func ParseFilter(route, method, status, since string) (Filter, error) {
	f := Filter{Route: faults.Route(route), Method: method}
	if status != "" {
		n, err := strconv.Atoi(status)
		if err != nil {
			return Filter{}, &FilterError{"status=" + status + " is not a number."}
		}
		f.Status = n
	}
	if since != "" {
		t, err := time.Parse(time.RFC3339Nano, since)
		if err != nil {
			return Filter{}, &FilterError{"since=" + since + " is not an RFC 3339 date-time such as 2026-11-20T10:00:00Z."}
		}
		f.Since = t
	}
	return f, nil
}
