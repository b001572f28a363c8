package fastschema

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
)

// decimal is an exact JSON number: 0.digits × 10^exp, where digits has no leading or trailing
// zeros. Zero has no digits (and exp 0); -0 is zero.
type decimal struct {
	neg    bool
	digits []byte
	exp    int64
}

// maxExpDigits bounds the exponents parseDecimal accepts (|e| < 10^5), and maxFracDigits the
// digits after the point. Other numbers are left to the full validator: math/big refuses to
// read numbers whose power of ten exceeds 10^6, and jsonschema/v5 is in trouble with them.
const (
	maxExpDigits  = 5
	maxFracDigits = 100000
)

// parseDecimal reads the JSON number b (in JSON's grammar), appending its digits to buf[:0].
// ok is false when b is not a JSON number or its exponent is out of range.
func parseDecimal(b []byte, buf []byte) (d decimal, ok bool) {
	i, n := 0, len(b)
	if i < n && b[i] == '-' {
		d.neg = true
		i++
	}
	intStart := i
	for i < n && isDigit(b[i]) {
		i++
	}
	intPart := b[intStart:i]
	if len(intPart) == 0 || len(intPart) > 1 && intPart[0] == '0' {
		return decimal{}, false
	}
	var frac []byte
	if i < n && b[i] == '.' {
		i++
		fs := i
		for i < n && isDigit(b[i]) {
			i++
		}
		frac = b[fs:i]
		if len(frac) == 0 || len(frac) >= maxFracDigits {
			return decimal{}, false
		}
	}
	var exp int64
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < n && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		es := i
		for i < n && b[i] == '0' {
			i++
		}
		sig := i
		for i < n && isDigit(b[i]) {
			i++
		}
		if i == es || i-sig > maxExpDigits {
			return decimal{}, false
		}
		for _, c := range b[sig:i] {
			exp = exp*10 + int64(c-'0')
		}
		if eneg {
			exp = -exp
		}
	}
	if i != n {
		return decimal{}, false
	}
	// Significant digits: skip leading zeros (each moves the point), drop trailing zeros.
	e := int64(len(intPart)) + exp
	digits := buf[:0]
	leading := true
	for _, part := range [2][]byte{intPart, frac} {
		for _, c := range part {
			if leading {
				if c == '0' {
					e--
					continue
				}
				leading = false
			}
			digits = append(digits, c)
		}
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 {
		return decimal{}, true
	}
	d.digits, d.exp = digits, e
	return d, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (d decimal) isZero() bool { return len(d.digits) == 0 }

// isInt reports whether d is an integer (27288.0 and 1e2 are).
func (d decimal) isInt() bool { return d.isZero() || d.exp >= int64(len(d.digits)) }

// sign is -1, 0 or +1.
func (d decimal) sign() int {
	switch {
	case d.isZero():
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// cmpDecimal compares a and b exactly: -1, 0 or +1.
func cmpDecimal(a, b decimal) int {
	sa, sb := a.sign(), b.sign()
	if sa != sb {
		if sa < sb {
			return -1
		}
		return 1
	}
	if sa == 0 {
		return 0
	}
	// Same sign, both non-zero: compare magnitudes, then flip for negatives.
	m := 0
	switch {
	case a.exp < b.exp:
		m = -1
	case a.exp > b.exp:
		m = 1
	default:
		// Normalized digit strings compare like the fractions they spell.
		m = bytes.Compare(a.digits, b.digits)
	}
	return m * sa
}

// bound is a minimum or maximum. Besides the exact value it holds the integer threshold that
// decides most numbers without reading their digits: for a minimum, lo >= ceil(bound) proves
// x >= bound for any lo <= x; for a maximum, hi <= floor(bound) proves x <= bound for any
// hi >= x. When the threshold is beyond int64 on the side where nothing can reach it, decisive
// is false and the exact comparison decides.
type bound struct {
	d         decimal
	threshold int64
	decisive  bool
}

func newBound(lit string, minimum bool) (*bound, error) {
	d, ok := parseDecimal([]byte(lit), nil)
	r, ok2 := new(big.Rat).SetString(lit)
	if !ok || !ok2 {
		return nil, fmt.Errorf("the number %s is out of the supported range", lit)
	}
	// floor and ceil of r.
	q, m := new(big.Int).DivMod(r.Num(), r.Denom(), new(big.Int)) // Euclidean: q = floor for Denom > 0
	floor := q
	ceil := new(big.Int).Set(q)
	if m.Sign() != 0 {
		ceil.Add(ceil, big.NewInt(1))
	}
	b := &bound{d: d, decisive: true}
	minI, maxI := big.NewInt(math.MinInt64), big.NewInt(math.MaxInt64)
	if minimum {
		switch {
		case ceil.Cmp(maxI) > 0:
			b.decisive = false
		case ceil.Cmp(minI) < 0:
			b.threshold = math.MinInt64
		default:
			b.threshold = ceil.Int64()
		}
	} else {
		switch {
		case floor.Cmp(minI) < 0:
			b.decisive = false
		case floor.Cmp(maxI) > 0:
			b.threshold = math.MaxInt64
		default:
			b.threshold = floor.Int64()
		}
	}
	return b, nil
}

// quickRange reads a number literal without exponent and with at most 18 integer digits: the
// integers lo <= x <= hi next to it (lo == hi when x is an integer). ok is false for other
// literals.
func quickRange(b []byte) (lo, hi int64, ok bool) {
	i, n := 0, len(b)
	neg := false
	if i < n && b[i] == '-' {
		neg = true
		i++
	}
	start := i
	var v int64
	for i < n && isDigit(b[i]) {
		v = v*10 + int64(b[i]-'0')
		i++
	}
	if i == start || i-start > 18 {
		return 0, 0, false
	}
	frac := false
	if i < n && b[i] == '.' {
		i++
		for i < n && isDigit(b[i]) {
			if b[i] != '0' {
				frac = true
			}
			i++
		}
	}
	if i != n {
		return 0, 0, false // an exponent
	}
	lo, hi = v, v
	if neg {
		lo, hi = -v, -v
	}
	if frac {
		if neg {
			lo--
		} else {
			hi++
		}
	}
	return lo, hi, true
}
