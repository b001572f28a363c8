package fastschema

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// kind is the JSON kind of a token.
type kind uint8

const (
	kNull kind = iota
	kFalse
	kTrue
	kNumber
	kString
	kObject
	kArray
)

// Token flags.
const (
	fEscaped uint8 = 1 << iota // a string with escapes: its contents must be unescaped to be read
	fKeyBuf                    // a member name whose unescaped bytes are keybuf[off:end]
)

// tok is one JSON value on the tape, in document order. An object is followed by its members,
// each a name token (kString) and then the value's tokens; an array by its items.
type tok struct {
	kind  kind
	flags uint8
	n     int32 // object members, array items
	off   int32 // string contents (between the quotes); any other value whole: data[off:end]
	end   int32
	next  int32 // the index of the token after this value and everything inside it
}

// maxDepth is how deeply values may nest; deeper input is left to the full validator.
const maxDepth = 1000

// maxInput is the largest input the tape's int32 offsets can address.
const maxInput = 1<<31 - 1

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// parse fills the tape from v.data, which must be exactly one JSON value (with optional
// whitespace around it). It reports false on anything else, including invalid UTF-8 in strings
// and nesting deeper than maxDepth.
func (v *vm) parse() bool {
	if len(v.data) > maxInput {
		return false
	}
	i, ok := v.value(v.space(0), 0)
	return ok && v.space(i) == len(v.data)
}

// space skips whitespace from data[i], noting in spaced that there was some.
func (v *vm) space(i int) int {
	j := skipSpace(v.data, i)
	if j != i {
		v.spaced = true
	}
	return j
}

func (v *vm) value(i, depth int) (int, bool) {
	data := v.data
	if i >= len(data) {
		return i, false
	}
	switch c := data[i]; c {
	case '{', '[':
		if depth >= maxDepth || v.strict && depth >= v.depthLimit {
			return i, false
		}
		idx := len(v.tape)
		object := c == '{'
		k := kArray
		if object {
			k = kObject
		}
		v.tape = append(v.tape, tok{kind: k, off: int32(i)})
		i = v.space(i + 1)
		base := len(v.names) // this object's names in strict mode: v.names[base:]
		var seen uint64      // one bit per name hash, so most names are compared with none
		n := int32(0)
		closer := byte(']')
		if object {
			closer = '}'
		}
		if i < len(data) && data[i] == closer {
			i++
		} else {
			for {
				var ok bool
				if object {
					if i >= len(data) || data[i] != '"' {
						return i, false
					}
					key := int32(len(v.tape))
					if i, ok = v.str(i, true); !ok {
						return i, false
					}
					if v.strict {
						if ok = v.newKey(base, &seen, key); !ok {
							return i, false
						}
					}
					i = v.space(i)
					if i >= len(data) || data[i] != ':' {
						return i, false
					}
					i = v.space(i + 1)
				}
				if i, ok = v.value(i, depth+1); !ok {
					return i, false
				}
				n++
				i = v.space(i)
				if i >= len(data) {
					return i, false
				}
				if data[i] == ',' {
					i = v.space(i + 1)
					continue
				}
				if data[i] != closer {
					return i, false
				}
				i++
				break
			}
		}
		v.names = v.names[:base] // a failed parse leaves them: run starts afresh
		t := &v.tape[idx]
		t.n, t.next, t.end = n, int32(len(v.tape)), int32(i)
		return i, true
	case '"':
		return v.str(i, false)
	case 't':
		return v.literal(i, "true", kTrue)
	case 'f':
		return v.literal(i, "false", kFalse)
	case 'n':
		return v.literal(i, "null", kNull)
	default:
		return v.number(i)
	}
}

func (v *vm) literal(i int, word string, k kind) (int, bool) {
	if len(v.data)-i < len(word) || string(v.data[i:i+len(word)]) != word {
		return i, false
	}
	v.tape = append(v.tape, tok{kind: k, off: int32(i), end: int32(i + len(word)), next: int32(len(v.tape) + 1)})
	return i + len(word), true
}

