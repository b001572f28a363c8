package jsondoc

import (
	"encoding/binary"
	"hash/maphash"
	"strconv"
)

// ScanError is a JSON syntax problem at a byte offset of the input.
type ScanError struct {
	Offset int // byte offset into the input where the problem was found
	// Msg is e.g. "invalid character '}' looking for beginning of value", "the property 'id'
	// appears twice in one object", "values nest deeper than 64 levels", "unexpected end of
	// input", "invalid UTF-8", "unexpected data after the top-level value".
	Msg string
}

func (e *ScanError) Error() string { return e.Msg }

// Scan validates data as exactly one JSON value and returns its compact form.
//
// The grammar is RFC 8259's, strictly: optional whitespace (space, tab, CR, LF) around exactly
// one value; literals true, false and null; numbers in JSON's grammar; strings that are valid
// UTF-8, hold no raw control characters and use only the standard escapes. On top of the
// grammar, no string may hold a \u escape of a lone UTF-16 surrogate (LoneSurrogate: it names
// no character, like invalid UTF-8), no object at any depth may name the same member twice
// (names compare after unescaping, so {"a":1,"\u0061":2} is a duplicate), and containers may
// nest at most maxDepth deep (a top-level object holding an array is two levels; maxDepth < 1
// means no limit).
//
// compact is data with all insignificant whitespace removed: string contents and number
// spellings are copied byte for byte, escapes included. When data is compact already (as
// clients and the SDKs send JSON) compact is data itself, not a copy, so the caller must not
// change data afterwards; otherwise compact is allocated once, len(data) long. When the
// top-level value is an object, isObject is true and fields holds its members in order: name
// unescaped, value a sub-slice of compact; the fields are one allocation and their names share
// one string. The input is read once; besides what it returns, only the scanner's own stacks
// and duplicate-name tables allocate (a Scanner keeps those for the next document). Objects of
// up to 16 members check names by comparing with the earlier ones; larger objects use a
// seeded hash table.
//
// On failure err holds the byte offset of the offending byte (len(data) at end of input; for a
// duplicate name, the offset of its opening quote) and a message in encoding/json's wording
// where one exists ("invalid character 'x' looking for beginning of value", "unexpected end of
// input", "invalid UTF-8", LoneSurrogate, "the property 'id' appears twice in one object",
// "values nest deeper than 64 levels", "unexpected data after the top-level value").
func Scan(data []byte, maxDepth int) (compact []byte, fields []Field, isObject bool, err *ScanError) {
	var sc Scanner
	return sc.Scan(data, maxDepth)
}

const (
	// jsonScanHashAt is the member count from which an object's duplicate check switches from
	// comparing against every earlier name to a hash table.
	jsonScanHashAt = 16
)

// jsonScanFrame is one open container.
type jsonScanFrame struct {
	object   bool
	hashed   bool // the object's names are in tables[depth]
	keyBase  int  // first of this object's names in keys
	scratchN int  // len(scratch) when the object opened
}

// jsonScanKey is one member name of an open object: unescaped, in data or (when it had escapes)
// in scratch.
type jsonScanKey struct {
	off, end int
	scratch  bool
	hash     uint64 // hashed objects only
}

type jsonScanner struct {
	data     []byte
	maxDepth int

	out  []byte // compact output, out[:n] written so far; len(data) long
	n    int
	from int // data[from:i] is pending: copied verbatim to out at the next whitespace or the end

	frames []jsonScanFrame
	keys   []jsonScanKey
	// scratch holds unescaped member names that had escapes.
	scratch []byte
	// tables[d] is the name hash table of the hashed object open at depth d, reused across
	// objects: open addressing, each slot 0 or a name's index in keys plus one.
	tables [][]int32
	seed   maphash.Seed
	seeded bool

	isObject bool
	fields   []Field // the top-level members found so far; Name is set when the scan ends
	valStart int     // out offset where the current top-level member's value starts
	aliased  bool    // out is data: no whitespace dropped yet, so nothing was copied
	// names holds the top-level member names one after another; nameEnds[i] is where the i-th
	// ends. They become one string when the scan ends.
	names    []byte
	nameEnds []int
}

