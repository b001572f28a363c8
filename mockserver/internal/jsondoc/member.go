package jsondoc

import (
	"bytes"
	"unsafe"
)

// Member returns the raw value of the top-level member name of raw, a JSON object that has been
// checked (Scan accepted it), or nil when it has none: a lookup that allocates nothing and keeps
// no index, for the few members read once from each of a million stored entities.
func Member(raw []byte, name string) []byte {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil
	}
	i++
	for {
		i = skipWS(raw, i)
		if i >= len(raw) || raw[i] != '"' {
			return nil
		}
		keyEnd := skipString(raw, i)
		if keyEnd > len(raw) {
			return nil
		}
		match := keyEquals(raw[i+1:keyEnd-1], name)
		i = skipWS(raw, keyEnd)
		if i >= len(raw) || raw[i] != ':' {
			return nil
		}
		start := skipWS(raw, i+1)
		end := skipValue(raw, start)
		if end > len(raw) {
			return nil
		}
		if match {
			return raw[start:end:end]
		}
		i = skipWS(raw, end)
		if i >= len(raw) || raw[i] != ',' {
			return nil
		}
		i++
	}
}

// keyEquals reports whether the body of a member name as written (between its quotes) is name.
func keyEquals(body []byte, name string) bool {
	for _, c := range body {
		if c == '\\' {
			var buf [64]byte
			return string(AppendUnescaped(buf[:0], body)) == name
		}
	}
	return string(body) == name
}

// skipWS returns the offset of the first byte at or after i that is not JSON whitespace.
func skipWS(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\t') {
		i++
	}
	return i
}

// skipString returns the offset after the string literal that starts at raw[i].
func skipString(raw []byte, i int) int {
	for i++; i < len(raw); i++ {
		i = SkipPlain(raw, i)
		if i >= len(raw) {
			break
		}
		switch raw[i] {
		case '"':
			return i + 1
		case '\\':
			i++
		}
	}
	return len(raw) + 1
}

// skipValue returns the offset after the value that starts at raw[i].
func skipValue(raw []byte, i int) int {
	if i >= len(raw) {
		return len(raw) + 1
	}
	depth := 0
	for i < len(raw) {
		switch raw[i] {
		case '"':
			i = skipString(raw, i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // the end of the enclosing container: a literal ended before it
			}
			if depth--; depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		case ' ', '\n', '\r', '\t':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	if depth == 0 {
		return i
	}
	return len(raw) + 1
}

// EachItem calls f with the raw value of each item of raw, a checked JSON array; anything else
// calls it never.
func EachItem(raw []byte, f func(item []byte)) {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return
	}
	i = skipWS(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return
	}
	for i < len(raw) {
		end := skipValue(raw, i)
		if end > len(raw) {
			return
		}
		f(raw[i:end:end])
		i = skipWS(raw, end)
		if i >= len(raw) || raw[i] != ',' {
			return
		}
		i = skipWS(raw, i+1)
	}
}

// StringValue returns the string a checked JSON string literal holds; ok is false for any other
// value.
func StringValue(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	body := v[1 : len(v)-1]
	for _, c := range body {
		if c == '\\' {
			return string(AppendUnescaped(nil, body)), true
		}
	}
	return string(body), true
}

// StringShared is StringValue without the copy when the literal has no escape (an id, a
// date-time): the string then shares v's bytes, so v must not change while the string is used,
// which stored JSON never does. A million stored ids read this way cost no memory of their own.
func StringShared(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	if len(v) == 2 || bytes.IndexByte(v, '\\') >= 0 {
		return StringValue(v)
	}
	return unsafe.String(&v[1], len(v)-2), true
}
