package canon

import (
	"bytes"
	"math"
	"strconv"
)

// maxIntExponent bounds the exponent appendInteger expands: no Edm integer has more than 19
// digits, so a larger one is left as written for the validator to refuse.
const maxIntExponent = 40

// appendInteger appends an Int32/Int64 literal as a plain integer: 1e2, 1E+2 and 100.0 are 100,
// -0 is 0. A literal with a fraction (1.5, 1e-1) is not an integer and is appended as written.
func appendInteger(b, lit []byte) []byte {
	if bytes.IndexAny(lit, ".eE") < 0 && string(lit) != "-0" {
		return append(b, lit...)
	}
	neg := lit[0] == '-'
	s := lit
	if neg {
		s = s[1:]
	}
	mant, exp := s, 0
	if i := bytes.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e, err := strconv.Atoi(string(bytes.TrimPrefix(s[i+1:], []byte("+"))))
		if err != nil || e > maxIntExponent || e < -maxIntExponent {
			return append(b, lit...)
		}
		exp = e
	}
	digits := append([]byte(nil), mant...)
	if i := bytes.IndexByte(mant, '.'); i >= 0 {
		digits = append(append(digits[:0], mant[:i]...), mant[i+1:]...)
		exp -= len(mant) - i - 1
	}
	if exp < 0 {
		cut := len(digits) + exp
		if cut < 0 {
			cut = 0
		}
		if len(bytes.Trim(digits[cut:], "0")) > 0 {
			return append(b, lit...) // a fraction: not an integer
		}
		digits = digits[:cut]
	}
	digits = bytes.TrimLeft(digits, "0")
	if len(digits) == 0 {
		return append(b, '0')
	}
	if neg {
		b = append(b, '-')
	}
	b = append(b, digits...)
	for ; exp > 0; exp-- {
		b = append(b, '0')
	}
	return b
}

// appendFloat appends a Single (single) or Double literal in its shortest round-trip form, the
// way JavaScript and encoding/json write numbers: 1.0 is 1, 6.025816e1 is 60.25816, 1e-7 stays in
// exponent form. A literal beyond the type's range is appended as written.
func appendFloat(b, lit []byte, single bool) []byte {
	bits := 64
	if single {
		bits = 32
	}
	f, err := strconv.ParseFloat(string(lit), bits)
	if err != nil || math.IsInf(f, 0) {
		return append(b, lit...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (!single && (abs < 1e-6 || abs >= 1e21) || single && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		format = 'e'
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// e-07 → e-7, as JavaScript writes it.
		if n := len(b) - start; n >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			b = b[:len(b)-1]
		}
	}
	return b
}

// shortestFloat reports, without parsing it, a literal that appendFloat would write unchanged:
// plain decimal notation (no exponent, no trailing zero after the point, no leading zeros),
// between 1e-6 and 1e15, with no more significant digits than its type always round-trips (6 for
// a Single, 15 for a Double): two such decimals are never the same binary number, so none is
// shorter. Most stored numbers are like this, and skip the conversion.
func shortestFloat(lit []byte, single bool) bool {
	maxDigits := 15
	if single {
		maxDigits = 6
	}
	s := lit
	if s[0] == '-' {
		s = s[1:]
	}
	intPart, frac, hasPoint := bytes.Cut(s, []byte("."))
	if len(intPart) == 0 || len(intPart) > 15 || len(intPart) > 1 && intPart[0] == '0' || !allDigits(intPart) {
		return false
	}
	if hasPoint && (len(frac) == 0 || frac[len(frac)-1] == '0' || !allDigits(frac)) {
		return false
	}
	if intPart[0] != '0' {
		return len(intPart)+len(frac) <= maxDigits
	}
	significant := bytes.TrimLeft(frac, "0")
	switch {
	case len(significant) == 0:
		return len(lit) == 1 // "0"; "-0" is written again
	case len(frac)-len(significant) > 5:
		return false // below 1e-6: exponent form
	}
	return len(significant) <= maxDigits
}
