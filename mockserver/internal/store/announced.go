package store

// marks is a set of record positions (indexes in a store's list of records, which never move: a
// record is appended, or replaced in its place): which records' created event went out (see
// Publish). A store keeps its own, copied by Clone, so that announcing the records a clone
// shares with the scenario's store never copies them: at a million segments, the first Publish
// of a namespace used to copy all 50,000 records to flip a flag in each.
type marks []uint64

// has reports whether position i is marked.
func (m marks) has(i int) bool { return i/64 < len(m) && m[i/64]&(1<<(i%64)) != 0 }

// put marks position i, or unmarks it.
func (m *marks) put(i int, on bool) {
	if i/64 >= len(*m) {
		if !on {
			return
		}
		*m = append(*m, make([]uint64, i/64+1-len(*m))...)
	}
	if on {
		(*m)[i/64] |= 1 << (i % 64)
	} else {
		(*m)[i/64] &^= 1 << (i % 64)
	}
}

// clone copies the set, for a store that will change it apart from m's.
func (m marks) clone() marks { return append(marks(nil), m...) }
