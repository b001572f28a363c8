package faults

import (
	"fmt"
	"net/http"
	"sort"
)

// A rule's Headers (header= in X-Graphmock-Fault) are added to its answer. Names must be HTTP
// tokens and values free of control characters, so a rule cannot produce a response net/http
// would refuse to write; and the headers graphmock writes itself cannot be set, since the
// answer would silently carry graphmock's value instead of the rule's.

// checkResponseHeader checks one header a rule adds to its answer: name in canonical form.
func checkResponseHeader(name, value string) error {
	if !isToken(name) {
		return fmt.Errorf("%q is not a header name: use letters, digits and !#$%%&'*+-.^_`|~ only", name)
	}
	if why := ownedHeader(name); why != "" {
		return fmt.Errorf("a fault cannot set %s: %s", name, why)
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; c < ' ' && c != '\t' || c == 0x7f {
			return fmt.Errorf("the value of %s holds a control character", name)
		}
	}
	return nil
}

// checkResponseHeaders checks a rule's Headers in name order, so the error is stable.
func checkResponseHeaders(h map[string]string) error {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := checkResponseHeader(http.CanonicalHeaderKey(k), h[k]); err != nil {
			return ruleErr("headers", "headers: %v", err)
		}
	}
	return nil
}

// ownedHeader says why graphmock keeps a response header (canonical name) to itself, or "".
func ownedHeader(name string) string {
	switch name {
	case "Content-Type", "Content-Length":
		return "graphmock writes it for the body it sends (Graph's JSON error envelope)"
	case "Request-Id", "Client-Request-Id", "Date":
		return "graphmock writes it on every answer, as Graph does, and innerError and the journal carry the same value"
	case "Odata-Version", "X-Ms-Ags-Diagnostic":
		return "graphmock writes it on every answer, as Graph does"
	case "Retry-After":
		return "use retry-after= (retryAfter in a rule), which the journal and the retry reports read"
	case "Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade":
		return "it is about the connection, which net/http manages; use a connection fault (reset, close, truncate, garbage, hang)"
	}
	return ""
}

// isToken reports whether s is an RFC 9110 token, the grammar of a header name.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c < 0x80 && c > ' ' && c != 0x7f && !isSeparator(c):
		default:
			return false
		}
	}
	return true
}

// isSeparator reports the visible ASCII characters a token may not hold.
func isSeparator(c byte) bool {
	switch c {
	case '(', ')', ',', '/', ':', ';', '<', '=', '>', '?', '@', '[', '\\', ']', '{', '}', '"':
		return true
	}
	return false
}
