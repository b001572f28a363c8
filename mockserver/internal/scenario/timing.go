package scenario

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/store"
	"gopkg.in/yaml.v3"
)

// The timeline keys of a scenario: graphmock's own metadata, never a Graph property, so they are
// taken out before an entity is checked against its schema and never appear in a response.
//
//	clock: 2026-11-28T12:00:00Z   where the namespace's clock starts (top level)
//	retention: 30d                records are gone this long after they start (top level)
//	availableAfter: 25m           a call record becomes available this long after its
//	                              endDateTime, or at a date-time (2026-11-28T12:25:00Z)
const (
	clockKey     = "clock"
	retentionKey = "retention"
	availableKey = "availableAfter"
)

// ParseSpan reads a length of time as a scenario writes it: Go's duration syntax (90s, 25m,
// 1h30m) with days as well (30d, 1d12h). It must not be negative.
func ParseSpan(s string) (time.Duration, error) {
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n > 100000 {
			return 0, fmt.Errorf("%q is not a length of time such as 25m, 2h or 30d", s)
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a length of time such as 25m, 2h or 30d", s)
	}
	return days + d, nil
}

// scalar returns the value of the timeline key at ptr as written, or reports that it is not a
// scalar.
func (l *loader) scalar(n *yaml.Node, ptr string) (string, bool) {
	v := resolve(n)
	if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" || v.Value == "" {
		l.add(v.Line, ptr, "must be a date-time or a length of time, found %s", kindName(v))
		return "", false
	}
	return v.Value, true
}

// clock reads the top-level clock: a date-time.
func (l *loader) clock(n *yaml.Node) {
	s, ok := l.scalar(n, "/"+clockKey)
	if !ok {
		return
	}
	t, err := store.ParseDateTime(s)
	if err != nil {
		l.add(n.Line, "/"+clockKey, "clock %q is not a date-time such as 2026-11-28T12:00:00Z", s)
		return
	}
	l.clockAt = t
}

// retention reads the top-level retention: a positive length of time.
func (l *loader) retention(n *yaml.Node) {
	s, ok := l.scalar(n, "/"+retentionKey)
	if !ok {
		return
	}
	d, err := ParseSpan(s)
	if err == nil && d == 0 {
		err = fmt.Errorf("%q keeps nothing: leave retention out to keep records forever", s)
	}
	if err != nil {
		l.add(n.Line, "/"+retentionKey, "retention: %v", err)
		return
	}
	l.retainText, l.retain = s, d
}

// availability reads a call record's availableAfter: a length of time after its endDateTime, or a
// date-time.
func (l *loader) availability(n *yaml.Node, ptr string, rec store.Entry) store.Timing {
	ptr += "/" + availableKey
	s, ok := l.scalar(n, ptr)
	if !ok {
		return store.Timing{}
	}
	at, err := Availability(s, rec.End)
	if err != nil {
		l.add(n.Line, ptr, "%v", err)
		return store.Timing{}
	}
	return store.Timing{Available: s, From: at}
}

// Availability is when a call record that ends at end becomes available, given its
// availableAfter as written: a date-time, or a length of time after end.
func Availability(s string, end time.Time) (time.Time, error) {
	if t, err := store.ParseDateTime(s); err == nil {
		return t, nil
	}
	d, err := ParseSpan(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("availableAfter %q is neither a length of time after the record's endDateTime (25m, 2h) nor a date-time", s)
	}
	if end.IsZero() {
		return time.Time{}, fmt.Errorf("availableAfter %q counts from the record's endDateTime, which it does not have: give a date-time instead", s)
	}
	return end.Add(d), nil
}
