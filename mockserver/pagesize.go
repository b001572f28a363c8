package mockserver

import (
	"net/http"
	"strconv"
	"strings"
)

// pageStart works out where a collection page starts and how long it is. A $skiptoken (from a
// nextLink) carries both, since clients do not resend headers on later pages; otherwise the size
// is $top, else Prefer: odata.maxpagesize (honoured up to max and echoed in Preference-Applied),
// else the server's default page size.
func (s *Server) pageStart(rq *request, q query, collection string, max int, resp *response) (position, error) {
	if q.skipToken != "" {
		tok, err := decodeSkipToken(q.skipToken, collection)
		if err != nil {
			return position{}, err
		}
		return position{after: tok.after, size: min(tok.size, max)}, nil
	}
	pos := position{skip: q.skip, size: s.defaultPageSize(max)}
	if q.given&optTop != 0 {
		if q.top < 1 || q.top > max {
			return position{}, badRequest("Invalid page size specified: '%d'. Must be between 1 and %d inclusive.", q.top, max)
		}
		pos.size = q.top
		return pos, nil
	}
	if n, ok := preferredPageSize(rq.http.Header); ok {
		pos.size = min(n, max)
		resp.setHeader("Preference-Applied", "odata.maxpagesize="+strconv.Itoa(pos.size))
	}
	return pos, nil
}

// defaultPageSize is the configured page size, capped by a collection's maximum.
func (s *Server) defaultPageSize(max int) int {
	if s.cfg.pageSize > 0 {
		return min(s.cfg.pageSize, max)
	}
	return max
}

// preferredPageSize reads odata.maxpagesize from the Prefer header(s).
func preferredPageSize(h http.Header) (int, bool) {
	for _, v := range preferences(h) {
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

// preferences splits every Prefer header into its comma-separated preferences.
func preferences(h http.Header) []string {
	var out []string
	for _, line := range h.Values("Prefer") {
		for _, p := range strings.Split(line, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// setHeader sets a response header, allocating the header map on first use.
func (r *response) setHeader(name, value string) {
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set(name, value)
}

// nextPage is the token for the page after p, or false when p was the last.
func nextPage[T any](p page[T], pos position) (skipToken, bool) {
	if !p.more {
		return skipToken{}, false
	}
	return skipToken{after: p.lastSeq, size: pos.size}, true
}
