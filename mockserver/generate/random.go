package generate

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// rng is the generator's source of randomness: a PCG stream seeded from the options' seed and a
// stream number, never the global source, so the same seed and options give the same bytes on
// every machine and Go version that keeps math/rand/v2's PCG and its distributions.
type rng struct{ *rand.Rand }

// The independent streams: the directory, the call times, and one per call record (stream
// recordStream+i), so a record's content does not depend on how much randomness the records
// before it used.
const (
	directoryStream = 1
	timesStream     = 2
	recordStream    = 1 << 32
)

func newRNG(seed, stream uint64) rng { return rng{rand.New(rand.NewPCG(seed, stream))} }

// chance reports true with probability p.
func (r rng) chance(p float64) bool { return r.Float64() < p }

// between returns a uniform integer in [lo, hi].
func (r rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// uniform returns a uniform float in [lo, hi).
func (r rng) uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// lognormal returns a log-normally distributed value with the given median and shape (sigma of
// the underlying normal): the usual shape of call durations, round-trip times and jitter, with a
// long right tail.
func (r rng) lognormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// pick returns one of items, uniformly.
func pick[T any](r rng, items []T) T { return items[r.IntN(len(items))] }

// weighted is a list of choices with relative weights.
type weighted[T any] []struct {
	w float64
	v T
}

// pickWeighted returns one choice, each with probability proportional to its weight.
func pickWeighted[T any](r rng, ws weighted[T]) T {
	total := 0.0
	for _, c := range ws {
		total += c.w
	}
	x := r.Float64() * total
	for _, c := range ws {
		if x < c.w {
			return c.v
		}
		x -= c.w
	}
	return ws[len(ws)-1].v
}

// guid returns a random version-4 GUID in Graph's lowercase form.
func (r rng) guid() string {
	const hex = "0123456789abcdef"
	a, b := r.Uint64(), r.Uint64()
	a = a&^(0xf<<12) | 0x4<<12 // version 4
	b = b&^(0x3<<62) | 0x2<<62 // variant 10
	var out [36]byte
	pos := 0
	for i := range 32 {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			out[pos] = '-'
			pos++
		}
		word, shift := a, uint(60-4*i)
		if i >= 16 {
			word, shift = b, uint(60-4*(i-16))
		}
		out[pos] = hex[word>>shift&0xf]
		pos++
	}
	return string(out[:])
}

// digits returns n random decimal digits.
func (r rng) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// clamp bounds v to [lo, hi].
func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// single formats v, rounded to the given decimals, as Graph serves an Edm.Single: the shortest
// decimal that reads back as the same float32 (what the loader's canonical form keeps).
func single(v float64, decimals int) string {
	p := math.Pow(10, float64(decimals))
	v = math.Round(v*p) / p
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(float64(float32(v)), 'f', -1, 32)
}

// integer formats an Int32 or Int64.
func integer(v int64) string { return strconv.FormatInt(v, 10) }
