package odata

import (
	"strconv"
	"strings"
)

// Page sizes Graph documents for callRecords: 60 call records and 60 sessions a page, 130
// participants. Graph documents no segment page size; the mock uses 60 like sessions. Each is
// both the default and the most a client may ask for.
const (
	MaxRecordsPage      = 60
	MaxSessionsPage     = 60
	MaxSegmentsPage     = 60
	MaxParticipantsPage = 130
)

// Preferences splits the values of every Prefer header line into its comma-separated
// preferences, trimmed, empty ones dropped.
func Preferences(headerValues []string) []string {
	var out []string
	for _, line := range headerValues {
		for _, p := range strings.Split(line, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// MaxPageSize reads odata.maxpagesize from preferences (see Preferences); false when there is
// none with a positive integer value.
func MaxPageSize(prefs []string) (int, bool) {
	for _, v := range prefs {
		name, value, _ := strings.Cut(v, "=")
		if strings.EqualFold(strings.TrimSpace(name), "odata.maxpagesize") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err == nil && n > 0 {
				return n, true
			}
		}
	}
	return 0, false
}

// ReturnMinimal reports whether preferences ask for return=minimal (a write answered with 204
// and no body).
func ReturnMinimal(prefs []string) bool {
	for _, p := range prefs {
		if strings.EqualFold(strings.ReplaceAll(p, " ", ""), "return=minimal") {
			return true
		}
	}
	return false
}

// DefaultPageSize is the server's configured page size (0 when none is configured), capped by a
// collection's maximum: what a page holds when the client asks for nothing.
func DefaultPageSize(configured, max int) int {
	if configured > 0 {
		return min(configured, max)
	}
	return max
}

// PageSize decides a page's size from the client's preferences, the server's configured size
// and the collection's maximum. odata.maxpagesize wins (honoured up to max) and then applied is
// what the Preference-Applied header says; otherwise applied is "".
func PageSize(prefs []string, configured, max int) (size int, applied string) {
	if n, ok := MaxPageSize(prefs); ok {
		size = min(n, max)
		return size, "odata.maxpagesize=" + strconv.Itoa(size)
	}
	return DefaultPageSize(configured, max), ""
}

// Page is where a collection page starts and how long it is: after the item with sequence
// number After (0: from the start), skipping Skip further items, at most Size items.
// PreferenceApplied is the Preference-Applied header's value, or "" when none is due.
type Page struct {
	After             uint64
	Skip              int
	Size              int
	PreferenceApplied string
}

// StartPage works out a page of collection from the query and the preferences. A $skiptoken
// (from a next link) carries the position and size, since clients do not resend headers on later
// pages; otherwise the size is $top (1 to max, else a *QueryError), else PageSize decides.
func StartPage(q Query, collection string, prefs []string, configured, max int) (Page, error) {
	if q.SkipToken != "" {
		tok, err := DecodeSkipToken(q.SkipToken, collection)
		if err != nil {
			return Page{}, err
		}
		return Page{After: tok.After, Size: min(tok.Size, max)}, nil
	}
	p := Page{Skip: q.Skip}
	if q.Has(OptTop) {
		if q.Top < 1 || q.Top > max {
			return Page{}, errorf("Invalid page size specified: '%d'. Must be between 1 and %d inclusive.", q.Top, max)
		}
		p.Size = q.Top
		return p, nil
	}
	p.Size, p.PreferenceApplied = PageSize(prefs, configured, max)
	return p, nil
}
