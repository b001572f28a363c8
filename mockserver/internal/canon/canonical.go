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
	return CanonicalClean(t, WithoutControl(obj))
}

// CanonicalClean is Canonical for an object known to hold no control annotation (its type's
// closed schema accepted it): it does not look for them, so an unindexed object is read once.
func CanonicalClean(t model.EntityType, obj jsondoc.Object) (jsondoc.Object, error) {
	n, err := typeOf(t)
	if err != nil {
		return jsondoc.Object{}, err
	}
	w := canonWriter{in: obj.Raw}
	w.value(n, 0)
	if w.out != nil {
		if obj, err = jsondoc.Parse(append(w.out, obj.Raw[w.flushed:]...)); err != nil {
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
	obj = obj.Indexed()
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

// canonWriter finds the values of an entity that are not in canonical form and writes the entity
// again only when there is one: an entity already canonical (what Graph sent, what graphmock
// served) costs one read and no copy. It reads its input once, from left to right: each method
// returns the offset after what it read.
type canonWriter struct {
	in        []byte
	out       []byte // nil until a value changes; then in[:flushed] rewritten
	flushed   int
	tmp       []byte // the canonical form of the value being looked at
	evolvable bool
}

// emit puts tmp in place of in[i:end] when they differ.
func (w *canonWriter) emit(i, end int) {
	if bytes.Equal(w.tmp, w.in[i:end]) {
		return
	}
	if w.out == nil {
		w.out = make([]byte, 0, len(w.in)+16)
	}
	w.out = append(append(w.out, w.in[w.flushed:i]...), w.tmp...)
	w.flushed = end
}

// value reads the value at in[i], at a position described by n, and returns the offset after it.
func (w *canonWriter) value(n *node, i int) int {
	b := w.in
	if n == nil {
		return valueEnd(b, i) // a member the model does not describe: nothing in it changes
	}
	k := n.kind
	switch c := b[i]; {
	case c == '{':
		n = variant(n, b[i:])
		for i++; b[i] != '}'; {
			if b[i] == ',' {
				i++
			}
			ke := stringEnd(b, i)
			i = w.value(child(n, b[i:ke]), ke+1)
		}
		return i + 1
	case c == '[':
		var item *node
		if k == kindArray {
			item = n.items
		}
		for i++; b[i] != ']'; {
			if b[i] == ',' {
				i++
			}
			i = w.value(item, i)
		}
		return i + 1
	case c == '"':
		end := stringEnd(b, i)
		switch k {
		case kindDateTime:
			w.tmp = appendDateTime(w.tmp[:0], b[i:end])
			w.emit(i, end)
		case kindEnum:
			w.enum(n, i, end)
		}
		return end
	}
	end := literalEnd(b, i)
	switch {
	case k == kindInt && isNumber(b[i:end]):
		w.tmp = appendInteger(w.tmp[:0], b[i:end])
		w.emit(i, end)
	case (k == kindSingle || k == kindDouble) && isNumber(b[i:end]) && !shortestFloat(b[i:end], k == kindSingle):
		w.tmp = appendFloat(w.tmp[:0], b[i:end], k == kindSingle)
		w.emit(i, end)
	}
	return end
}

// enum writes an enum member without escapes (Graph never escapes one) and notes an evolvable one.
func (w *canonWriter) enum(n *node, i, end int) {
	member := w.in[i+1 : end-1]
	if bytes.IndexByte(member, '\\') >= 0 {
		member = jsondoc.AppendUnescaped(nil, member)
		w.tmp = jsondoc.AppendString(w.tmp[:0], string(member))
		w.emit(i, end)
	}
	if n.evolvable[string(member)] {
		w.evolvable = true
	}
}

// isNumber reports a JSON number literal.
func isNumber(v []byte) bool { return len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9') }
