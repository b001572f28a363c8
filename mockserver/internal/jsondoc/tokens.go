// The scanner's token readers: numbers, strings and their escapes.

package jsondoc

import (
	"bytes"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// scanNumber checks the number at data[i] and returns the offset just after it.
func (s *jsonScanner) scanNumber(i int) (int, *ScanError) {
	data := s.data
	n := len(data)
	if data[i] == '-' {
		i++
		if i >= n {
			return 0, s.fail(n, "unexpected end of input")
		}
		if c := data[i]; c < '0' || c > '9' {
			return 0, s.failAt(i, "in numeric literal")
		}
	}
	if data[i] == '0' {
		i++
	} else {
		for i < n && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	if i < n && data[i] == '.' {
		i++
		if i >= n {
			return 0, s.fail(n, "unexpected end of input")
		}
		if c := data[i]; c < '0' || c > '9' {
			return 0, s.failAt(i, "after decimal point in numeric literal")
		}
		for i < n && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	if i < n && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < n && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= n {
			return 0, s.fail(n, "unexpected end of input")
		}
		if c := data[i]; c < '0' || c > '9' {
			return 0, s.failAt(i, "in exponent of numeric literal")
		}
		for i < n && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	return i, nil
}

// scanString checks the string whose opening quote is data[i] and returns the offset just after
// its closing quote, and whether it holds escapes.
func (s *jsonScanner) scanString(i int) (end int, escaped bool, err *ScanError) {
	data := s.data
	n := len(data)
	i++
	for {
		i = SkipPlain(data, i)
		if i >= n {
			return 0, false, s.fail(n, "unexpected end of input")
		}
		switch c := data[i]; {
		case c == '"':
			return i + 1, escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= n {
				return 0, false, s.fail(n, "unexpected end of input")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := i + 2; k < i+6; k++ {
					if k >= n {
						return 0, false, s.fail(n, "unexpected end of input")
					}
					if !IsHex(data[k]) {
						return 0, false, s.failAt(k, "in \\u hexadecimal character escape")
					}
				}
				if r := jsonHexValue(data[i+2:]); utf16.IsSurrogate(r) {
					if r >= 0xdc00 || !lowSurrogateAt(data, i+6) {
						return 0, false, s.fail(i, LoneSurrogate)
					}
					i += 6
				}
				i += 6
			default:
				return 0, false, s.failAt(i+1, "in string escape code")
			}
		case c < 0x20:
			return 0, false, s.failAt(i, "in string literal")
		default: // c >= 0x80
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				return 0, false, s.fail(i, "invalid UTF-8")
			}
			i += size
		}
	}
}

// LoneSurrogate is the ScanError message for a \u escape of half a UTF-16 surrogate pair with
// no other half (`"\ud800"`): it names no character, so like invalid UTF-8 it is refused, rather
// than silently becoming U+FFFD as encoding/json would make it.
const LoneSurrogate = "invalid Unicode: a \\u escape of a lone UTF-16 surrogate"

// lowSurrogateAt reports whether data[i:] starts with the \u escape of a low surrogate.
func lowSurrogateAt(data []byte, i int) bool {
	if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
		return false
	}
	for _, c := range data[i+2 : i+6] {
		if !IsHex(c) {
			return false
		}
	}
	r := jsonHexValue(data[i+2:])
	return r >= 0xdc00 && r <= 0xdfff
}

// IsHex reports a hexadecimal digit.
func IsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func jsonHexValue(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c <= 'F':
			c -= 'A' - 10
		default:
			c -= 'a' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// AppendUnescaped appends the contents of a valid JSON string literal's body (between the
// quotes), unescaped as encoding/json does: a surrogate pair becomes its character and an escaped
// lone surrogate (which Scan refuses, but a literal from elsewhere may hold) U+FFFD. Exported for
// the fast schema validator, which reads the same strings.
func AppendUnescaped(dst, body []byte) []byte {
	for len(body) > 0 {
		k := bytes.IndexByte(body, '\\')
		if k < 0 {
			return append(dst, body...)
		}
		dst = append(dst, body[:k]...)
		body = body[k:]
		switch e := body[1]; e {
		case 'u':
			r := jsonHexValue(body[2:])
			body = body[6:]
			if utf16.IsSurrogate(r) {
				if len(body) >= 6 && body[0] == '\\' && body[1] == 'u' {
					if dec := utf16.DecodeRune(r, jsonHexValue(body[2:])); dec != unicode.ReplacementChar {
						dst = utf8.AppendRune(dst, dec)
						body = body[6:]
						continue
					}
				}
				r = unicode.ReplacementChar
			}
			dst = utf8.AppendRune(dst, r)
			continue
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		default: // '"', '\\', '/'
			dst = append(dst, e)
		}
		body = body[2:]
	}
	return dst
}

// UnicodeEscapeLen is the length of the \u escape at data[i] as Scan accepts it: 6 for one that
// names a character, 12 for a surrogate pair, 0 for a lone surrogate (which Scan refuses) or a
// malformed escape.
func UnicodeEscapeLen(data []byte, i int) int {
	if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
		return 0
	}
	for _, c := range data[i+2 : i+6] {
		if !IsHex(c) {
			return 0
		}
	}
	r := jsonHexValue(data[i+2:])
	if !utf16.IsSurrogate(r) {
		return 6
	}
	if r >= 0xdc00 || !lowSurrogateAt(data, i+6) {
		return 0
	}
	return 12
}
