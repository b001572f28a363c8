// Package stamp makes the values graphmock stamps on every Graph response (the request id, the
// Date header, Content-Length) and the service root links are built on, so that a plain GET
// allocates almost nothing for them: ids come from a fast per-server generator instead of the
// operating system's random source, and header values that repeat are made once and shared.
// It knows nothing of the server: the adapter asks it for values and writes them itself.
package stamp

import (
	"encoding/binary"
	"math/rand/v2"
	"sync/atomic"
)

// IDs hands out GUID-shaped ids (RFC 4122 version 4 layout: 8-4-4-4-12 lowercase hex digits,
// version nibble 4, variant 10), as Graph's request ids look. A mock needs them distinct and
// unguessable enough to tell requests apart, not secret: each is a counter mixed with two keys
// drawn once from math/rand/v2 (which the runtime seeds from the system's randomness; the first
// use of crypto/rand would cost every start-up a quarter of a millisecond), so making one is a
// few multiplications and no system call. Each half is a bijection of the counter, so two ids
// of one generator are distinct in practice (they would have to agree in 122 scattered bits).
// It is safe for concurrent use.
type IDs struct {
	k0, k1 uint64
	n      atomic.Uint64
}

// NewIDs returns a generator with fresh random keys, so two servers make different ids.
func NewIDs() *IDs {
	return &IDs{k0: rand.Uint64(), k1: rand.Uint64()}
}

// Next returns a new id.
func (g *IDs) Next() string {
	b := g.Append(make([]byte, 0, 36))
	return string(b)
}

// Append appends a new id to b.
func (g *IDs) Append(b []byte) []byte {
	n := g.n.Add(1)
	// mix is a bijection of uint64, so distinct counters give distinct low halves.
	hi, lo := mix(n^g.k0), mix(n+g.k1)
	hi = hi&^(0xf<<12) | 0x4<<12       // version 4: the high nibble of byte 6
	lo = lo&^(0x3<<62) | uint64(2)<<62 // variant 10: the top bits of byte 8
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[:8], hi)
	binary.BigEndian.PutUint64(raw[8:], lo)
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

const hexDigits = "0123456789abcdef"

// mix is SplitMix64's finalizer: a bijection that scatters consecutive inputs over all 64 bits.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
