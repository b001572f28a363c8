package odata

import "strconv"

// Page sizes Graph documents for callRecords: 60 call records and 60 sessions a page, 130
// participants. Graph documents no segment page size; the mock uses 60 like sessions. Each is
// both the default and the most a client may ask for.
const (
	MaxRecordsPage      = 60
	MaxSessionsPage     = 60
	MaxSegmentsPage     = 60
	MaxParticipantsPage = 130
)

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
func PageSize(p Prefer, configured, max int) (size int, applied string) {
	if p.MaxPageSize > 0 {
		size = min(p.MaxPageSize, max)
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
// pages; it must come with the $top of the request it came from and without $skip (the token
// holds the position), else a *QueryError. Otherwise the size is $top (1 to max, else a
// *QueryError), else PageSize decides.
func StartPage(q Query, collection string, prefs Prefer, configured, max int) (Page, error) {
	if q.SkipToken != "" {
		tok, err := DecodeSkipToken(q.SkipToken, collection)
		if err != nil {
			return Page{}, err
		}
		if err := tok.sameRequest(q); err != nil {
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
