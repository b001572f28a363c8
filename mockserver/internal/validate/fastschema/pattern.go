package fastschema

import (
	"fmt"
	"regexp"
)

// The patterns of Edm.DateTimeOffset and Edm.Duration, as the schema files spell them (after
// JSON decoding). Compile replaces them with the hand-written matchers below; the tests check
// the matchers against regexp on the patterns themselves.
//
// Both patterns mean the same in ECMA-262 (which JSON Schema names) and in RE2 (Go's regexp,
// which jsonschema/v5 uses): they only use anchors ^ and $ without a multiline flag (start and
// end of input in both), \d (ASCII 0-9 in both without ECMA's u flag and in RE2), literal
// characters, character classes of ASCII ranges, groups, alternation, ? and bounded counts;
// and since each is anchored at both ends, whether a string matches does not depend on
// leftmost-first versus backtracking preferences.
const (
	dateTimeOffsetPattern = `^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,7})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$`
	durationPattern       = `^-?P(\d+D(T(\d+H(\d+M)?(\d+(\.\d+)?S)?|\d+M(\d+(\.\d+)?S)?|\d+(\.\d+)?S))?|T(\d+H(\d+M)?(\d+(\.\d+)?S)?|\d+M(\d+(\.\d+)?S)?|\d+(\.\d+)?S))$`
)

func digitsAt(s []byte, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for _, c := range s[i : i+n] {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// hour reports whether s[i:i+2] is ([01]\d|2[0-3]).
func hour(s []byte, i int) bool {
	if i+2 > len(s) || !isDigit(s[i+1]) {
		return false
	}
	return s[i] == '0' || s[i] == '1' || s[i] == '2' && s[i+1] <= '3'
}

// sixty reports whether s[i:i+2] is [0-5]\d.
func sixty(s []byte, i int) bool {
	return i+2 <= len(s) && s[i] >= '0' && s[i] <= '5' && isDigit(s[i+1])
}

// matchDateTimeOffset matches dateTimeOffsetPattern.
func matchDateTimeOffset(s []byte) bool {
	if len(s) < 20 || !digitsAt(s, 0, 4) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	// month (0[1-9]|1[0-2])
	switch m0, m1 := s[5], s[6]; {
	case m0 == '0' && m1 >= '1' && m1 <= '9':
	case m0 == '1' && m1 >= '0' && m1 <= '2':
	default:
		return false
	}
	// day (0[1-9]|[12]\d|3[01])
	switch d0, d1 := s[8], s[9]; {
	case d0 == '0' && d1 >= '1' && d1 <= '9':
	case (d0 == '1' || d0 == '2') && isDigit(d1):
	case d0 == '3' && (d1 == '0' || d1 == '1'):
	default:
		return false
	}
	if !hour(s, 11) || !sixty(s, 14) || !sixty(s, 17) {
		return false
	}
	i := 19
	if s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if n := j - i - 1; n < 1 || n > 7 {
			return false
		}
		i = j
	}
	if i >= len(s) {
		return false
	}
	switch s[i] {
	case 'Z':
		return i+1 == len(s)
	case '+', '-':
		return i+6 == len(s) && hour(s, i+1) && s[i+3] == ':' && sixty(s, i+4)
	}
	return false
}

// matchDuration matches durationPattern: -?P then days (\d+D) optionally followed by T and a
// time, or T and a time, where a time is hours, minutes and seconds in that order, each
// optional but at least one, and only the seconds may have a fraction.
func matchDuration(s []byte) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) || s[i] != 'P' {
		return false
	}
	i++
	if i < len(s) && isDigit(s[i]) {
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i >= len(s) || s[i] != 'D' {
			return false
		}
		i++
		if i == len(s) {
			return true
		}
	}
	if i >= len(s) || s[i] != 'T' {
		return false
	}
	i++
	// The time: components in the order H, M, S; at least one.
	last := byte(0) // 0, 'H', 'M', 'S': the last component read
	for i < len(s) {
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start || i >= len(s) {
			return false
		}
		frac := false
		if s[i] == '.' {
			i++
			fs := i
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			if i == fs || i >= len(s) {
				return false
			}
			frac = true
		}
		d := s[i]
		i++
		switch {
		case d == 'H' && last == 0 && !frac:
		case d == 'M' && (last == 0 || last == 'H') && !frac:
		case d == 'S' && last != 'S':
		default:
			return false
		}
		last = d
	}
	return last != 0
}

// pattern is a compiled pattern keyword: a hand-written matcher for the two patterns of the
// Edm types, Go's regexp for any other.
type pattern struct {
	re    *regexp.Regexp
	match func([]byte) bool
}

func compilePattern(p string) (*pattern, error) {
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %v", p, err)
	}
	out := &pattern{re: re, match: re.Match}
	switch p {
	case dateTimeOffsetPattern:
		out.match = matchDateTimeOffset
	case durationPattern:
		out.match = matchDuration
	}
	return out, nil
}
