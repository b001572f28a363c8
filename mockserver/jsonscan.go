package mockserver

import (
	"bytes"
	"hash/maphash"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// scanError is a JSON syntax problem at a byte offset of the input.
type scanError struct {
	offset int    // byte offset into the input where the problem was found
	msg    string // e.g. "invalid character '}' looking for beginning of value"
}

func (e *scanError) Error() string { return e.msg }

// scanObject validates data as exactly one JSON value and returns its compact form.
//
// The grammar is RFC 8259's, strictly: optional whitespace (space, tab, CR, LF) around exactly
// one value; literals true, false and null; numbers in JSON's grammar; strings that are valid
// UTF-8, hold no raw control characters and use only the standard escapes. On top of the
// grammar, no object at any depth may name the same member twice (names compare after
// unescaping, so {"a":1,"\u0061":2} is a duplicate; lone surrogate escapes become U+FFFD, as
// encoding/json decodes them), and containers may nest at most maxDepth deep (a top-level
// object holding an array is two levels; maxDepth < 1 means no limit).
//
// compact is data with all insignificant whitespace removed: string contents and number
// spellings are copied byte for byte, escapes included. When the top-level value is an object,
// isObject is true and fields holds its members in order: name unescaped, value a sub-slice of
// compact. The input is read once, and compact is allocated once at len(data); besides it,
// only the top-level member names and their slice allocate (plus, rarely, the duplicate-name
// table of an object with many members).
//
// On failure err holds the byte offset of the offending byte (len(data) at end of input; for a
// duplicate name, the offset of its opening quote) and a message in encoding/json's wording
// where one exists ("invalid character 'x' looking for beginning of value", "unexpected end of
// input", "invalid UTF-8", "the property 'id' appears twice in one object", "values nest deeper
// than 64 levels", "unexpected data after the top-level value").
func scanObject(data []byte, maxDepth int) (compact []byte, fields []field, isObject bool, err *scanError) {
	s := jsonScanner{data: data, maxDepth: maxDepth, out: make([]byte, 0, len(data))}
	s.frames = s.framesArr[:0]
	s.keys = s.keysArr[:0]
	if err := s.run(); err != nil {
		return nil, nil, false, err
	}
	return s.out, s.fields, s.isObject, nil
}

const (
	// jsonScanMapAt is the member count from which an object's duplicate check switches from
	// comparing against every earlier name to a hash table.
	jsonScanMapAt = 16
)

// jsonScanFrame is one open container.
type jsonScanFrame struct {
	object   bool
	hashed   bool // the object's names are in maps[depth]
	keyBase  int  // first of this object's names in keys
	scratchN int  // len(scratch) when the object opened
}

// jsonScanKey is one member name of an open object: unescaped, in data or (when it had escapes)
// in scratch.
type jsonScanKey struct {
	off, end int
	scratch  bool
	next     int // the previous name with the same hash, or -1 (hashed objects only)
}

type jsonScanner struct {
	data     []byte
	maxDepth int

	out  []byte // compact output
	from int    // data[from:i] is pending: copied verbatim to out at the next whitespace or the end

	frames []jsonScanFrame
	keys   []jsonScanKey
	// scratch holds unescaped member names that had escapes.
	scratch []byte
	// maps[d] is the name table of the hashed object open at depth d, reused across objects.
	maps   []map[uint64]int
	seed   maphash.Seed
	seeded bool

	isObject bool
	fields   []field
	valStart int // out offset where the current top-level member's value starts

	framesArr [16]jsonScanFrame
	keysArr   [64]jsonScanKey
}

// jsonScanState is where run is in the grammar.
type jsonScanState uint8

const (
	stValue jsonScanState = iota // a value is expected; whitespace skipped
	stKey                        // a member name is expected; whitespace skipped
	stAfter                      // a value just ended
)

// strPlain marks the string bytes that need no attention: printable ASCII except '"' and '\'.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isJSONSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// outPos is the offset in out that data[i] has (or will have) once copied; from <= i.
func (s *jsonScanner) outPos(i int) int { return len(s.out) + i - s.from }

// flush copies the pending bytes before data[i] to out.
func (s *jsonScanner) flush(i int) {
	s.out = append(s.out, s.data[s.from:i]...)
	s.from = i
}

// skipSpace returns the offset of the first non-whitespace byte at or after i, dropping the
// whitespace from the output.
func (s *jsonScanner) skipSpace(i int) int {
	if i < len(s.data) && s.data[i] > ' ' {
		return i
	}
	j := i
	for j < len(s.data) && isJSONSpace(s.data[j]) {
		j++
	}
	if j > i {
		s.flush(i)
		s.from = j
	}
	return j
}

func (s *jsonScanner) fail(off int, msg string) *scanError {
	return &scanError{offset: off, msg: msg}
}

// failAt words an unexpected byte at i (or the end of input) the way encoding/json does.
func (s *jsonScanner) failAt(i int, context string) *scanError {
	if i >= len(s.data) {
		return s.fail(len(s.data), "unexpected end of input")
	}
	return s.fail(i, "invalid character "+quoteJSONChar(s.data[i])+" "+context)
}

// quoteJSONChar formats c the way encoding/json's syntax errors do.
func quoteJSONChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

func (s *jsonScanner) run() *scanError {
	data := s.data
	i := s.skipSpace(0)
	state := stValue
	for {
		switch state {
		case stValue:
			if i >= len(data) {
				return s.fail(len(data), "unexpected end of input")
			}
			if len(s.frames) == 1 && s.isObject {
				s.valStart = s.outPos(i)
			}
			switch c := data[i]; c {
			case '{', '[':
				if s.maxDepth > 0 && len(s.frames) >= s.maxDepth {
					return s.fail(i, "values nest deeper than "+strconv.Itoa(s.maxDepth)+" levels")
				}
				if len(s.frames) == 0 && c == '{' {
					s.isObject = true
				}
				s.frames = append(s.frames, jsonScanFrame{object: c == '{', keyBase: len(s.keys), scratchN: len(s.scratch)})
				i = s.skipSpace(i + 1)
				if c == '{' {
					if i < len(data) && data[i] == '}' {
						s.pop()
						i++
						state = stAfter
						continue
					}
					state = stKey
					continue
				}
				if i < len(data) && data[i] == ']' {
					s.pop()
					i++
					state = stAfter
					continue
				}
				continue // stValue
			case '"':
				end, _, err := s.scanString(i)
				if err != nil {
					return err
				}
				i = end
			case 't':
				if err := s.literal(i, "true"); err != nil {
					return err
				}
				i += 4
			case 'f':
				if err := s.literal(i, "false"); err != nil {
					return err
				}
				i += 5
			case 'n':
				if err := s.literal(i, "null"); err != nil {
					return err
				}
				i += 4
			default:
				if c == '-' || c >= '0' && c <= '9' {
					end, err := s.scanNumber(i)
					if err != nil {
						return err
					}
					i = end
				} else {
					return s.failAt(i, "looking for beginning of value")
				}
			}
			state = stAfter

		case stKey:
			if i >= len(data) || data[i] != '"' {
				return s.failAt(i, "looking for beginning of object key string")
			}
			start := i
			end, escaped, err := s.scanString(i)
			if err != nil {
				return err
			}
			if err := s.addKey(start, end, escaped); err != nil {
				return err
			}
			i = s.skipSpace(end)
			if i >= len(data) || data[i] != ':' {
				return s.failAt(i, "after object key")
			}
			i = s.skipSpace(i + 1)
			state = stValue

		case stAfter:
			if len(s.frames) == 0 {
				s.flush(i)
				for i < len(data) && isJSONSpace(data[i]) {
					i++
				}
				if i < len(data) {
					return s.fail(i, "unexpected data after the top-level value")
				}
				return nil
			}
			if len(s.frames) == 1 && s.isObject {
				s.flush(i)
				f := &s.fields[len(s.fields)-1]
				f.value = s.out[s.valStart:len(s.out):len(s.out)]
			}
			i = s.skipSpace(i)
			if i >= len(data) {
				return s.fail(len(data), "unexpected end of input")
			}
			c := data[i]
			if s.frames[len(s.frames)-1].object {
				switch c {
				case ',':
					i = s.skipSpace(i + 1)
					state = stKey
				case '}':
					s.pop()
					i++
				default:
					return s.failAt(i, "after object key:value pair")
				}
			} else {
				switch c {
				case ',':
					i = s.skipSpace(i + 1)
					state = stValue
				case ']':
					s.pop()
					i++
				default:
					return s.failAt(i, "after array element")
				}
			}
		}
	}
}

// pop closes the innermost container, forgetting its member names.
func (s *jsonScanner) pop() {
	f := s.frames[len(s.frames)-1]
	s.frames = s.frames[:len(s.frames)-1]
	if f.object {
		s.keys = s.keys[:f.keyBase]
		s.scratch = s.scratch[:f.scratchN]
	}
}

// literal checks that data[i:] starts with word.
func (s *jsonScanner) literal(i int, word string) *scanError {
	data := s.data
	if len(data)-i >= len(word) && string(data[i:i+len(word)]) == word {
		return nil
	}
	for k := 1; k < len(word); k++ {
		if i+k >= len(data) {
			return s.fail(len(data), "unexpected end of input")
		}
		if data[i+k] != word[k] {
			return s.fail(i+k, "invalid character "+quoteJSONChar(data[i+k])+" in literal "+word+
				" (expecting "+quoteJSONChar(word[k])+")")
		}
	}
	return nil
}

// scanNumber checks the number at data[i] and returns the offset just after it.
func (s *jsonScanner) scanNumber(i int) (int, *scanError) {
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
func (s *jsonScanner) scanString(i int) (end int, escaped bool, err *scanError) {
	data := s.data
	n := len(data)
	i++
	for {
		for i < n && strPlain[data[i]] {
			i++
		}
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
					if !isHexDigit(data[k]) {
						return 0, false, s.failAt(k, "in \\u hexadecimal character escape")
					}
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

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexValue(b []byte) rune {
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

// appendUnescaped appends the contents of a valid JSON string literal's body (between the
// quotes), unescaped as encoding/json does: an escaped lone surrogate becomes U+FFFD.
func appendUnescaped(dst, body []byte) []byte {
	for len(body) > 0 {
		k := bytes.IndexByte(body, '\\')
		if k < 0 {
			return append(dst, body...)
		}
		dst = append(dst, body[:k]...)
		body = body[k:]
		switch e := body[1]; e {
		case 'u':
			r := hexValue(body[2:])
			body = body[6:]
			if utf16.IsSurrogate(r) {
				if len(body) >= 6 && body[0] == '\\' && body[1] == 'u' {
					if dec := utf16.DecodeRune(r, hexValue(body[2:])); dec != unicode.ReplacementChar {
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

func (s *jsonScanner) keyBytes(k jsonScanKey) []byte {
	if k.scratch {
		return s.scratch[k.off:k.end]
	}
	return s.data[k.off:k.end]
}

// addKey records the member name data[start:end] (a valid string literal, quotes included) in
// the innermost object, failing when the object already has a member of that name.
func (s *jsonScanner) addKey(start, end int, escaped bool) *scanError {
	k := jsonScanKey{off: start + 1, end: end - 1, next: -1}
	if escaped {
		n := len(s.scratch)
		s.scratch = appendUnescaped(s.scratch, s.data[start+1:end-1])
		k = jsonScanKey{off: n, end: len(s.scratch), scratch: true, next: -1}
	}
	name := s.keyBytes(k)
	depth := len(s.frames) - 1
	fr := &s.frames[depth]
	if count := len(s.keys) - fr.keyBase; !fr.hashed && count < jsonScanMapAt {
		for _, prev := range s.keys[fr.keyBase:] {
			if prev.end-prev.off == len(name) && string(s.keyBytes(prev)) == string(name) {
				return s.duplicate(start, name)
			}
		}
	} else {
		if !fr.hashed {
			s.startHashing(depth)
		}
		m := s.maps[depth]
		h := maphash.Bytes(s.seed, name)
		if first, ok := m[h]; ok {
			for p := first; p >= 0; p = s.keys[p].next {
				if string(s.keyBytes(s.keys[p])) == string(name) {
					return s.duplicate(start, name)
				}
			}
			k.next = first
		}
		m[h] = len(s.keys)
	}
	s.keys = append(s.keys, k)
	if depth == 0 && s.isObject {
		s.fields = append(s.fields, field{name: string(name)})
	}
	return nil
}

// startHashing moves the names of the object open at depth into the reusable table maps[depth].
func (s *jsonScanner) startHashing(depth int) {
	if !s.seeded {
		s.seed = maphash.MakeSeed()
		s.seeded = true
	}
	for len(s.maps) <= depth {
		s.maps = append(s.maps, nil)
	}
	m := s.maps[depth]
	if m == nil {
		m = make(map[uint64]int, 2*jsonScanMapAt)
		s.maps[depth] = m
	} else {
		clear(m)
	}
	fr := &s.frames[depth]
	fr.hashed = true
	for p := fr.keyBase; p < len(s.keys); p++ {
		h := maphash.Bytes(s.seed, s.keyBytes(s.keys[p]))
		if first, ok := m[h]; ok {
			s.keys[p].next = first
		}
		m[h] = p
	}
}

func (s *jsonScanner) duplicate(start int, name []byte) *scanError {
	shown := string(name)
	if !strconv.CanBackquote(shown) {
		q := strconv.Quote(shown)
		shown = q[1 : len(q)-1]
	}
	return s.fail(start, "the property '"+shown+"' appears twice in one object")
}
