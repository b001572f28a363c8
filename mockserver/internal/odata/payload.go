package odata

import (
	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// The writers of Graph's response bodies from stored JSON: members as stored (filtered by
// $select, shown as the Prefer header asks), arrays of objects, and the collection envelope with
// @odata.context first and @odata.nextLink last, where Graph puts them.

// Writer writes stored entities into one response body: their members filtered by $select and
// shown as the request's preferences ask (Prefer.Show). An entity that shows as stored, which
// without omit-values=nulls is every entity without an evolvable enum member, has its stored
// bytes copied: the hot path does no per-member work. The zero Writer shows what Graph shows by
// default.
type Writer struct {
	Show canon.Show
}

// Fields appends the members of obj, an entity of type t, to an open JSON object.
func (w Writer) Fields(b []byte, t model.EntityType, obj jsondoc.Object, selects []string) []byte {
	if w.Show.Plain(obj) {
		return AppendFields(b, obj, selects)
	}
	show := w.Show
	if !obj.Evolvable {
		show.UnknownEnumMembers = true // nothing to hide: the walk need not know the types
	}
	for _, f := range obj.Members() {
		if !Selected(selects, f.Name) || show.OmitNulls && string(f.Value) == "null" {
			continue
		}
		b = show.AppendValue(jsondoc.AppendMember(b, f.Name), t, f.Name, f.Value)
	}
	return b
}

// Object appends obj, an entity of type t, as a JSON object.
func (w Writer) Object(b []byte, t model.EntityType, obj jsondoc.Object, selects []string) []byte {
	return append(w.Fields(append(b, '{'), t, obj, selects), '}')
}

// Objects appends a JSON array of entities of type t.
func (w Writer) Objects(b []byte, t model.EntityType, objs []jsondoc.Object, selects []string) []byte {
	b = append(b, '[')
	for i, o := range objs {
		if i > 0 {
			b = append(b, ',')
		}
		b = w.Object(b, t, o, selects)
	}
	return append(b, ']')
}

// Raw appends an entity of type t stored as bare JSON (a record's organizer_v2).
func (w Writer) Raw(b []byte, t model.EntityType, raw []byte) []byte {
	return w.Show.AppendObject(b, t, raw)
}

// SessionFields appends a session's members to an open JSON object, and its segments array when
// they were expanded (segments not nil).
func (w Writer) SessionFields(b []byte, session jsondoc.Object, segments []jsondoc.Object, selects, segSelects []string) []byte {
	b = w.Fields(b, model.Session(), session, selects)
	if segments != nil {
		b = w.Objects(jsondoc.AppendMember(b, "segments"), model.Segment(), segments, segSelects)
	}
	return b
}

// Session appends a session (with its expanded segments) as a JSON object.
func (w Writer) Session(b []byte, session jsondoc.Object, segments []jsondoc.Object, selects, segSelects []string) []byte {
	return append(w.SessionFields(append(b, '{'), session, segments, selects, segSelects), '}')
}

// AppendFields appends an object's members to an open JSON object. Without $select (selects nil)
// it copies the stored bytes in one go: the hot path does no per-member work.
func AppendFields(b []byte, obj jsondoc.Object, selects []string) []byte {
	if selects == nil {
		if len(obj.Raw) <= 2 {
			return b
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		return append(b, obj.Raw[1:len(obj.Raw)-1]...)
	}
	for _, f := range obj.Members() {
		if Selected(selects, f.Name) {
			b = append(jsondoc.AppendMember(b, f.Name), f.Value...)
		}
	}
	return b
}

// AppendCollection writes a collection response body,
// {"@odata.context","@odata.count"?,"value":[...],"@odata.nextLink"?}: count is written when
// count is not negative, next when it is not empty, and item writes each element.
func AppendCollection[T any](b []byte, context string, items []T, count int, next string, item func([]byte, T) []byte) []byte {
	b = append(b, '{')
	b = jsondoc.AppendStringMember(b, "@odata.context", context)
	if count >= 0 {
		b = jsondoc.AppendIntMember(b, "@odata.count", count)
	}
	b = jsondoc.AppendMember(b, "value")
	b = append(b, '[')
	for i, v := range items {
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
