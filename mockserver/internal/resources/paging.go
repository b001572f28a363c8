package resources

import (
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

// pageStart works out which page a collection request asks for: from its $skiptoken, or from
// $top, $skip and Prefer: odata.maxpagesize (noting Preference-Applied on resp) within max.
func pageStart(rq *Request, q odata.Query, collection string, max int, resp *Response) (position, error) {
	p, err := odata.StartPage(q, collection, rq.Prefs, rq.Config.PageSize, max)
	if err != nil {
		return position{}, err
	}
	if p.PreferenceApplied != "" {
		resp.SetHeader("Preference-Applied", p.PreferenceApplied)
	}
	return position{After: p.After, Skip: p.Skip, Size: p.Size}, nil
}

// nextPage is the skip token of the page after p, and whether there is one.
func nextPage[T any](p page[T], pos position) (odata.SkipToken, bool) {
	if !p.More {
		return odata.SkipToken{}, false
	}
	return odata.SkipToken{After: p.LastSeq, Size: pos.Size}, true
}

// nextLink is the absolute @odata.nextLink for the request's path with tok.
func nextLink(rq *Request, q odata.Query, collection string, tok odata.SkipToken) string {
	target := rq.Base + strings.TrimPrefix(rq.HTTP.URL.EscapedPath(), "/"+rq.Version)
	return odata.NextLink(target, q, tok.Encode(collection))
}
