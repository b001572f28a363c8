package scrub

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// maxDepth bounds how deeply a record may nest. Graph's deepest value (a trace route hop of a
// segment's media of a session of a record) is eight levels down; anything far deeper is not a
// call record.
const maxDepth = 64

// Record returns a call record's JSON (as Graph sends it with its navigation properties nested:
// organizer_v2, participants_v2, sessions and their segments) with every personal string
// replaced by its pseudonym and every OData control annotation (@odata.context, …@odata.nextLink)
// dropped. Member order, numbers as written, nulls and kept strings are unchanged; the result is
// compact. Members the schemas do not declare (an open type's extras) are scrubbed too: their
// strings as ids, an identity set's objects as identities. The error is input that is not one
// JSON object.
func (s *Scrubber) Record(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := parse(dec, 0)
	if err != nil {
		return nil, fmt.Errorf("scrub: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("scrub: text after the call record")
	}
	if v.kind != '{' {
		return nil, errors.New("scrub: a call record must be a JSON object")
	}
	return s.walk(make([]byte, 0, len(raw)), v, s.model.record), nil
}

// value is one parsed JSON value: read once, so @odata.type can pick the type of an object
// before its other members are written, wherever it stands among them.
type value struct {
	kind  byte     // '{', '[', '"', or 0 for a number, true, false or null
	text  string   // a string's value, or the JSON text of the others
	names []string // an object's member names
	items []*value // an object's member values, an array's items
}

// parse reads one value from dec.
func parse(dec *json.Decoder, depth int) (*value, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("the record nests more than %d levels deep", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		v := &value{kind: byte(t)}
		if t != '{' && t != '[' {
			return nil, fmt.Errorf("unexpected %q", t)
		}
		for dec.More() {
			if t == '{' {
				name, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v.names = append(v.names, name.(string)) // the decoder allows only strings here
			}
			item, err := parse(dec, depth+1)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, item)
		}
		_, err := dec.Token() // the closing delimiter: More said there is nothing else
		return v, err
	case string:
		return &value{kind: '"', text: t}, nil
	case json.Number:
		return &value{text: string(t)}, nil
	case bool:
		return &value{text: fmt.Sprint(t)}, nil
	}
	return &value{text: "null"}, nil
}

// walk appends the scrubbed form of a value whose position n describes.
func (s *Scrubber) walk(out []byte, v *value, n *node) []byte {
	switch v.kind {
	case '{':
		return s.object(out, v, n)
	case '[':
		var item *node
		if n != nil {
			item = n.items
			if item == nil && n.props != nil {
				item = n // a collection where one object was expected: its items as that object
			}
		}
		out = append(out, '[')
		for i, it := range v.items {
			if i > 0 {
				out = append(out, ',')
			}
			out = s.walk(out, it, item)
		}
		return append(out, ']')
	case '"':
		k := ID // a string where the schemas expect none, or say nothing: scrubbed as an id
		if n != nil && n.kind != 0 {
			k = n.kind
		}
		return jsondoc.AppendString(out, s.Value(k, v.text))
	}
	return append(out, v.text...) // numbers as written, true, false, null
}

// object appends a scrubbed object: @odata.type picks the derived type's members.
func (s *Scrubber) object(out []byte, v *value, n *node) []byte {
	var props map[string]*node
	var extra *node
	if n != nil {
		props, extra = n.props, n.extra
		for i, name := range v.names {
			if t := v.items[i]; name == "@odata.type" && t.kind == '"' && n.variants[t.text] != nil {
				props, extra = n.variants[t.text].props, n.variants[t.text].extra
			}
		}
	}
	out = append(out, '{')
	for i, name := range v.names {
		if model.IsControlAnnotation(name) {
			continue
		}
		out = jsondoc.AppendMember(out, name)
		item := v.items[i]
		if name == "@odata.type" && item.kind == '"' {
			out = jsondoc.AppendString(out, item.text)
			continue
		}
		child, declared := props[name]
		if !declared && extra != nil && item.kind == '{' {
			child = extra
		}
		out = s.walk(out, item, child)
	}
	return append(out, '}')
}
