// The scanner's object keys: where each key's bytes are, and the duplicate-key check.

package jsondoc

import (
	"hash/maphash"
	"strconv"
	"strings"
	"unicode"
)

// keyBytes returns a key's name as written (from the input, or from scratch when it was escaped).
func (s *jsonScanner) keyBytes(k jsonScanKey) []byte {
	if k.scratch {
		return s.scratch[k.off:k.end]
	}
	return s.data[k.off:k.end]
}

// addKey records the member name data[start:end] (a valid string literal, quotes included) in
// the innermost object, failing when the object already has a member of that name.
func (s *jsonScanner) addKey(start, end int, escaped bool) *ScanError {
	k := jsonScanKey{off: start + 1, end: end - 1}
	if escaped {
		n := len(s.scratch)
		s.scratch = AppendUnescaped(s.scratch, s.data[start+1:end-1])
		k = jsonScanKey{off: n, end: len(s.scratch), scratch: true}
	}
	name := s.keyBytes(k)
	depth := len(s.frames) - 1
	fr := &s.frames[depth]
	if count := len(s.keys) - fr.keyBase; !fr.hashed && count < jsonScanHashAt {
		for _, prev := range s.keys[fr.keyBase:] {
			if prev.end-prev.off == len(name) && string(s.keyBytes(prev)) == string(name) {
				return s.duplicate(start, name)
			}
		}
	} else {
		if !fr.hashed {
			s.startHashing(depth)
		}
		if 2*(count+1) > len(s.tables[depth]) {
			s.rehash(depth, 2*len(s.tables[depth]))
		}
		k.hash = maphash.Bytes(s.seed, name)
		table := s.tables[depth]
		mask := uint64(len(table) - 1)
		p := k.hash & mask
		for ; table[p] != 0; p = (p + 1) & mask {
			if prev := s.keys[table[p]-1]; prev.hash == k.hash && string(s.keyBytes(prev)) == string(name) {
				return s.duplicate(start, name)
			}
		}
		table[p] = int32(len(s.keys) + 1)
	}
	s.keys = append(s.keys, k)
	if depth == 0 && s.isObject {
		s.names = append(s.names, name...)
		s.nameEnds = append(s.nameEnds, len(s.names))
		s.fields = append(s.fields, Field{})
	}
	return nil
}

// startHashing moves the names of the object open at depth into the reusable hash table
// tables[depth].
func (s *jsonScanner) startHashing(depth int) {
	if !s.seeded {
		s.seed = maphash.MakeSeed()
		s.seeded = true
	}
	for len(s.tables) <= depth {
		s.tables = append(s.tables, nil)
	}
	for p := s.frames[depth].keyBase; p < len(s.keys); p++ {
		s.keys[p].hash = maphash.Bytes(s.seed, s.keyBytes(s.keys[p]))
	}
	s.frames[depth].hashed = true
	s.rehash(depth, 4*jsonScanHashAt)
}

// rehash empties tables[depth], sized to size slots (a power of two), and enters the names of
// the object open at depth.
func (s *jsonScanner) rehash(depth, size int) {
	table := s.tables[depth]
	if cap(table) < size {
		table = make([]int32, size)
	} else {
		table = table[:size]
		clear(table)
	}
	s.tables[depth] = table
	mask := uint64(size - 1)
	for p := s.frames[depth].keyBase; p < len(s.keys); p++ {
		q := s.keys[p].hash & mask
		for table[q] != 0 {
			q = (q + 1) & mask
		}
		table[q] = int32(p + 1)
	}
}

func (s *jsonScanner) duplicate(start int, name []byte) *ScanError {
	shown := string(name)
	if strings.ContainsFunc(shown, func(r rune) bool { return !unicode.IsPrint(r) }) {
		q := strconv.Quote(shown)
		shown = q[1 : len(q)-1]
	}
	return s.fail(start, "the property '"+shown+"' appears twice in one object")
}