// jsonScanState is where run is in the grammar.
type jsonScanState uint8

const (
	jsonStValue jsonScanState = iota // a value is expected; whitespace skipped
	jsonStKey                        // a member name is expected; whitespace skipped
	jsonStAfter                      // a value just ended
)

// SkipPlain returns the offset of the first byte at or after i inside a JSON string that needs
// attention (a quote, a backslash, a control or non-ASCII byte), eight bytes at a time while none
// does. The fast schema validator reads strings with it too.
func SkipPlain(data []byte, i int) int {
	n := len(data)
	for i+8 <= n {
		x := binary.LittleEndian.Uint64(data[i:])
		const lo, hi = 0x0101010101010101, 0x8080808080808080
		q, b := x^(lo*'"'), x^(lo*'\\')
		if ((x-lo*0x20)|(q-lo)|(b-lo)|x)&hi != 0 {
			break
		}
		i += 8
	}
	for i < n && jsonStrPlain(data[i]) {
		i++
	}
	return i
}

// jsonStrPlain reports the string bytes that need no attention: printable ASCII except '"' and
// '\'.
func jsonStrPlain(c byte) bool { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' }

func jsonIsSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// outPos is the offset in out that data[i] has (or will have) once copied; from <= i.
func (s *jsonScanner) outPos(i int) int { return s.n + i - s.from }

// flush copies the pending bytes before data[i] to out (nothing to copy while out is data).
func (s *jsonScanner) flush(i int) {
	if s.aliased {
		s.n, s.from = i, i
		return
	}
	s.n += copy(s.out[s.n:], s.data[s.from:i])
	s.from = i
}

// skipSpace returns the offset of the first non-whitespace byte at or after i, dropping the
// whitespace from the output.
func (s *jsonScanner) skipSpace(i int) int {
	if i < len(s.data) && s.data[i] > ' ' {
		return i
	}
	j := i
	for j < len(s.data) && jsonIsSpace(s.data[j]) {
		j++
	}
	if j > i {
		s.flush(i)
		if s.aliased {
			s.unalias()
		}
		s.from = j
	}
	return j
}

func (s *jsonScanner) fail(off int, msg string) *ScanError {
	return &ScanError{Offset: off, Msg: msg}
}

// failAt words an unexpected byte at i (or the end of input) the way encoding/json does.
func (s *jsonScanner) failAt(i int, context string) *ScanError {
	if i >= len(s.data) {
		return s.fail(len(s.data), "unexpected end of input")
	}
	return s.fail(i, "invalid character "+jsonQuoteChar(s.data[i])+" "+context)
}

// jsonQuoteChar formats c the way encoding/json's syntax errors do.
func jsonQuoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

func (s *jsonScanner) run() *ScanError {
	data := s.data
	i := s.skipSpace(0)
	state := jsonStValue
	for {
		switch state {
		case jsonStValue:
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
						state = jsonStAfter
						continue
					}
					state = jsonStKey
					continue
				}
				if i < len(data) && data[i] == ']' {
					s.pop()
					i++
					state = jsonStAfter
					continue
				}
				continue // jsonStValue
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
			state = jsonStAfter

		case jsonStKey:
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
			state = jsonStValue

		case jsonStAfter:
			if len(s.frames) == 0 {
				s.flush(i)
				for i < len(data) && jsonIsSpace(data[i]) {
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
				f.Value, f.start = s.out[s.valStart:s.n:s.n], s.valStart
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
					state = jsonStKey
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
					state = jsonStValue
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
func (s *jsonScanner) literal(i int, word string) *ScanError {
	data := s.data
	if len(data)-i >= len(word) && string(data[i:i+len(word)]) == word {
		return nil
	}
	for k := 1; k < len(word); k++ {
		if i+k >= len(data) {
			return s.fail(len(data), "unexpected end of input")
		}
		if data[i+k] != word[k] {
			return s.fail(i+k, "invalid character "+jsonQuoteChar(data[i+k])+" in literal "+word+
				" (expecting "+jsonQuoteChar(word[k])+")")
		}
	}
	return nil
}
