package odata

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// QuoteKey writes an id as an OData key literal: quoted, with single quotes doubled, so that any
// id reads back unchanged from a context URL.
func QuoteKey(id string) string {
	return "'" + strings.ReplaceAll(id, "'", "''") + "'"
}

// RecordPath is `communications/callRecords('{id}')`, the context path of a record's children.
func RecordPath(id string) string { return "communications/callRecords(" + QuoteKey(id) + ")" }

// ContextURL is the @odata.context of a response: `{base}/$metadata#{path}`, then the shape that
// $select and $expand gave it as `(id,type,sessions(segments()))` when they did, then suffix
// (`/$entity` for one entity, "" for a collection). base is the service root with its version.
func ContextURL(base, path string, selects []string, expand []ExpandItem, suffix string) string {
	var b strings.Builder
	b.WriteString(base)
	b.WriteString("/$metadata#")
	b.WriteString(path)
	if list := shapeList(selects, expand); list != "" {
		b.WriteString("(")
		b.WriteString(list)
		b.WriteString(")")
	}
	b.WriteString(suffix)
	return b.String()
}

// AppendSegmentsContext appends, as a JSON string literal, the @odata.context of the segments of
// session sid of call record rid: ContextURL(base, RecordPath(rid)+"/sessions("+QuoteKey(sid)+
// ")/segments", selects, nil, suffix), written from its parts instead of built first, because
// reading or writing one segment is the hot path and the URL would be its only allocation.
func AppendSegmentsContext(b []byte, base, rid, sid string, selects []string, suffix string) []byte {
	b = jsondoc.AppendEscaped(append(b, '"'), base)
	b = appendEscapedKey(append(b, "/$metadata#communications/callRecords("...), rid)
	b = appendEscapedKey(append(b, ")/sessions("...), sid)
	b = append(b, ")/segments"...)
	for i, s := range selects {
		if i == 0 {
			b = append(b, '(')
		} else {
			b = append(b, ',')
		}
		b = jsondoc.AppendEscaped(b, s)
	}
	if len(selects) > 0 {
		b = append(b, ')')
	}
	return append(jsondoc.AppendEscaped(b, suffix), '"')
}

// appendEscapedKey appends QuoteKey(id) JSON-escaped.
func appendEscapedKey(b []byte, id string) []byte {
	b = append(b, '\'')
	for {
		i := strings.IndexByte(id, '\'')
		if i < 0 {
			break
		}
		b = append(jsondoc.AppendEscaped(b, id[:i]), "''"...)
		id = id[i+1:]
	}
	return append(jsondoc.AppendEscaped(b, id), '\'')
}

// shapeList renders $select and $expand the way OData context URLs show them:
// `id,type,sessions(segments())`.
func shapeList(selects []string, expand []ExpandItem) string {
	parts := append([]string(nil), selects...)
	for _, e := range expand {
		parts = append(parts, e.Name+"("+shapeList(e.Select, e.Expand)+")")
	}
	return strings.Join(parts, ",")
}

// NextLink is the absolute URL of the next page of a collection: target (the service root plus
// the request's escaped path), the client's query options exactly as sent (minus $skiptoken and
// $skip, which the token replaces), and token, an encoded $skiptoken. Clients follow the link
// without resending anything, so everything that shaped the page must be in it.
func NextLink(target string, q Query, token string) string {
	var b strings.Builder
	b.WriteString(target)
	sep := "?"
	for _, p := range q.Pairs {
		if p.Name == "$skiptoken" || p.Name == "$skip" {
			continue
		}
		b.WriteString(sep)
		writeQueryText(&b, p.Raw)
		sep = "&"
	}
	b.WriteString(sep)
	b.WriteString("$skiptoken=")
	b.WriteString(token)
	return b.String()
}

// SkipLink is the absolute URL of the next page of a collection paged by position, as Graph
// pages its report functions (…/getPstnCalls(…)?$skip=1000): target (the service root plus the
// request's escaped path), the client's query options exactly as sent minus $skip (and minus
// $top when top is not 0), then $top=top when top is not 0, then $skip=skip. top carries a page
// size the client chose in a header it will not send again.
func SkipLink(target string, q Query, top, skip int) string {
	var b strings.Builder
	b.WriteString(target)
	sep := "?"
	for _, p := range q.Pairs {
		if p.Name == "$skip" || top > 0 && p.Name == "$top" {
			continue
		}
		b.WriteString(sep)
		writeQueryText(&b, p.Raw)
		sep = "&"
	}
	if top > 0 {
		b.WriteString(sep + "$top=" + strconv.Itoa(top))
		sep = "&"
	}
	b.WriteString(sep + "$skip=" + strconv.Itoa(skip))
	return b.String()
}

// writeQueryText writes a query pair as the client sent it, percent-encoding only the bytes a URI
// may not hold (RFC 3986: controls, space, non-ASCII, and #"<>\^`{|}[]), so the link stays one
// valid URL: a raw '#' would otherwise start a fragment and cut the $skiptoken off the link.
func writeQueryText(b *strings.Builder, raw string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c > ' ' && c < 0x7f && strings.IndexByte("#\"<>\\^`{|}[]", c) < 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

// SessionsLink is the sessions@odata.nextLink of a record whose expanded sessions were cut at a
// page: the record's sessions list under base, with the expand item's nested options (so the
// next page has the same shape) and tok for the next page.
func SessionsLink(base, recordID string, exp ExpandItem, tok SkipToken) string {
	u := base + "/communications/callRecords/" + PathSegment(recordID) + "/sessions?"
	if len(exp.Expand) > 0 {
		u += "$expand=" + url.QueryEscape(ExpandOption(exp.Expand)) + "&"
	}
	if len(exp.Select) > 0 {
		u += "$select=" + url.QueryEscape(strings.Join(exp.Select, ",")) + "&"
	}
	return u + "$skiptoken=" + tok.Encode(SessionsCollection(recordID))
}

// ParticipantsLink is the participants_v2@odata.nextLink of a record whose expanded participants
// were cut at a page: the record's participants list under base, with the expand item's $select
// and tok for the next page.
func ParticipantsLink(base, recordID string, exp ExpandItem, tok SkipToken) string {
	u := base + "/communications/callRecords/" + PathSegment(recordID) + "/participants_v2?"
	if len(exp.Select) > 0 {
		u += "$select=" + url.QueryEscape(strings.Join(exp.Select, ",")) + "&"
	}
	return u + "$skiptoken=" + tok.Encode(ParticipantsCollection(recordID))
}

// PathSegment escapes an id as one URL path segment that routes back to it: url.PathEscape, plus
// a leading '$' as %24 (a raw one reads as a system segment such as $count) and the dot segments
// "." and ".." (which clients resolve away) as %2E.
func PathSegment(id string) string {
	switch id {
	case ".", "..":
		return strings.Repeat("%2E", len(id))
	}
	out := url.PathEscape(id)
	if strings.HasPrefix(out, "$") {
		out = "%24" + out[1:]
	}
	return out
}
