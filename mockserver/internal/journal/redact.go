package journal

import (
	"net/http"
	"strings"
)

// MaxHeaderValue bounds each header value the journal keeps, so the journal's memory is bounded
// whatever a client sends (the binary also bounds the header block: -max-header-bytes).
const MaxHeaderValue = 4 << 10

// RedactHeader copies request headers as an entry shows them: the Authorization value hidden
// behind its scheme (journals end up in CI logs) and values over MaxHeaderValue cut. The ring
// applies the same rules when it records a request, into storage it reuses.
func RedactHeader(h http.Header) http.Header {
	return headerOf(appendRedacted(nil, h))
}

// headerField is one header value as the ring keeps it.
type headerField struct{ name, value string }

// appendRedacted appends h's values, redacted, to fields. It copies no string but the values it
// changes: header strings are immutable, so keeping them costs nothing per request.
func appendRedacted(fields []headerField, h http.Header) []headerField {
	for k, vs := range h {
		if k == "Authorization" && len(vs) > 0 && vs[0] != "" {
			fields = append(fields, headerField{k, redactedAuthorization(vs[0])})
			continue
		}
		for _, v := range vs {
			if len(v) > MaxHeaderValue {
				v = v[:MaxHeaderValue] + "…[cut]"
			}
			fields = append(fields, headerField{k, v})
		}
	}
	return fields
}

// redactedAuthorization keeps an Authorization value's scheme; the usual ones need no new string.
func redactedAuthorization(v string) string {
	scheme, _, _ := strings.Cut(v, " ")
	switch scheme {
	case "Bearer":
		return "Bearer [redacted]"
	case "Basic":
		return "Basic [redacted]"
	}
	return scheme + " [redacted]"
}

// headerOf builds the http.Header of fields (an empty one when there are none). The fields of
// one name are adjacent, in the order sent.
func headerOf(fields []headerField) http.Header {
	h := make(http.Header, len(fields))
	for _, f := range fields {
		h[f.name] = append(h[f.name], f.value)
	}
	return h
}
