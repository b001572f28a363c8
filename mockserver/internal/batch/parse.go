package batch

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Parse checks a batch body, read and checked as one JSON object already (jsondoc), the way
// Graph does: a requests array of 1 to MaxRequests requests, each with an id unique in the batch
// (without regard to case), a method, a url relative to the version root (with or without its
// leading slash; an absolute URL is refused) and optional headers, body (JSON, or a base64
// string for other content, which needs a Content-Type header) and dependsOn. A batch inside a
// batch is refused, and dependencies must name requests of the batch, make no cycle and follow
// one of the three shapes Graph runs (see plan). Members Graph does not define are ignored. The
// first problem found is an *Error; nothing of a refused batch runs.
func Parse(doc jsondoc.Object) (*Batch, error) {
	raw := doc.Get("requests")
	if raw == nil {
		return nil, formatError("/requests", `The body has no requests member: a batch is {"requests": [...]}.`)
	}
	elems, ok := elements(raw)
	switch {
	case !ok:
		return nil, formatError("/requests", "requests must be an array of requests.")
	case len(elems) == 0:
		return nil, formatError("/requests", "requests is empty: a batch holds 1 to %d requests.", MaxRequests)
	case len(elems) > MaxRequests:
		return nil, &Error{Message: msgTooMany, Pointer: pointerTo(MaxRequests, ""),
			Detail: fmt.Sprintf("The batch holds %d requests; Graph takes at most %d in one batch.", len(elems), MaxRequests)}
	}
	b := &Batch{Requests: make([]Request, len(elems))}
	for i, e := range elems {
		r := &b.Requests[i]
		if err := parseRequest(r, i, e); err != nil {
			return nil, err
		}
		for j := range i {
			if strings.EqualFold(b.Requests[j].ID, r.ID) {
				return nil, &Error{Message: fmt.Sprintf(msgDuplicate, r.ID), Pointer: pointerTo(i, "id"),
					Detail: fmt.Sprintf("Requests %d and %d both have the id '%s' (ids are compared without regard to case).", j, i, r.ID)}
			}
		}
	}
	if err := b.plan(); err != nil {
		return nil, err
	}
	return b, nil
}

// parseRequest reads the i-th request of the batch from its JSON.
func parseRequest(r *Request, i int, raw []byte) error {
	if len(raw) < 2 || raw[0] != '{' {
		return formatError(pointerTo(i, ""), "Each request must be a JSON object.")
	}
	var body []byte
	for k := 1; k < len(raw)-1; {
		var m member
		m, k = nextMember(raw, k)
		var err error
		switch string(m.raw) { // names with escapes are none of these
		case `"id"`:
			r.ID, err = requiredString(i, m)
		case `"method"`:
			r.Method, err = method(i, m)
		case `"url"`:
			if r.URL, err = requiredString(i, m); err == nil {
				r.Target, err = target(i, r.URL)
			}
		case `"headers"`:
			r.Header, err = headers(i, m.value)
		case `"body"`:
			body = m.value
		case `"dependsOn"`:
			r.DependsOn, err = dependsOn(i, m.value)
		}
		if err != nil {
			return err
		}
	}
	for _, missing := range []struct {
		name string
		no   bool
	}{{"id", r.ID == ""}, {"method", r.Method == ""}, {"url", r.URL == ""}} {
		if missing.no { // requiredString refuses an empty one, so it is missing
			return formatError(pointerTo(i, missing.name), "Request %d has no %s: id, method and url are required.", i, missing.name)
		}
	}
	var err error
	if r.Body, err = requestBody(i, body); err != nil {
		return err
	}
	if r.Body != nil && r.Header.Get("Content-Type") == "" {
		return formatError(pointerTo(i, "headers"), "Request %s has a body but no Content-Type header: a body needs one.", r.ID)
	}
	return nil
}

// method reads a request's method: an HTTP token, in upper case (the common ones without
// allocating).
func method(i int, m member) (string, error) {
	for _, known := range []string{"GET", "POST", "PATCH", "PUT", "DELETE"} {
		if len(m.value) == len(known)+2 && strings.EqualFold(string(m.value[1:len(m.value)-1]), known) {
			return known, nil
		}
	}
	s, err := requiredString(i, m)
	if err == nil && !isToken(s) {
		err = formatError(pointerTo(i, "method"), "The method '%s' is not an HTTP method.", s)
	}
	return strings.ToUpper(s), err
}

