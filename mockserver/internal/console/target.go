package console

import (
	"net/url"
	"strconv"
	"strings"
)

// normalizeTarget turns what the user typed into the path and query the console sends. An
// absolute http(s) URL (a pasted @odata.nextLink) loses its scheme and host, which are returned
// as from: the console sends every request to this server. Characters a request line cannot
// carry (spaces, quotes, non-ASCII, '#') are percent-encoded; everything else is sent as typed,
// so "$expand=sessions($expand=segments)" goes raw, as the Graph JS client sends it.
func normalizeTarget(typed string) (target, from string, err error) {
	t := strings.TrimSpace(typed)
	switch {
	case t == "":
		return "", "", &FormError{"url", "type a path, such as /v1.0/communications/callRecords"}
	case len(t) > MaxTarget:
		return "", "", &FormError{"url", "the console sends paths and queries of at most 8 KiB"}
	}
	if rest, ok := cutFold(t, "http://"); ok {
		from, t = "http://", rest
	} else if rest, ok := cutFold(t, "https://"); ok {
		from, t = "https://", rest
	}
	if from != "" {
		i := strings.IndexAny(t, "/?")
		if i < 0 {
			from, t = from+t, "/"
		} else {
			from, t = from+t[:i], t[i:]
		}
		if strings.HasPrefix(t, "?") {
			t = "/" + t
		}
	}
	if !strings.HasPrefix(t, "/") || strings.HasPrefix(t, "//") {
		return escapeTarget(t), from, &FormError{"url", "a path on this server starts with one / (such as /v1.0/communications/callRecords), or paste a whole http:// URL"}
	}
	target = escapeTarget(t)
	if _, perr := url.ParseRequestURI(target); perr != nil {
		return target, from, &FormError{"url", "not a valid path and query: " + perr.Error()}
	}
	if explorerPath(target) {
		return target, from, &FormError{"url", "the console sends Graph and admin API requests; " + strconv.Quote(pathOf(target)) + " is an explorer page: open it in the browser instead"}
	}
	return target, from, nil
}

// escapeTarget percent-encodes the bytes a request target cannot carry as typed.
func escapeTarget(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}#", c) >= 0 {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// pathOf is the target without its query.
func pathOf(target string) string {
	if i := strings.IndexByte(target, '?'); i >= 0 {
		return target[:i]
	}
	return target
}

// explorerPath reports whether target is one of the explorer's pages (with or without a
// namespace prefix), which the console refuses so that it never runs itself.
func explorerPath(target string) bool {
	p := pathOf(target)
	if rest, ok := strings.CutPrefix(p, "/_ns/"); ok {
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			p = rest[i:]
		}
	}
	return p == "/" || p == "" || p == "/_mock/ui" || strings.HasPrefix(p, "/_mock/ui/")
}

// parseHeaders reads the header text area: one "Name: value" a line, blank lines skipped.
func parseHeaders(text string) ([]Header, error) {
	if len(text) > MaxHeaders {
		return nil, &FormError{"headers", "the console sends at most 16 KiB of headers"}
	}
	var out []Header
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		where := "line " + strconv.Itoa(n+1) + ": "
		name, value, ok := strings.Cut(line, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		switch {
		case !ok:
			return out, &FormError{"headers", where + "write a header as Name: value"}
		case !isToken(name):
			return out, &FormError{"headers", where + strconv.Quote(name) + " is not a header name"}
		case strings.ContainsFunc(value, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }):
			return out, &FormError{"headers", where + "the value has a control character"}
		case len(out) == maxLines:
			return out, &FormError{"headers", "the console sends at most 64 headers"}
		}
		switch strings.ToLower(name) {
		case "host":
			return out, &FormError{"headers", where + "the console sends every request to this server, so Host is this server's"}
		case "content-length", "transfer-encoding", "connection", "te", "upgrade", "trailer", "keep-alive", "expect":
			return out, &FormError{"headers", where + name + " is set by the console itself from the body it sends"}
		}
		out = append(out, Header{Name: name, Value: value})
	}
	return out, nil
}

// isToken reports whether s is an HTTP token (a valid header name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}
