package fastschema

import (
	"math/big"
	"testing"
)

func TestDecimal(t *testing.T) {
	t.Parallel()
	nums := []string{"0", "-0", "0.0", "0e5", "1", "-1", "10", "100", "1e2", "1E+2", "1e-2", "0.01", "0.010", "27288", "27288.0",
		"27288.5", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "3.4028234663852886e+38", "3.4028234663852887e+38", "340282346638528860000000000000000000000",
		"340282346638528860000000000000000000001", "-3.4028234663852886e+38", "1e39", "1e-45", "-1e-45", "123.456e1", "1234.56e-1", "0.5", "5e-1", "1.23e4567"}
	for _, a := range nums {
		da, ok := parseDecimal([]byte(a), nil)
		if !ok {
			t.Fatalf("parseDecimal(%s) failed", a)
		}
		ra, _ := new(big.Rat).SetString(a)
		if da.isInt() != ra.IsInt() {
			t.Errorf("%s: isInt %v, big.Rat says %v", a, da.isInt(), ra.IsInt())
		}
		for _, b := range nums {
			db, _ := parseDecimal([]byte(b), nil)
			rb, _ := new(big.Rat).SetString(b)
			if got, want := cmpDecimal(da, db), ra.Cmp(rb); got != want {
				t.Errorf("cmp(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
	for _, bad := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1e123456", "1x"} {
		if _, ok := parseDecimal([]byte(bad), nil); ok {
			t.Errorf("parseDecimal(%q) succeeded", bad)
		}
	}
}
