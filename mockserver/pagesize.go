package mockserver

import (
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

// pageStart works out where a collection page starts and how long it is (odata.StartPage decides
// from the query, the Prefer header and the server's page size) and sets Preference-Applied on
// resp when a preference was honoured.
func (s *Server) pageStart(rq *request, q odata.Query, collection string, max int, resp *response) (position, error) {
	p, err := odata.StartPage(q, collection, rq.prefs, s.cfg.pageSize, max)
	if err != nil {
		return position{}, err
	}
	if p.PreferenceApplied != "" {
		resp.setHeader("Preference-Applied", p.PreferenceApplied)
	}
	return position{After: p.After, Skip: p.Skip, Size: p.Size}, nil
}

// setHeader sets a response header, allocating the header map on first use.
func (r *response) setHeader(name, value string) {
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set(name, value)
}

// nextPage is the token for the page after p, or false when p was the last.
func nextPage[T any](p page[T], pos position) (odata.SkipToken, bool) {
	if !p.More {
		return odata.SkipToken{}, false
	}
	return odata.SkipToken{After: p.LastSeq, Size: pos.Size}, true
}

// honourPreferences adds the output preferences a successful JSON answer honoured (omit-values,
// include-unknown-enum-members) to its Preference-Applied header, beside what the handler set.
func (rq *request) honourPreferences(resp response, err error) (response, error) {
	if err == nil && resp.status < 300 && resp.status != http.StatusNoContent && resp.contentType == "" {
		if applied := rq.prefs.AppliedWith(resp.header.Get("Preference-Applied")); applied != "" {
			resp.setHeader("Preference-Applied", applied)
		}
	}
	return resp, err
}

// nextLink is the @odata.nextLink of a collection page: the request's own path on its base URL,
// its query options as sent, and tok bound to the collection.
func nextLink(rq *request, q odata.Query, collection string, tok odata.SkipToken) string {
	target := rq.base + strings.TrimPrefix(rq.http.URL.EscapedPath(), "/"+rq.version)
	return odata.NextLink(target, q, tok.Encode(collection))
}