// requiredString reads a member that must be a non-empty string.
func requiredString(i int, m member) (string, error) {
	if !isString(m.value) {
		return "", formatError(pointerTo(i, m.name()), "The %s of request %d must be a string.", m.name(), i)
	}
	s := unquote(m.value)
	if s == "" {
		return "", formatError(pointerTo(i, m.name()), "The %s of request %d is empty.", m.name(), i)
	}
	return s, nil
}

// target checks a request's url and returns it as a request target under the batch's version:
// relative, with a leading slash, without a fragment, and not itself a batch.
func target(i int, raw string) (*url.URL, error) {
	if hasScheme(raw) || strings.HasPrefix(raw, "//") {
		return nil, formatError(pointerTo(i, "url"), "The url '%s' is absolute: give it relative to the version root, as /communications/callRecords.", raw)
	}
	t, _, _ := strings.Cut(raw, "#")
	if !strings.HasPrefix(t, "/") {
		t = "/" + t
	}
	u, err := url.ParseRequestURI(t)
	if err != nil {
		return nil, formatError(pointerTo(i, "url"), "The url '%s' is not a valid relative URL.", raw)
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if strings.EqualFold(first, "$batch") {
		return nil, formatError(pointerTo(i, "url"), "Request %d is itself a $batch: a batch cannot hold another batch.", i)
	}
	return u, nil
}

// hasScheme reports whether a URL starts with a scheme ("https:"), as RFC 3986 spells one: a
// letter, then letters, digits, '+', '-' or '.', then ':'.
func hasScheme(raw string) bool {
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		case c == ':':
			return i > 0
		default:
			return false
		}
	}
	return false
}

// headers reads a request's headers: an object of strings whose names are HTTP header names.
func headers(i int, raw []byte) (http.Header, error) {
	if isNull(raw) {
		return nil, nil
	}
	ms, ok := members(raw)
	if !ok {
		return nil, formatError(pointerTo(i, "headers"), "The headers of request %d must be an object of strings.", i)
	}
	h := make(http.Header, len(ms))
	for _, m := range ms {
		name := m.name()
		ptr := func() string { return pointerTo(i, "headers") + "/" + jsondoc.EscapePointerToken(name) }
		if !isToken(name) {
			return nil, formatError(ptr(), "'%s' is not an HTTP header name.", name)
		}
		if !isString(m.value) {
			return nil, formatError(ptr(), "The value of header %s must be a string.", name)
		}
		v := unquote(m.value)
		if strings.ContainsFunc(v, func(c rune) bool { return c < ' ' && c != '\t' || c == 0x7f }) {
			return nil, formatError(ptr(), "The value of header %s holds a control character.", name)
		}
		h.Add(name, v)
	}
	return h, nil
}

// requestBody reads a request's body: JSON as sent, or the bytes of a base64 string (standard
// or URL alphabet, padded or not); nil for none.
func requestBody(i int, raw []byte) ([]byte, error) {
	switch {
	case raw == nil || isNull(raw):
		return nil, nil
	case raw[0] == '{' || raw[0] == '[':
		return raw, nil
	case isString(raw):
		s := unquote(raw)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				return b, nil
			}
		}
		return nil, formatError(pointerTo(i, "body"), "The body of request %d is a string that is not base64: a body is a JSON object, or base64 for other content.", i)
	}
	return nil, formatError(pointerTo(i, "body"), "The body of request %d must be a JSON object, or a base64 string for other content.", i)
}

// dependsOn reads a request's dependsOn: an array of ids.
func dependsOn(i int, raw []byte) ([]string, error) {
	if isNull(raw) {
		return nil, nil
	}
	elems, ok := elements(raw)
	if !ok {
		return nil, formatError(pointerTo(i, "dependsOn"), "The dependsOn of request %d must be an array of request ids.", i)
	}
	ids := make([]string, len(elems))
	for k, e := range elems {
		if !isString(e) {
			return nil, formatError(fmt.Sprintf("%s/%d", pointerTo(i, "dependsOn"), k), "The dependsOn of request %d must hold request ids (strings).", i)
		}
		ids[k] = unquote(e)
	}
	return ids, nil
}

// isToken reports whether s is an HTTP token (RFC 9110), what methods and header names are.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}
