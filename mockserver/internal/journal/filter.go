package journal

import (
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
