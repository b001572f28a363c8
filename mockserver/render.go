package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"net/url"
	"strconv"
	"strings"
)

// This file turns stored objects into Graph's response bodies: @odata.context first, members as
// stored (filtered by $select), expanded collections and paging links where Graph puts them.

// appendFields appends an object's members to an open JSON object. Without $select it copies the
// stored bytes in one go: the hot path does no per-member work.
func appendFields(b []byte, obj object, selects []string) []byte {
	if selects == nil {
		if len(obj.Raw) <= 2 {
			return b
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		return append(b, obj.Raw[1:len(obj.Raw)-1]...)
	}
	for _, f := range obj.Fields {
		if selected(selects, f.Name) {
			b = append(jsondoc.AppendMember(b, f.Name), f.Value...)
		}
	}
	return b
}

// quoteKey writes an id as an OData key literal: quoted, with single quotes doubled.
func quoteKey(id string) string {
	return "'" + strings.ReplaceAll(id, "'", "''") + "'"
}

// contextURL is `{base}/$metadata#{path}` with an optional `(select,expand())` list.
func contextURL(base, path string, selects []string, expand []expandItem, suffix string) string {
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

// shapeList renders $select and $expand the way OData context URLs show them:
// `id,type,sessions(segments())`.
func shapeList(selects []string, expand []expandItem) string {
	parts := append([]string(nil), selects...)
	for _, e := range expand {
		parts = append(parts, e.name+"("+shapeList(e.selects, e.expand)+")")
	}
	return strings.Join(parts, ",")
}

// recordPath is `communications/callRecords('{id}')`, the context path of a record's children.
func recordPath(id string) string { return "communications/callRecords(" + quoteKey(id) + ")" }

// nextLink builds the absolute URL of the next page: the request's own path on the base URL, its
// query options as the client sent them (minus $skiptoken and $skip, which the token replaces),
// and the new $skiptoken.
func nextLink(rq *request, collection string, tok skipToken) string {
	var b strings.Builder
	b.WriteString(rq.base)
	b.WriteString(strings.TrimPrefix(rq.http.URL.EscapedPath(), "/"+rq.version))
	sep := "?"
	for _, p := range rq.query().pairs {
		if p.name == "$skiptoken" || p.name == "$skip" {
			continue
		}
		b.WriteString(sep)
		writeQueryText(&b, p.raw)
		sep = "&"
	}
	b.WriteString(sep)
	b.WriteString("$skiptoken=")
	b.WriteString(tok.encode(collection))
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

// appendCollection writes a collection response body:
// {"@odata.context","@odata.count"?,"value":[...],"@odata.nextLink"?}.
func appendCollection[T any](b []byte, ctx string, p page[T], count bool, next string, item func([]byte, T) []byte) []byte {
	b = append(b, '{')
	b = jsondoc.AppendStringMember(b, "@odata.context", ctx)
	if count {
		b = jsondoc.AppendIntMember(b, "@odata.count", p.total)
	}
	b = jsondoc.AppendMember(b, "value")
	b = append(b, '[')
	for i, v := range p.items {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, v)
	}
	b = append(b, ']')
	if next != "" {
		b = jsondoc.AppendStringMember(b, "@odata.nextLink", next)
	}
	return append(b, '}')
}

// appendSession writes a session, with its segments array when they were expanded.
func appendSession(b []byte, v sessionView, selects []string, segSelects []string) []byte {
	return append(appendSessionMembers(append(b, '{'), v, selects, segSelects), '}')
}

// appendSessionMembers appends a session's members (and expanded segments) to an open object.
func appendSessionMembers(b []byte, v sessionView, selects []string, segSelects []string) []byte {
	b = appendFields(b, v.obj, selects)
	if v.segments != nil {
		b = jsondoc.AppendMember(b, "segments")
		b = appendObjects(b, v.segments, segSelects)
	}
	return b
}

// appendObjects writes a JSON array of objects.
func appendObjects(b []byte, objs []object, selects []string) []byte {
	b = append(b, '[')
	for i, o := range objs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendFields(b, o, selects)
		b = append(b, '}')
	}
	return append(b, ']')
}

// sessionsLink is the sessions@odata.nextLink of a record whose expanded sessions were cut at a
// page: the sessions list URL with the same nested options and a token for the next page.
func sessionsLink(rq *request, recordID string, exp expandItem, tok skipToken) string {
	u := rq.base + "/communications/callRecords/" + idPathEscape(recordID) + "/sessions?"
	if len(exp.expand) > 0 {
		u += "$expand=" + url.QueryEscape(expandOption(exp.expand)) + "&"
	}
	if len(exp.selects) > 0 {
		u += "$select=" + url.QueryEscape(strings.Join(exp.selects, ",")) + "&"
	}
	return u + "$skiptoken=" + tok.encode(sessionsCollection(recordID))
}

// expandOption writes expand items back as an $expand value, nested options included:
// `segments($select=id,startDateTime)`, so a link keeps the shape of the expanded items.
func expandOption(items []expandItem) string {
	parts := make([]string, len(items))
	for i, e := range items {
		var nested []string
		if len(e.selects) > 0 {
			nested = append(nested, "$select="+strings.Join(e.selects, ","))
		}
		if len(e.expand) > 0 {
			nested = append(nested, "$expand="+expandOption(e.expand))
		}
		parts[i] = e.name
		if len(nested) > 0 {
			parts[i] += "(" + strings.Join(nested, ";") + ")"
		}
	}
	return strings.Join(parts, ",")
}

// participantsLink is the participants_v2@odata.nextLink of a record whose expanded participants
// were cut at a page: the participants list URL with the expand's $select and the next token.
func participantsLink(rq *request, recordID string, exp expandItem, tok skipToken) string {
	u := rq.base + "/communications/callRecords/" + idPathEscape(recordID) + "/participants_v2?"
	if len(exp.selects) > 0 {
		u += "$select=" + url.QueryEscape(strings.Join(exp.selects, ",")) + "&"
	}
	return u + "$skiptoken=" + tok.encode(participantsCollection(recordID))
}

// Collection keys bind a skiptoken to the collection it pages.
func recordsCollection() string                 { return "callRecords" }
func sessionsCollection(recordID string) string { return "sessions/" + strconv.Quote(recordID) }
func participantsCollection(rid string) string  { return "participants/" + strconv.Quote(rid) }
func segmentsCollection(rid, sid string) string {
	return "segments/" + strconv.Quote(rid) + "/" + strconv.Quote(sid)
}
