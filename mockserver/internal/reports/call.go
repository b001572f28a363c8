package reports

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Range is what a call selects: the rows whose startDateTime is at or after From and before To,
// or at To as well for getPstnCalls. Both are UTC.
type Range struct {
	From, To time.Time
}

// MaxRange is the longest range a call may ask for: "The fromDateTime and toDateTime values
// cannot be more than a date range of 90 days." The docs say it of getPstnCalls; the mock holds
// getDirectRoutingCalls to it as well.
const MaxRange = 90 * 24 * time.Hour

// contains reports whether a row that started at t is in the range of report k.
func (r Range) contains(k Kind, t time.Time) bool {
	if t.Before(r.From) {
		return false
	}
	return t.Before(r.To) || k.endInclusive() && t.Equal(r.To)
}

// ParseCall reads the parameters of a call of report k: args is the text between the parentheses
// of the URL's function segment, still percent-encoded (the SDKs send 2019-11-01T00%3A00%3A00Z).
// Each of fromDateTime and toDateTime must be given once, in either order, as a date (midnight
// UTC) or an RFC 3339 date-time with a zone; the range may not be reversed (a *ParamError) nor
// longer than MaxRange (a *RangeError).
func ParseCall(k Kind, args string) (Range, error) {
	text, err := url.PathUnescape(args)
	if err != nil {
		return Range{}, paramErrorf("The parameters of %s are not correctly percent-encoded: '%s'.", k.Function(), args)
	}
	if strings.TrimSpace(text) == "" {
		return Range{}, paramErrorf("%s needs its two parameters, fromDateTime and toDateTime: %s.", k.Function(), example(k))
	}
	var at [2]time.Time
	var seen [2]bool
	pos := 0
	for _, part := range strings.Split(text, ",") {
		name, value, hasValue := strings.Cut(part, "=")
		i, err := paramIndex(k, text, strings.TrimSpace(name), pos+leadingSpace(name))
		if err != nil {
			return Range{}, err
		}
		if seen[i] {
			return Range{}, paramErrorf("The parameter '%s' is given twice in '%s'.", paramName(i), text)
		}
		seen[i] = true
		v := strings.TrimSpace(value)
		if v == "" {
			at := len(text)
			if hasValue {
				at = pos + len(name) + 1 + leadingSpace(value)
			}
			return Range{}, paramErrorf("Expression expected at position %d in '%s'.", at, text)
		}
		t, ok := parseDateTimeOffset(v)
		if !ok {
			return Range{}, paramErrorf("The value '%s' of parameter '%s' is not a DateTimeOffset: "+
				"write a date (2019-11-01, midnight UTC) or a date and time with its zone (2019-11-01T00:00:00Z).", v, paramName(i))
		}
		at[i] = t
		pos += len(part) + 1
	}
	for i, ok := range seen {
		if !ok {
			return Range{}, paramErrorf("The parameter '%s' of %s is missing: %s.", paramName(i), k.Function(), example(k))
		}
	}
	r := Range{From: at[0], To: at[1]}
	switch {
	case r.From.After(r.To):
		return Range{}, paramErrorf("fromDateTime %s is after toDateTime %s: the range starts at fromDateTime and ends at toDateTime.",
			formatTime(r.From), formatTime(r.To))
	case r.To.Sub(r.From) > MaxRange:
		return Range{}, &RangeError{Range: r}
	}
	return r, nil
}

// paramName is the name of the function's parameter i, in the order of Range's fields.
func paramName(i int) string {
	if i == 1 {
		return "toDateTime"
	}
	return "fromDateTime"
}

// paramIndex finds a parameter by name (as case-sensitive as the rest of the URL), or says what
// is wrong with the name found at position pos of text.
func paramIndex(k Kind, text, name string, pos int) (int, error) {
	switch name {
	case paramName(0):
		return 0, nil
	case paramName(1):
		return 1, nil
	case "":
		return 0, paramErrorf("Expression expected at position %d in '%s'.", pos, text)
	}
	return 0, paramErrorf("%s has no parameter '%s': its parameters are fromDateTime and toDateTime, as in %s.", k.Function(), name, example(k))
}

// example is a well-formed call of report k, for messages.
func example(k Kind) string {
	return k.Function() + "(fromDateTime=2019-11-01,toDateTime=2019-12-01)"
}

// leadingSpace counts the spaces s starts with.
func leadingSpace(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// parseDateTimeOffset reads an Edm.DateTimeOffset literal as a URL gives it: a date (midnight
// UTC, as the docs' examples write it), or a date and a time with a zone, seconds and fractional
// seconds optional.
func parseDateTimeOffset(s string) (time.Time, bool) {
	layouts := [...]string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04Z07:00"}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// formatTime writes a time for messages.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// spell writes a range's length for messages: "151 days", "90 days and 1h0m0s".
func spell(d time.Duration) string {
	const day = 24 * time.Hour
	s := strconv.FormatInt(int64(d/day), 10) + " days"
	if rest := d % day; rest != 0 {
		s += " and " + rest.String()
	}
	return s
}
