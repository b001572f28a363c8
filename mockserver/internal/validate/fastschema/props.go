package fastschema

import (
	"encoding/binary"
	"math/bits"
)

// propTable maps the names of a properties keyword to their subschemas. It is a collision-free
// hash table when one is found (a name is then found by one hash of a few of its bytes and one
// comparison), else a Go map.
type propTable struct {
	mask  uint32
	seed  uint32
	slots []prop // nil when m is used
	m     map[string]*schema
}

// phash hashes a name by its length and its first and last eight bytes.
func phash(b []byte, seed uint32) uint32 {
	n := len(b)
	var x uint64
	if n >= 8 {
		x = binary.LittleEndian.Uint64(b) ^ bits.RotateLeft64(binary.LittleEndian.Uint64(b[n-8:]), 29)
	} else {
		for _, c := range b {
			x = x<<8 | uint64(c)
		}
	}
	// splitmix64's finalizer, seeded.
	x ^= uint64(n)<<56 ^ uint64(seed)*0x9E3779B97F4A7C15
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return uint32(x)
}

func newPropTable(props []prop) propTable {
	names := make([][]byte, len(props))
	for i, p := range props {
		names[i] = []byte(p.name)
	}
	size := uint32(4)
	for size < 2*uint32(len(props)) {
		size *= 2
	}
	used := make([]bool, 16*len(props)+8)
	for ; size <= 16*uint32(len(props))+4; size *= 2 {
	seeds:
		for seed := uint32(0); seed < 256; seed++ {
			clear(used)
			for _, name := range names {
				k := phash(name, seed) & (size - 1)
				if used[k] {
					continue seeds
				}
				used[k] = true
			}
			slots := make([]prop, size)
			for i, p := range props {
				slots[phash(names[i], seed)&(size-1)] = p
			}
			return propTable{mask: size - 1, seed: seed, slots: slots}
		}
	}
	m := make(map[string]*schema, len(props))
	for _, p := range props {
		m[p.name] = p.s
	}
	return propTable{m: m}
}

// get returns the subschema of the member name, or nil.
func (t *propTable) get(name []byte) *schema {
	if t.slots == nil {
		return t.m[string(name)]
	}
	p := &t.slots[phash(name, t.seed)&t.mask]
	if p.s != nil && p.name == string(name) {
		return p.s
	}
	return nil
}
