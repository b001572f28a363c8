package console

import (
	"net/url"
	"strings"
)

// target is a request's path as the snippets need it.
type target struct {
	// Prefix is the namespace prefix as sent ("/_ns/job-42"), or "".
	Prefix string
	// Version is "v1.0" or "beta" for a Graph request, else "".
	Version string
	// Path is the part after the version ("/communications/callRecords/ID"), as sent; for a
	// request that is not Graph's, the whole path after the prefix.
	Path string
	// Query is the raw query, without "?".
	Query string
}

// parseTarget splits a console target into its namespace prefix, Graph version, path and query.
func parseTarget(t string) target {
	var out target
	p := t
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p, out.Query = p[:i], p[i+1:]
	}
	if rest, ok := strings.CutPrefix(p, "/_ns/"); ok {
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			out.Prefix, p = "/_ns/"+rest[:i], rest[i:]
		}
	}
	for _, v := range []string{"v1.0", "beta"} {
		if rest, ok := strings.CutPrefix(p, "/"+v); ok && (rest == "" || rest[0] == '/') {
			out.Version, p = v, rest
			break
		}
	}
	out.Path = p
	return out
}

// option is one query option as sent: its name and value, percent-decoded (left as sent when
// they do not decode).
type option struct {
	Name, Value string
}

// options splits a raw query into its options, in order.
func options(query string) []option {
	var out []option
	for _, part := range strings.Split(query, "&") {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		out = append(out, option{Name: unescape(name), Value: unescape(value)})
	}
	return out
}

// unescape percent-decodes a query component ('+' is a space, as forms send it), or returns it as
// is when it does not decode.
func unescape(s string) string {
	if v, err := url.QueryUnescape(s); err == nil {
		return v
	}
	return s
}

// segments splits a path into its segments, each percent-decoded.
func segments(path string) []string {
	var out []string
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if v, err := url.PathUnescape(s); err == nil {
			s = v
		}
		out = append(out, s)
	}
	return out
}

// splitTopLevel splits a $select or $expand value at the commas outside parentheses:
// "id,sessions($select=id,modalities)" is two items.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
