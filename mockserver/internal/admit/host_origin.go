// Package admit decides whether a request gets in at all, before any route runs: whether it
// names this server (its Host, against DNS rebinding: a web page's own name made to resolve to
// 127.0.0.1), and whether a state-changing request to the admin API or the explorer comes from
// the server's own pages (its Origin and Sec-Fetch-Site, against cross-site requests: any page
// a developer visits can send requests to localhost). It works on header values and returns
// domain errors; mockserver decides where each check applies and maps the errors to Graph's
// envelope.
package admit

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Policy is one server's answer to "is this request for me, and from me?". It is immutable and
// safe for concurrent use.
type Policy struct {
	checkHost bool
	anyHost   bool
	// names are host names or IPs (lower case, without brackets) allowed on any port; hostPorts
	// are host:port pairs allowed on that port only.
	names     map[string]bool
	hostPorts map[string]bool
	// baseHost is the host:port of the public base URL (lower case), an origin of the server's
	// own besides the request's Host.
	baseHost string
	// extra lists what was allowed beyond loopback, for messages.
	extra []string
}

// New builds a policy. baseURL is the server's public base URL ("" for none): its host is one of
// the server's own names and origins. With checkHost, requests must name the server in their
// Host: a loopback name, the base URL's host, or an entry of allowed ("name" on any port,
// "name:port", "[v6]" or "[v6]:port"; "*" allows every Host, switching the check off). An entry
// that is not a host is an error.
func New(baseURL string, checkHost bool, allowed []string) (*Policy, error) {
	p := &Policy{checkHost: checkHost, names: map[string]bool{}, hostPorts: map[string]bool{}}
	// Loopback names are always allowed: they can only reach this machine, so no page can rebind them.
	for _, n := range []string{"localhost", "127.0.0.1", "::1"} {
		p.names[n] = true
	}
	if baseURL != "" {
		u, err := url.Parse(baseURL)
		if err != nil {
			return nil, fmt.Errorf("base URL %q: %v", baseURL, err)
		}
		p.baseHost = strings.ToLower(u.Host)
		p.names[strings.ToLower(u.Hostname())] = true
		p.extra = append(p.extra, u.Hostname())
	}
	for _, a := range allowed {
		a = strings.TrimSpace(a)
		if a == "*" {
			p.anyHost = true
			continue
		}
		name, port, err := splitHost(a)
		if err != nil || name == "" || strings.ContainsAny(name, "/?#@ *[]") || strings.Trim(port, "0123456789") != "" {
			return nil, fmt.Errorf("allowed host %q (-allowed-hosts, Sidecar.AllowedHosts) is not a host name or IP address (optionally with :port), nor *", a)
		}
		if port == "" {
			p.names[name] = true
		} else {
			p.hostPorts[net.JoinHostPort(name, port)] = true
		}
		p.extra = append(p.extra, a)
	}
	return p, nil
}

// splitHost splits a Host value into its name (lower case, no brackets, no trailing dot) and its
// port ("" when it has none).
func splitHost(host string) (name, port string, err error) {
	host = strings.ToLower(host)
	if strings.HasPrefix(host, "[") || strings.Count(host, ":") == 1 {
		if !strings.HasSuffix(host, "]") { // a port follows
			if name, port, err = net.SplitHostPort(host); err != nil {
				return "", "", err
			}
			return strings.TrimSuffix(name, "."), port, nil
		}
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	return strings.TrimSuffix(host, "."), "", nil
}

// CheckHost decides whether a request whose Host header is host may be answered: always, when
// the check is off; else when host names the server (see New). The error is a *HostError.
func (p *Policy) CheckHost(host string) error {
	if !p.checkHost || p.anyHost {
		return nil
	}
	name, port, err := splitHost(host)
	if err == nil && (p.names[name] || port != "" && p.hostPorts[net.JoinHostPort(name, port)]) {
		return nil
	}
	return &HostError{Host: host, Extra: p.extra}
}

// CheckOrigin decides whether a request may change the server's state from where it came: safe
// methods (GET, HEAD, OPTIONS) always may; others are refused when the browser says the request
// is cross-site or same-site (Sec-Fetch-Site: cross-site or same-site), or when it carries an
// Origin that is not the server's own (host is the request's Host; the base URL's host is the
// server's own too; "null" is nobody's). A request without either header (curl, SDKs, test
// code) is not a browser's and passes. The error is a *CrossSiteError.
func (p *Policy) CheckOrigin(method, host, origin, fetchSite string) error {
	switch method {
	case "GET", "HEAD", "OPTIONS":
		return nil
	}
	switch strings.ToLower(fetchSite) {
	case "cross-site", "same-site":
		return &CrossSiteError{Method: method, Origin: origin, FetchSite: fetchSite}
	}
	if origin == "" {
		return nil
	}
	if u, err := url.Parse(origin); err == nil && u.Host != "" &&
		(strings.EqualFold(u.Host, host) || p.baseHost != "" && strings.EqualFold(u.Host, p.baseHost)) {
		return nil
	}
	return &CrossSiteError{Method: method, Origin: origin, FetchSite: fetchSite}
}
