package odata

import "github.com/graphmock/graphmock/mockserver/internal/jsondoc"

// The writers of Graph's response bodies from stored JSON: members as stored (filtered by
// $select), arrays of objects, and the collection envelope with @odata.context first and
// @odata.nextLink last, where Graph puts them.

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
	for _, f := range obj.Fields {
		if Selected(selects, f.Name) {
			b = append(jsondoc.AppendMember(b, f.Name), f.Value...)
		}
	}
	return b
}

// AppendObjects writes a JSON array of objects, each filtered by $select.
func AppendObjects(b []byte, objs []jsondoc.Object, selects []string) []byte {
	b = append(b, '[')
	for i, o := range objs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = AppendFields(b, o, selects)
		b = append(b, '}')
	}
	return append(b, ']')
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
