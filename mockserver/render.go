package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
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
		if odata.Selected(selects, f.Name) {
			b = append(jsondoc.AppendMember(b, f.Name), f.Value...)
		}
	}
	return b
}

// appendCollection writes a collection response body:
// {"@odata.context","@odata.count"?,"value":[...],"@odata.nextLink"?}.
func appendCollection[T any](b []byte, ctx string, p page[T], count bool, next string, item func([]byte, T) []byte) []byte {
	b = append(b, '{')
	b = jsondoc.AppendStringMember(b, "@odata.context", ctx)
	if count {
		b = jsondoc.AppendIntMember(b, "@odata.count", p.Total)
	}
	b = jsondoc.AppendMember(b, "value")
	b = append(b, '[')
	for i, v := range p.Items {
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
	b = appendFields(b, v.Obj, selects)
	if v.Segments != nil {
		b = jsondoc.AppendMember(b, "segments")
		b = appendObjects(b, v.Segments, segSelects)
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
