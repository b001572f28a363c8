package reports

import "strconv"

// MaxPage is the most rows a page holds, and its size when nothing asks for less: "If there are
// more than 1,000 entries in the date range, the body also includes an @odata.nextLink".
const MaxPage = 1000

// Paging is what shapes a call's pages besides its range: the request's $top (the page size, as
// everywhere in Graph; the next link repeats it) and $skip (rows of the range to pass over), the
// Prefer header's odata.maxpagesize, and the server's configured page size.
type Paging struct {
	Top         int
	HasTop      bool
	Skip        int
	MaxPageSize int // 0: no preference
	Configured  int // 0: none configured
}

// Page is one page of a call's rows, by start time.
type Page struct {
	// Rows is shared with the Book (no row is copied): callers must not change it.
	Rows []Row
	// More says rows remain after this page. The next page is the same call with $skip=NextSkip
	// and, when LinkTop is not 0, $top=LinkTop: the page size odata.maxpagesize chose, which a
	// client following the link does not send again.
	More     bool
	NextSkip int
	LinkTop  int
	// PreferenceApplied is the Preference-Applied header's value, or "".
	PreferenceApplied string
}

// Call answers a call of report k: args is the function segment's parameter text, still
// percent-encoded (see ParseCall), p the paging. Its errors are a *ParamError or a *RangeError;
// nothing is changed either way.
func (b *Book) Call(k Kind, args string, p Paging) (Page, error) {
	r, err := ParseCall(k, args)
	if err != nil {
		return Page{}, err
	}
	var out Page
	size := MaxPage
	switch {
	case p.HasTop:
		if p.Top < 1 || p.Top > MaxPage {
			return Page{}, paramErrorf("Invalid page size specified: '%d'. Must be between 1 and %d inclusive.", p.Top, MaxPage)
		}
		size = p.Top
	case p.MaxPageSize > 0:
		size = min(p.MaxPageSize, MaxPage)
		out.PreferenceApplied = "odata.maxpagesize=" + strconv.Itoa(size)
		out.LinkTop = size
	case p.Configured > 0:
		size = min(p.Configured, MaxPage)
	}
	rows := b.window(k, r)
	start := min(max(p.Skip, 0), len(rows))
	end := start + min(size, len(rows)-start)
	out.Rows, out.More, out.NextSkip = rows[start:end], end < len(rows), end
	return out, nil
}
