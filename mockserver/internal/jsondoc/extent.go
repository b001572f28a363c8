package jsondoc

import (
	"encoding/binary"
	"math/bits"
)

// The extent finder: where a JSON value written in a buffer ends. It is the inner loop of the
// scenario JSON loader's serial reader (every byte of a scenario passes through it once, on one core,
// while the other cores prepare what it found), so it is written for speed. A string's contents
// are skipped eight bytes at a time with a SWAR test for a quote: most strings of a scenario are
// short, and a call to bytes.IndexByte for each cost more than the search (28% more time over
// the lean segments of a generated scenario; a 64-byte block of SWAR masks for quotes, brackets
// and backslashes, simdjson's way without its SIMD, was slower still: 5 operations a byte). The
// rare quote after a backslash has the backslashes before it counted. The scan stops where the
// buffer ends with its state kept, so a reader of windows resumes it where it stood instead of
// scanning the value again. Like the loop it replaced, it checks only what finding the end needs
// (brackets, strings, line breaks outside strings); a value it finds is checked by Scan.

// Extent is the state of a scan for a value's end (ScanExtent): enough to resume it in a longer
// buffer that still holds the value from its start. Lines counts the line breaks met outside
// strings, for a reader that reports lines. The zero Extent starts a scan.
type Extent struct {
	depth int  // brackets open
	Lines int  // line breaks seen outside strings
	inStr bool // inside a string literal, after its opening quote
}

// Broadcast bytes for the SWAR test.
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
	swarQuote = '"' * swarOnes
)

// hasQuote has the high bit of the first byte of w (little-endian) that is a quote set, and
// possibly of some bytes above it (a borrow), never below it: its lowest set bit marks the first
// quote exactly.
func hasQuote(w uint64) uint64 {
	q := w ^ swarQuote
	return (q - swarOnes) &^ q & swarHighs
}

// ScanExtent scans buf from i, in the state e, for the end of a value that started in the state
// Extent{} at a '{', '[' or '"'. It returns the index after the value and true; or, when buf
// ends first, the index to resume from (every byte before it accounted for in e) and false.
func ScanExtent(buf []byte, i int, e *Extent) (int, bool) {
	for {
		if e.inStr {
			if i = stringEnd(buf, i); i < 0 {
				return len(buf), false
			}
			e.inStr = false
			if e.depth == 0 {
				return i, true
			}
		}
		for ; i < len(buf); i++ {
			switch buf[i] {
			case '"':
				e.inStr = true
			case '{', '[':
				e.depth++
				continue
			case '}', ']':
				e.depth--
				if e.depth == 0 {
					return i + 1, true
				}
				continue
			case '\n':
				e.Lines++
				continue
			default:
				continue
			}
			i++
			break
		}
		if !e.inStr {
			return i, false
		}
	}
}

// stringEnd returns the index after the quote that closes the string whose contents go on at
// buf[i] (its opening quote is in buf, before i), or -1 when buf ends first. A quote closes the
// string unless an odd number of backslashes come before it; a raw line break inside the string
// is not looked for: jsondoc.Scan refuses it later, and the YAML loader then reports it.
func stringEnd(buf []byte, i int) int {
	for {
		for i+8 <= len(buf) {
			if m := hasQuote(binary.LittleEndian.Uint64(buf[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		for i < len(buf) && buf[i] != '"' {
			i++
		}
		if i >= len(buf) {
			return -1
		}
		n := 0
		for b := i - 1; b >= 0 && buf[b] == '\\'; b-- {
			n++
		}
		i++
		if n%2 == 0 {
			return i
		}
	}
}
