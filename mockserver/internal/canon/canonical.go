package canon

import (
	"bytes"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// Canonical returns an entity's JSON of type t in the form graphmock stores and serves: its
// top-level control annotations dropped (WithoutControl), every DateTimeOffset in UTC with Z,
// every Int32/Int64 a plain integer, every Single/Double in shortest round-trip form and every
// enum member without escapes; the result's Evolvable says whether it holds an evolvable enum
// member. Values of the wrong kind are left as written (the validator judges them). The error is
// an embedded schema that cannot be read.
func Canonical(t model.EntityType, obj jsondoc.Object) (jsondoc.Object, error) {
	n, err := typeOf(t)
	if err != nil {
		return jsondoc.Object{}, err
	}
	obj = WithoutControl(obj)
	w := canonWriter{out: make([]byte, 0, len(obj.Raw)+16)}
	w.value(n, obj.Raw)
	if !bytes.Equal(w.out, obj.Raw) {
		if obj, err = jsondoc.Parse(w.out); err != nil {
			return jsondoc.Object{}, err
		}
	}
	obj.Evolvable = w.evolvable
	return obj, nil
}

// WithoutControl returns obj without its top-level OData control annotations (@odata.context,
// @odata.etag, @odata.id, sessions@odata.nextLink, ...): what a client sends back when it PATCHes
// a body it has just read, and what a pasted Graph response holds. @odata.type is data and stays.
func WithoutControl(obj jsondoc.Object) jsondoc.Object {
	keep := 0
	for _, f := range obj.Fields {
		if !model.IsControlAnnotation(f.Name) {
			keep++
		}
	}
	if keep == len(obj.Fields) {
		return obj
	}
	b := []byte{'{'}
	for _, f := range obj.Fields {
		if !model.IsControlAnnotation(f.Name) {
			b = append(jsondoc.AppendMember(b, f.Name), f.Value...)
		}
	}
	out, err := jsondoc.Parse(append(b, '}'))
	if err != nil {
		return obj
	}
	return out
}

// canonWriter writes values in canonical form and notes evolvable enum members on the way.
type canonWriter struct {
	out       []byte
	evolvable bool
}

// value writes v, the value at a position described by n.
func (w *canonWriter) value(n *node, v []byte) {
	if n == nil || len(v) == 0 {
		w.out = append(w.out, v...)
		return
	}
	switch {
	case n.kind == kindObject && v[0] == '{':
		w.object(variant(n, v), v)
	case n.kind == kindArray && v[0] == '[':
		w.out = append(w.out, '[')
		for i := 1; i < len(v) && v[i] != ']'; {
			end := valueEnd(v, i)
			if i > 1 {
				w.out = append(w.out, ',')
			}
			w.value(n.items, v[i:end])
			i = afterValue(v, end)
		}
		w.out = append(w.out, ']')
	case n.kind == kindDateTime && v[0] == '"':
		w.out = appendDateTime(w.out, v)
	case n.kind == kindInt && isNumber(v):
		w.out = appendInteger(w.out, v)
	case (n.kind == kindSingle || n.kind == kindDouble) && isNumber(v):
		w.out = appendFloat(w.out, v, n.kind == kindSingle)
	case n.kind == kindEnum && v[0] == '"':
		member := v[1 : len(v)-1]
		if bytes.IndexByte(member, '\\') >= 0 {
			member = jsondoc.AppendUnescaped(nil, member)
			w.out = jsondoc.AppendString(w.out, string(member))
		} else {
			w.out = append(w.out, v...)
		}
		w.evolvable = w.evolvable || n.evolvable[string(member)]
	default:
		w.out = append(w.out, v...)
	}
}

// object writes an object's members, each canonical for its declared type.
func (w *canonWriter) object(n *node, v []byte) {
	w.out = append(w.out, '{')
	for i, first := 1, true; ; first = false {
		m, next, ok := nextMember(v, i)
		if !ok {
			break
		}
		if !first {
			w.out = append(w.out, ',')
		}
		w.out = append(append(w.out, m.key...), ':')
		w.value(n.props[m.name()], m.value)
		i = afterValue(v, next)
	}
	w.out = append(w.out, '}')
}

// isNumber reports a JSON number literal.
func isNumber(v []byte) bool { return v[0] == '-' || v[0] >= '0' && v[0] <= '9' }
