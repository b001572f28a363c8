package jsondoc

import (
	"strconv"
	"unicode/utf8"
)

// AppendString appends s as a JSON string literal. Responses are assembled from stored JSON
// bytes plus a few generated strings (ids, context URLs, links); this is the one encoder for
// those strings, so output stays valid JSON whatever the ids contain.
func AppendString(b []byte, s string) []byte {
	return append(AppendEscaped(append(b, '"'), s), '"')
}

// AppendEscaped appends s as the inside of a JSON string literal, without the quotes, so a
// literal can be written in pieces (a context URL from its parts) without joining them first.
func AppendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// AppendMember appends `"name":` preceded by a comma unless the object was just opened.
func AppendMember(b []byte, name string) []byte {
	if len(b) > 0 && b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = AppendString(b, name)
	return append(b, ':')
}

// AppendStringMember appends `"name":"value"` to an open object.
func AppendStringMember(b []byte, name, value string) []byte {
	return AppendString(AppendMember(b, name), value)
}

// AppendIntMember appends `"name":n` to an open object.
func AppendIntMember(b []byte, name string, n int) []byte {
	return strconv.AppendInt(AppendMember(b, name), int64(n), 10)
}