// number checks the grammar of the number at data[i]; its value is read only when a keyword
// needs it.
func (v *vm) number(i int) (int, bool) {
	data := v.data
	start := i
	if i < len(data) && data[i] == '-' {
		i++
	}
	if i >= len(data) || !isDigit(data[i]) {
		return i, false
	}
	if data[i] == '0' {
		i++
	} else {
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			return i, false
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return i, false
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	v.tape = append(v.tape, tok{kind: kNumber, off: int32(start), end: int32(i), next: int32(len(v.tape) + 1)})
	return i, true
}

// str reads the string whose opening quote is data[i]. A member name with escapes is unescaped
// into keybuf once, since names are compared often.
func (v *vm) str(i int, key bool) (int, bool) {
	data := v.data
	n := len(data)
	i++
	start := i
	var flags uint8
	nonASCII := false
	for {
		i = jsondoc.SkipPlain(data, i)
		if i >= n {
			return i, false
		}
		c := data[i]
		switch {
		case c == '"':
			end := i
			if nonASCII && !utf8.Valid(data[start:end]) {
				return i, false
			}
			t := tok{kind: kString, flags: flags, off: int32(start), end: int32(end), next: int32(len(v.tape) + 1)}
			if key && flags&fEscaped != 0 {
				kb := len(v.keybuf)
				v.keybuf = jsondoc.AppendUnescaped(v.keybuf, data[start:end])
				t.flags |= fKeyBuf
				t.off, t.end = int32(kb), int32(len(v.keybuf))
			}
			v.tape = append(v.tape, t)
			return i + 1, true
		case c == '\\':
			flags |= fEscaped
			if i+1 >= n {
				return i, false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > n {
					return i, false
				}
				for _, h := range data[i+2 : i+6] {
					if !jsondoc.IsHex(h) {
						return i, false
					}
				}
				if !v.strict {
					i += 6
					break
				}
				k := jsondoc.UnicodeEscapeLen(data, i)
				if k == 0 {
					return i, false
				}
				i += k
			default:
				return i, false
			}
		case c < 0x20:
			return i, false
		case c >= 0x80:
			nonASCII = true
			i++
		default:
			i++
		}
	}
}

// maxStrictNames is the most member names an object may have for Accept, which compares each
// name with the earlier ones.
const maxStrictNames = 64

// newKey adds the name token tape[key] to the names of the object being read (v.names[base:]),
// false when one of them is the same name: strict mode refuses duplicate names, as jsondoc.Scan
// does. seen has a bit set for the hash of each name so far: a name whose bit is clear is new
// without a comparison.
func (v *vm) newKey(base int, seen *uint64, key int32) bool {
	if len(v.names)-base == maxStrictNames {
		return false // not certain: the caller's scan hashes what comparing would make quadratic
	}
	name := v.keyBytes(key)
	b := uint64(1) << nameBit(name)
	if *seen&b != 0 {
		for _, k := range v.names[base:] {
			if string(v.keyBytes(k)) == string(name) {
				return false
			}
		}
	}
	*seen |= b
	v.names = append(v.names, key)
	return true
}

// nameBit is the bit of a member name in newKey's seen: a hash of its length and its first and
// last bytes (at most 16 of them), read a word at a time. Names that differ only in the middle
// share a bit, which costs a comparison, never a wrong answer.
func nameBit(name []byte) uint {
	n := len(name)
	var a, b uint64
	switch {
	case n >= 8:
		a, b = binary.LittleEndian.Uint64(name), binary.LittleEndian.Uint64(name[n-8:])
	case n >= 4:
		a, b = uint64(binary.LittleEndian.Uint32(name)), uint64(binary.LittleEndian.Uint32(name[n-4:]))
	case n > 0:
		a = uint64(name[0])<<16 | uint64(name[n/2])<<8 | uint64(name[n-1])
	}
	return uint(((a ^ bits.RotateLeft64(b, 29) ^ uint64(n)) * 0x9e3779b97f4a7c15) >> 58)
}
