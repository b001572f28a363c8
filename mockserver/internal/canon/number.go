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
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
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
