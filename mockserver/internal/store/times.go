package store

import (
	"bytes"
	"fmt"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// ParseDateTime parses Graph's DateTimeOffset: 0 to 7 fractional digits, Z or an offset. It is
// the one reading of the times the store orders and filters by, shared by scenario loading,
// writes and $filter so they agree on what a time is.
func ParseDateTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, s)
}

// FormatTime writes a time for messages, so every message about times spells them alike.
func FormatTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// TimeMember reads a DateTimeOffset member of an entity's JSON (startDateTime, endDateTime);
// absent or null gives the zero time. The error says what is wrong with the member, naming it,
// so callers can report it at the member's JSON pointer.
func TimeMember(o jsondoc.Object, name string) (time.Time, error) {
	return TimeValue(name, o.Get(name))
}

// TimeValue is TimeMember for the member's value as written (nil when it is absent), for a
// caller that has already found it.
func TimeValue(name string, v []byte) (time.Time, error) {
	if v == nil || bytes.Equal(v, []byte("null")) {
		return time.Time{}, nil
	}
	if len(v) < 2 || v[0] != '"' {
		return time.Time{}, fmt.Errorf("%s must be a date-time string", name)
	}
	s, _ := jsondoc.StringShared(v) // the parse keeps nothing of it, and the message copies it
	t, err := ParseDateTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not an ISO 8601 date-time such as 2026-11-20T10:15:42.4170000Z", name, s)
	}
	return t, nil
}
