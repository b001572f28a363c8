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
	w.value(n, obj.Raw, 0)
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

// canonWriter writes values in canonical form and notes evolvable enum members on the way. It
// reads its input once, from left to right: each method returns the offset after what it read.
type canonWriter struct {
	out       []byte
	evolvable bool
}

// value writes the value at b[i], at a position described by n, and returns the offset after it.
func (w *canonWriter) value(n *node, b []byte, i int) int {
	k := kindOther
	if n != nil {
		k = n.kind
	}
	switch c := b[i]; {
	case c == '{':
		return w.object(variant(n, b[i:]), b, i)
	case c == '[':
		var item *node
		if k == kindArray {
			item = n.items
		}
		w.out = append(w.out, '[')
		for i++; b[i] != ']'; {
			if b[i] == ',' {
				w.out = append(w.out, ',')
				i++
			}
			i = w.value(item, b, i)
		}
		w.out = append(w.out, ']')
		return i + 1
	case c == '"':
		end := stringEnd(b, i)
		switch k {
		case kindDateTime:
			w.out = appendDateTime(w.out, b[i:end])
		case kindEnum:
			w.enum(n, b[i:end])
		default:
			w.out = append(w.out, b[i:end]...)
		}
		return end
	}
	end := literalEnd(b, i)
	switch {
	case k == kindInt && isNumber(b[i:end]):
		w.out = appendInteger(w.out, b[i:end])
	case (k == kindSingle || k == kindDouble) && isNumber(b[i:end]):
		w.out = appendFloat(w.out, b[i:end], k == kindSingle)
	default:
		w.out = append(w.out, b[i:end]...)
	}
	return end
}

// object writes the object at b[i], each member canonical for its declared type.
func (w *canonWriter) object(n *node, b []byte, i int) int {
	w.out = append(w.out, '{')
	for i++; b[i] != '}'; {
		if b[i] == ',' {
			w.out = append(w.out, ',')
			i++
		}
		ke := stringEnd(b, i)
		w.out = append(append(w.out, b[i:ke]...), ':')
		i = w.value(child(n, b[i:ke]), b, ke+1)
	}
	w.out = append(w.out, '}')
	return i + 1
}

// enum writes an enum member without escapes (Graph never escapes one) and notes an evolvable one.
func (w *canonWriter) enum(n *node, lit []byte) {
	member := lit[1 : len(lit)-1]
	if bytes.IndexByte(member, '\\') >= 0 {
		member = jsondoc.AppendUnescaped(nil, member)
		w.out = jsondoc.AppendString(w.out, string(member))
	} else {
		w.out = append(w.out, lit...)
	}
	if n.evolvable[string(member)] {
		w.evolvable = true
	}
}

// isNumber reports a JSON number literal.
func isNumber(v []byte) bool { return len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9') }
