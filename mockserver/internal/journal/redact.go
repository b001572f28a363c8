package journal

import (
	"net/http"
	"strings"
)

// MaxHeaderValue bounds each header value the journal keeps, so the journal's memory is bounded
// whatever a client sends (the binary also bounds the header block: -max-header-bytes).
const MaxHeaderValue = 4 << 10

// RedactHeader copies request headers for an entry: the Authorization value hidden behind its
// scheme (journals end up in CI logs) and values over MaxHeaderValue cut.
func RedactHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		cp := make([]string, len(vs))
		for i, v := range vs {
			if len(v) > MaxHeaderValue {
				v = v[:MaxHeaderValue] + "…[cut]"
			}
			cp[i] = v
		}
		out[k] = cp
	}
	if v := out.Get("Authorization"); v != "" {
		scheme, _, _ := strings.Cut(v, " ")
		out.Set("Authorization", scheme+" [redacted]")
	}
	return out
}
