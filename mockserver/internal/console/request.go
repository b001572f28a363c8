// Package console is the explorer's request console: a Graph (or admin API) request described
// by a form, checked, run in-process through the server's own handler, and shown back with its
// status, headers and body; the same request as curl, Graph SDK for Go and Graph JS client
// snippets; links that run a request again, signed so that only the console's own pages can make
// them; and sample requests for every route and documented option.
//
// It knows nothing of mockserver: the caller hands it an http.Handler to run requests through
// and renders what it returns (the explorer does both).
package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Limits of what the console sends: a request larger than these is refused with a FormError
// before anything runs, so a page never holds more than about a megabyte of form.
const (
	// MaxTarget bounds the path and query.
	MaxTarget = 8 << 10
	// MaxHeaders bounds the header text.
	MaxHeaders = 16 << 10
	// MaxBody bounds the body.
	MaxBody  = 1 << 20
	maxLines = 64 // header lines
)

// Request is one request as the console's form describes it.
type Request struct {
	// Method is GET, HEAD, POST, PUT, PATCH or DELETE.
	Method string
	// Target is the path and query sent to this server, as typed, with the characters a URL
	// cannot carry percent-encoded ("/v1.0/communications/callRecords?$top=2").
	Target string
	// Headers are sent in this order.
	Headers []Header
	// Body is sent as is ("" sends none).
	Body string
	// Token is a bearer token for the Authorization header. Links never carry it.
	Token string
	// From is the scheme and host of an absolute URL given as the target, which the console
	// dropped: it sends every request to this server.
	From string
	// Added says what the console added to the request (a Content-Type for a body without one).
	Added string
}

// Header is one request header.
type Header struct {
	Name, Value string
}

// Methods are the methods the console sends.
func Methods() []string {
	return []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete, http.MethodHead}
}

// FormError is a form the console cannot send: which field and why.
type FormError struct {
	Field  string // method, url, headers, body or token
	Reason string
}

// Error says which field is wrong and why.
func (e *FormError) Error() string { return e.Field + ": " + e.Reason }

// FromForm reads a request from the console's form fields (method, url, headers, body, token),
// as posted or as a link's query. It fills what it can even when it returns an error, so the
// form can be shown again as the user left it.
func FromForm(v url.Values) (Request, error) {
	req := Request{
		Method: strings.ToUpper(strings.TrimSpace(v.Get("method"))),
		Body:   strings.ReplaceAll(v.Get("body"), "\r\n", "\n"), // browsers post textareas with CRLF
		Token:  strings.TrimSpace(v.Get("token")),
	}
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	if t, ok := cutFold(req.Token, "bearer "); ok {
		req.Token = strings.TrimSpace(t)
	}
	target, from, terr := normalizeTarget(v.Get("url"))
	req.Target, req.From = target, from
	headers, herr := parseHeaders(v.Get("headers"))
	req.Headers = headers
	switch {
	case !isMethod(req.Method):
		return req, &FormError{"method", "the console sends " + strings.Join(Methods(), ", ") + "; not " + strconv.Quote(req.Method)}
	case terr != nil:
		return req, terr
	case herr != nil:
		return req, herr
	case len(req.Body) > MaxBody:
		return req, &FormError{"body", "the console sends bodies of at most 1 MiB; this one has " + strconv.Itoa(len(req.Body)) + " bytes"}
	case strings.ContainsAny(req.Token, "\r\n\t "):
		return req, &FormError{"token", "a bearer token has no spaces or line breaks"}
	case req.Token != "" && req.Header("Authorization") != "":
		return req, &FormError{"token", "give the token once: in the token field, or as an Authorization header"}
	}
	if req.Body != "" && req.Header("Content-Type") == "" {
		req.Headers = append(req.Headers, Header{"Content-Type", "application/json"})
		req.Added = "Content-Type: application/json, since the body had no Content-Type (Graph answers 415 to a body without one)"
	}
	return req, nil
}

// Header returns the first value of the named header ("" without one).
func (r Request) Header(name string) string {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// HeaderText is the headers as the form's text area shows them, one "Name: value" a line.
func (r Request) HeaderText() string {
	lines := make([]string, len(r.Headers))
	for i, h := range r.Headers {
		lines[i] = h.Name + ": " + h.Value
	}
	return strings.Join(lines, "\n")
}

// Values encodes the request as form values for a link: everything but the token, which must
// not end up in URLs (browser history, logs).
func (r Request) Values() url.Values {
	v := url.Values{"method": {r.Method}, "url": {r.Target}}
	var kept []string
	for _, h := range r.Headers {
		if !strings.EqualFold(h.Name, "Authorization") {
			kept = append(kept, h.Name+": "+h.Value)
		}
	}
	if len(kept) > 0 {
		v.Set("headers", strings.Join(kept, "\n"))
	}
	if r.Body != "" {
		v.Set("body", r.Body)
	}
	return v
}

// isMethod reports whether m is one of Methods.
func isMethod(m string) bool {
	for _, x := range Methods() {
		if m == x {
			return true
		}
	}
	return false
}

// cutFold is strings.CutPrefix without regard to case.
func cutFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
