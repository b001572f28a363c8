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
	if s.UnknownEnumMembers {
		return s.value(b, nil, v) // nothing depends on the types: no lookups
	}
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
	b, _ = s.appendAt(b, n, v, 0)
	return b
}

// appendAt appends the value at v[i] as s shows it and returns the offset after it in v; it
// reads v once, from left to right.
func (s Show) appendAt(b []byte, n *node, v []byte, i int) ([]byte, int) {
	switch v[i] {
	case '{':
		n = variant(n, v[i:])
		b = append(b, '{')
		open := len(b)
		for i++; v[i] != '}'; {
			if v[i] == ',' {
				i++
			}
			ke := stringEnd(v, i)
			if s.OmitNulls && isNullAt(v, ke+1) {
				i = ke + 5
				continue
			}
			if len(b) > open {
				b = append(b, ',')
			}
			b = append(append(b, v[i:ke]...), ':')
			b, i = s.appendAt(b, child(n, v[i:ke]), v, ke+1)
		}
		return append(b, '}'), i + 1
	case '[':
		var item *node
		if n != nil {
			item = n.items
		}
		b = append(b, '[')
		for i++; v[i] != ']'; {
			if v[i] == ',' {
				b = append(b, ',')
				i++
			}
			b, i = s.appendAt(b, item, v, i)
		}
		return append(b, ']'), i + 1
	case '"':
		end := stringEnd(v, i)
		if n != nil && n.evolvable != nil && !s.UnknownEnumMembers && n.evolvable[string(v[i+1:end-1])] {
			return append(b, unknownFutureValue...), end
		}
		return append(b, v[i:end]...), end
	}
	end := literalEnd(v, i)
	return append(b, v[i:end]...), end
}
