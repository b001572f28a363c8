package canon

import (
	"bytes"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Readers over compact, valid JSON (what jsondoc.Scan leaves): stored entities and checked bodies
// are both, so these only find where values end; they never validate.

// stringEnd returns the offset just past the string literal that starts at b[i].
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		j = jsondoc.SkipPlain(b, j)
		if j >= len(b) {
			break
		}
		switch b[j] {
		case '\\':
			j += 2
		case '"':
			return j + 1
		default:
			j++
		}
	}
	return len(b)
}

// valueEnd returns the offset just past the JSON value that starts at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = stringEnd(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	return literalEnd(b, i)
}

// member is one member of an object: its key literal (quotes and escapes as written) and value.
type member struct {
	key, value []byte
}

// nextMember reads the member at b[i] (just after '{' or ','), returning it and the offset after
// its value; ok is false at the object's closing brace.
func nextMember(b []byte, i int) (m member, next int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return member{}, i, false
	}
	ke := stringEnd(b, i)
	ve := valueEnd(b, ke+1)
	return member{key: b[i:ke], value: b[ke+1 : ve]}, ve, true
}

// afterValue skips the comma after a value, if any.
func afterValue(b []byte, i int) int {
	if i < len(b) && b[i] == ',' {
		return i + 1
	}
	return i
}

// name returns a key literal's member name, unescaped.
func (m member) name() string {
	k := m.key[1 : len(m.key)-1]
	for _, c := range k {
		if c == '\\' {
			return string(jsondoc.AppendUnescaped(nil, k))
		}
	}
	return string(k)
}

// child returns the node of the member whose key literal is key, in an object described by n
// (nil when n declares no such member). A key without escapes is looked up without allocating.
func child(n *node, key []byte) *node {
	if n == nil || n.props == nil {
		return nil
	}
	k := key[1 : len(key)-1]
	if bytes.IndexByte(k, '\\') < 0 {
		return n.props[string(k)]
	}
	return n.props[string(jsondoc.AppendUnescaped(nil, k))]
}

// literalEnd returns the offset just past the number or literal at b[i].
func literalEnd(b []byte, i int) int {
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' {
		i++
	}
	return i
}

// isNullAt reports the literal null at b[i].
func isNullAt(b []byte, i int) bool { return len(b)-i >= 4 && string(b[i:i+4]) == "null" }

// variant returns the node that describes obj (a JSON object) at a position described by n: the
// derived type its @odata.type names, or n itself.
func variant(n *node, obj []byte) *node {
	if n == nil || n.variants == nil {
		return n
	}
	for i := 1; ; {
		m, next, ok := nextMember(obj, i)
		if !ok {
			return n
		}
		if string(m.key) == `"@odata.type"` && len(m.value) > 2 && m.value[0] == '"' {
			if v, found := n.variants[string(m.value[1:len(m.value)-1])]; found {
				return v
			}
			return n
		}
		i = afterValue(obj, next)
	}
}
