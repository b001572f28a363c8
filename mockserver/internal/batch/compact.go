package batch

import (
	"bytes"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Reading the parts of a batch body that jsondoc has checked already. A jsondoc.Object holds
// compact, valid JSON (no insignificant whitespace, no duplicate names), so splitting an array
// into its elements or an object into its members only has to find where each value ends: no
// byte is judged twice, and nothing is decoded that the batch does not use.

// valueEnd returns the offset just past the value that starts at data[i], in compact valid JSON:
// a string, object or array ends where jsondoc's extent finder (the scenario reader's) says.
func valueEnd(data []byte, i int) int {
	switch data[i] {
	case '"', '{', '[':
		var e jsondoc.Extent
		end, _ := jsondoc.ScanExtent(data, i, &e)
		return end
	}
	for i < len(data) && data[i] != ',' && data[i] != '}' && data[i] != ']' {
		i++ // a number or a literal
	}
	return i
}

// elements splits a compact JSON array into its elements; ok is false when raw is not an array.
func elements(raw []byte) (elems [][]byte, ok bool) {
	if len(raw) < 2 || raw[0] != '[' {
		return nil, false
	}
	for i := 1; i < len(raw)-1; {
		end := valueEnd(raw, i)
		elems = append(elems, raw[i:end])
		i = end + 1 // past the comma
	}
	return elems, true
}

// member is one member of a compact JSON object: its name as written (the literal's inside, which
// name unescapes: a switch on string(raw) compares without allocating), its value as written.
type member struct {
	raw   []byte
	value []byte
}

// name is the member's name, unescaped.
func (m member) name() string { return unquote(m.raw) }

// members splits a compact JSON object into its members, in order; ok is false when raw is not
// an object.
func members(raw []byte) (ms []member, ok bool) {
	if len(raw) < 2 || raw[0] != '{' {
		return nil, false
	}
	for i := 1; i < len(raw)-1; {
		var m member
		m, i = nextMember(raw, i)
		ms = append(ms, m)
	}
	return ms, true
}

// nextMember reads the member of a compact JSON object that starts at raw[i], and returns it
// with the offset of the next one (len(raw)-1, the closing brace, after the last).
func nextMember(raw []byte, i int) (member, int) {
	end := valueEnd(raw, i) // the name, a string
	vstart := end + 1       // past the colon
	vend := valueEnd(raw, vstart)
	return member{raw: raw[i:end], value: raw[vstart:vend]}, vend + 1
}

// unquote returns the text of a valid JSON string literal.
func unquote(lit []byte) string {
	body := lit[1 : len(lit)-1]
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body)
	}
	return string(jsondoc.AppendUnescaped(nil, body))
}

// isString reports whether a JSON value is a string literal.
func isString(v []byte) bool { return len(v) >= 2 && v[0] == '"' }

// isNull reports whether a JSON value is null.
func isNull(v []byte) bool { return string(v) == "null" }
