package mockserver

import (
	"net/http"
	"net/http/httptest"
	"time"
)

// Tester is the part of *testing.T (or *testing.B) that Start needs. Taking an interface keeps
// this package free of the testing import, so it can be linked into the graphmock binary.
type Tester interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
}

// TestServer is a Server listening on a loopback port for one test, shaped like
// httptest.Server: URL, Client and Close.
type TestServer struct {
	*Server
	// URL is the base URL of the server, such as http://127.0.0.1:41235. Graph URLs are
	// URL + "/v1.0/communications/callRecords/…".
	URL  string
	http *httptest.Server
}

// Start builds a Server with opts, serves it over HTTP on a loopback port, and registers its
// shutdown with t.Cleanup. A server that cannot be built fails the test at once. Like the
// graphmock binary on loopback, it answers only requests whose Host names it (localhost,
// 127.0.0.1, [::1], and Sidecar.AllowedHosts; "*" allows any).
func Start(t Tester, opts ...Option) *TestServer {
	t.Helper()
	return start(t, false, opts)
}

// StartTLS is Start over HTTPS with a self-signed certificate; Client trusts it. The Graph
// JavaScript client only speaks https.
func StartTLS(t Tester, opts ...Option) *TestServer {
	t.Helper()
	return start(t, true, opts)
}

func start(t Tester, tls bool, opts []Option) *TestServer {
	t.Helper()
	loopback := func(c *config) error { c.checkHost = true; return nil } // httptest binds 127.0.0.1
	s, err := New(append([]Option{loopback}, opts...)...)
	if err != nil {
		t.Fatalf("graphmock: %v", err)
		return nil
	}
	hs := httptest.NewUnstartedServer(s)
	// A client that stalls (or lies about Content-Length) cannot hold a handler, and with it
	// Close, for ever.
	hs.Config.ReadHeaderTimeout = 10 * time.Second
	hs.Config.ReadTimeout = time.Minute
	if tls {
		hs.StartTLS()
	} else {
		hs.Start()
	}
	ts := &TestServer{Server: s, URL: hs.URL, http: hs}
	t.Cleanup(ts.Close)
	return ts
}

// Client returns an HTTP client configured for the server (it trusts the TLS certificate of a
// StartTLS server).
func (ts *TestServer) Client() *http.Client { return ts.http.Client() }

// Close shuts the server down and waits for in-flight requests; it is safe to call twice.
func (ts *TestServer) Close() {
	ts.Server.Close()
	ts.http.Close()
}
