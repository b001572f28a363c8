package validate

import (
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// jsonschema/v5 reads numbers with math/big, which makes numbers with enormous exponents cost
// seconds and gigabytes, or panic. These guards keep any number a client sends from slowing or
// crashing a request: no Edm type reaches such a number anyway.

// validateSafely runs jsonschema/v5, which panics (inside math/big) on a number such as
// 1e999999999: that becomes a violation, so a client's number can never crash a request.
func validateSafely(s *jsonschema.Schema, doc any) (err error) {
	defer func() {
		if recover() != nil {
			err = fmt.Errorf("a number in the document is too large to check: keep numbers within the Edm ranges")
		}
	}()
	return s.Validate(doc)
}

// maxExponent is more than any Edm number needs (Double reaches about 1.8e308).
const maxExponent = 400

// hugeExponent reports whether the JSON holds a number whose exponent is beyond maxExponent.
func hugeExponent(raw []byte) bool {
	inString, escaped := false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case (c == 'e' || c == 'E') && i > 0 && raw[i-1] >= '0' && raw[i-1] <= '9':
			j := i + 1
			if j < len(raw) && (raw[j] == '+' || raw[j] == '-') {
				j++
			}
			n := 0
			for ; j < len(raw) && raw[j] >= '0' && raw[j] <= '9'; j++ {
				n = n*10 + int(raw[j]-'0')
				if n > maxExponent {
					return true
				}
			}
			i = j - 1
		}
	}
	return false
}
