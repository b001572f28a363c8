package canon

import (
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// unknownFutureValue is the enum member Graph shows in place of an evolvable one.
const unknownFutureValue = `"unknownFutureValue"`

// Show is how one response shows stored JSON, from the request's Prefer header. The zero Show is
// Graph's default: nulls written, evolvable enum members shown as unknownFutureValue.
type Show struct {
	// OmitNulls leaves out every member whose value is null, at any depth (omit-values=nulls).
	OmitNulls bool
	// UnknownEnumMembers shows evolvable enum members as stored (include-unknown-enum-members).
	UnknownEnumMembers bool
}

// Plain reports whether obj is shown exactly as stored, so a response can copy its bytes: true
// unless nulls are to be left out or obj holds an evolvable member the client did not ask for.
func (s Show) Plain(obj jsondoc.Object) bool {
	return !s.OmitNulls && (s.UnknownEnumMembers || !obj.Evolvable)
}

// AppendValue appends v, the stored value of the member name of an entity of type t, as s shows
// it. The caller decides whether the member itself is written (a null one under OmitNulls is not).
func (s Show) AppendValue(b []byte, t model.EntityType, name string, v []byte) []byte {
	n, err := typeOf(t)
	if err != nil || n == nil {
		return s.value(b, nil, v)
	}
	return s.value(b, n.props[name], v)
}

// AppendObject appends a stored entity of type t kept as bare JSON (the organizer_v2) as s shows
// it; its bytes are copied when nothing in it can change.
func (s Show) AppendObject(b []byte, t model.EntityType, raw []byte) []byte {
	n, err := typeOf(t)
	if err != nil || !s.OmitNulls && (s.UnknownEnumMembers || n == nil || !n.mayEvolve) {
		return append(b, raw...)
	}
	return s.value(b, n, raw)
}

// value appends v, at a position described by n (nil: undeclared), as s shows it.
func (s Show) value(b []byte, n *node, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	switch v[0] {
	case '{':
		n = variant(n, v)
		b = append(b, '{')
		open := len(b)
		for i := 1; ; {
			m, next, ok := nextMember(v, i)
			if !ok {
				break
			}
			i = afterValue(v, next)
			if s.OmitNulls && isNull(m.value) {
				continue
			}
			if len(b) > open {
				b = append(b, ',')
			}
			var p *node
			if n != nil {
				p = n.props[m.name()]
			}
			b = s.value(append(append(b, m.key...), ':'), p, m.value)
		}
		return append(b, '}')
	case '[':
		var item *node
		if n != nil {
			item = n.items
		}
		b = append(b, '[')
		for i := 1; i < len(v) && v[i] != ']'; {
			end := valueEnd(v, i)
			if i > 1 {
				b = append(b, ',')
			}
			b = s.value(b, item, v[i:end])
			i = afterValue(v, end)
		}
		return append(b, ']')
	case '"':
		if n != nil && n.evolvable != nil && !s.UnknownEnumMembers && n.evolvable[string(v[1:len(v)-1])] {
			return append(b, unknownFutureValue...)
		}
	}
	return append(b, v...)
}
