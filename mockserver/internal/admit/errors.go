package admit

import (
	"fmt"
	"strings"
)

// HostError is a request whose Host does not name the server while the Host check is on: what
// a web page sends when it reaches a local graphmock through DNS rebinding (mockserver answers
// 421 Misdirected Request).
type HostError struct {
	// Host is the request's Host header.
	Host string
	// Extra lists the names allowed beyond loopback (the base URL's host, the allowed hosts).
	Extra []string
}

// Error says which names are answered, why, and how to add one.
func (e *HostError) Error() string {
	names := "localhost, 127.0.0.1 or [::1] (any port)"
	if len(e.Extra) > 0 {
		names += ", or " + strings.Join(e.Extra, ", ")
	}
	return fmt.Sprintf("This graphmock answers only requests whose Host names it: %s; the Host '%s' is not one of them. "+
		"This keeps web pages from reaching a local graphmock through DNS rebinding. If this name is yours, allow it with "+
		"-allowed-hosts (GRAPHMOCK_ALLOWED_HOSTS) or Sidecar.AllowedHosts.", names, e.Host)
}

// CrossSiteError is a state-changing request that a browser sent from another site (mockserver
// answers 403 Forbidden).
type CrossSiteError struct {
	// Method is the request's method; Origin and FetchSite its Origin and Sec-Fetch-Site headers.
	Method    string
	Origin    string
	FetchSite string
}

// Error says what was refused, what gave it away and why.
func (e *CrossSiteError) Error() string {
	var from []string
	if e.Origin != "" {
		from = append(from, "Origin: "+e.Origin)
	}
	if e.FetchSite != "" {
		from = append(from, "Sec-Fetch-Site: "+e.FetchSite)
	}
	return fmt.Sprintf("graphmock refused a cross-site %s request (%s). The admin API and the explorer's forms take "+
		"state-changing requests only from the explorer's own pages or from tools that send no Origin, so that no web page "+
		"can change or reset a local graphmock.", e.Method, strings.Join(from, "; "))
}
