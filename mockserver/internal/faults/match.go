package faults

import (
	"net/url"
	"path"
	"slices"
	"strings"
)

// matches checks every condition of the rule's match.
func (r *ruleState) matches(in *Request) bool {
	if len(r.Routes) > 0 && !slices.Contains(r.Routes, in.Route) {
		return false
	}
	if r.Method != "" && r.Method != in.Method {
		return false
	}
	if r.Path != "" {
		if ok, _ := path.Match(r.Path, in.Path); !ok {
			return false
		}
	}
	for name, want := range r.Header {
		got := in.Header.Values(name)
		if len(got) == 0 || (want != "*" && !slices.Contains(got, want)) {
			return false
		}
	}
	for name, want := range r.Query {
		got, ok := queryValue(in.RawQuery, name)
		if !ok || (want != "*" && got != want) {
			return false
		}
	}
	return true
}

// queryValue finds a query option by its decoded name, matched case-insensitively. Faults are
// decided before the handler parses (and may reject) the query, so this reads the raw pairs.
func queryValue(rawQuery, name string) (string, bool) {
	for _, part := range strings.Split(rawQuery, "&") {
		rawName, rawValue, _ := strings.Cut(part, "=")
		n, err1 := url.QueryUnescape(rawName)
		v, err2 := url.QueryUnescape(rawValue)
		if err1 == nil && err2 == nil && strings.EqualFold(n, name) {
			return v, true
		}
	}
	return "", false
}

// requestKey is the counting key of a request under a rule's Key.
func requestKey(key string, in *Request) string {
	switch {
	case key == "client-request-id":
		if in.ClientRequestID == "" {
			// A client that sent none counts per connection: its retries on the connection share
			// one count (times=1 stops firing), while independent clients (two tests, two curl
			// runs) each get their own. NUL cannot occur in a header, so no id collides with it.
			return "\x00" + in.Connection
		}
		return in.ClientRequestID
	case strings.HasPrefix(key, "header:"):
		return in.Header.Get(strings.TrimPrefix(key, "header:"))
	case strings.HasPrefix(key, "literal:"):
		return strings.TrimPrefix(key, "literal:")
	}
	return ""
}

// bucketKey is the token bucket a request draws from under a rate limit's Per.
func bucketKey(per string, in *Request) string {
	switch per {
	case "route":
		return string(in.Route)
	case "callRecord":
		return in.CallRecord
	case "client-request-id":
		if in.ClientRequestID == "" {
			return in.RequestID // a client that sent none: a bucket of its own
		}
		return in.ClientRequestID
	}
	return ""
}
