package subscriptions

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// URLPolicy says which notification URLs a server accepts. Graph accepts https only; a test's
// receiver usually listens on http://127.0.0.1:PORT, so by default http is accepted for loopback
// hosts and refused with Graph's error for any other.
type URLPolicy int

const (
	// LoopbackHTTP accepts https anywhere and http for localhost and loopback addresses (the
	// default).
	LoopbackHTTP URLPolicy = iota
	// HTTPSOnly accepts https only, as Graph does.
	HTTPSOnly
	// AnyHTTP accepts http for every host as well, for a sidecar that notifies another
	// container by its name.
	AnyHTTP
)

// CheckURL judges a notificationUrl or lifecycleNotificationUrl (member names which, for the
// message): an absolute http(s) URL with a host, whose scheme the policy allows. It returns the
// URL parsed, or a *RequestError in Graph's words.
func (p URLPolicy) CheckURL(member, raw string) (*url.URL, error) {
	name := strings.ToUpper(member[:1]) + member[1:] // NotificationUrl, as Graph's message spells it
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Hostname() == "" {
		return nil, &RequestError{Member: member, Message: fmt.Sprintf("%s '%s' is not an absolute URL.", name, raw),
			Hint: "Give the URL of the endpoint Graph posts to, such as https://example.com/notify."}
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "https":
		return u, nil
	case scheme == "http" && (p == AnyHTTP || p == LoopbackHTTP && isLoopback(u.Hostname())):
		return u, nil
	}
	hint := "Graph posts to https endpoints only."
	if scheme == "http" && p == LoopbackHTTP {
		hint = "graphmock accepts http only for localhost and loopback addresses unless the server allows any http host (-webhook-http-any-host)."
	}
	return nil, &RequestError{Member: member, Message: fmt.Sprintf("%s scheme='%s' is not supported.", name, u.Scheme), Hint: hint}
}

// isLoopback reports whether a URL's host is localhost or a loopback IP address. Names are not
// resolved: a name that points at loopback is not loopback here.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
