package admit

import (
	"errors"
	"testing"
)

func TestCheckHost(t *testing.T) {
	t.Parallel()
	on, err := New("https://graph.test:8443", true, []string{"ci-runner", "box.example:9000", "[fd00::1]"})
	if err != nil {
		t.Fatal(err)
	}
	off, _ := New("", false, nil)
	anyHost, _ := New("", true, []string{"*"})
	tests := []struct {
		p    *Policy
		host string
		ok   bool
	}{
		{on, "localhost", true}, {on, "localhost:8080", true}, {on, "LOCALHOST:1", true}, {on, "localhost.:8080", true},
		{on, "127.0.0.1:8080", true}, {on, "[::1]:8080", true}, {on, "[::1]", true},
		{on, "graph.test", true}, {on, "graph.test:1234", true}, {on, "ci-runner:8080", true},
		{on, "box.example:9000", true}, {on, "box.example:9001", false}, {on, "box.example", false},
		{on, "[fd00::1]:8080", true},
		{on, "evil.example", false}, {on, "evil.example:8080", false}, {on, "localhost.evil.example", false},
		{on, "127.0.0.2:8080", false}, {on, "", false}, {on, "[::1", false},
		{off, "evil.example", true}, {anyHost, "evil.example", true},
	}
	for _, tc := range tests {
		err := tc.p.CheckHost(tc.host)
		var he *HostError
		if (err == nil) != tc.ok || err != nil && !errors.As(err, &he) {
			t.Errorf("%q: %v, want ok=%v", tc.host, err, tc.ok)
		}
	}
	for _, bad := range []string{"", "http://x", "x/y", "a b", "x:y", "[::1"} {
		if _, err := New("", true, []string{bad}); err == nil {
			t.Errorf("allowed host %q accepted", bad)
		}
	}
}

func TestCheckOrigin(t *testing.T) {
	t.Parallel()
	p, _ := New("https://graph.test:8443", false, nil)
	tests := []struct {
		method, host, origin, site string
		ok                         bool
	}{
		{"GET", "localhost:8080", "https://evil.example", "cross-site", true},
		{"HEAD", "localhost:8080", "https://evil.example", "cross-site", true},
		{"OPTIONS", "localhost:8080", "https://evil.example", "cross-site", true},
		{"POST", "localhost:8080", "", "", true},                                 // curl, SDKs
		{"POST", "localhost:8080", "http://localhost:8080", "same-origin", true}, // the explorer
		{"POST", "localhost:8080", "http://LOCALHOST:8080", "", true},
		{"POST", "internal:8080", "https://graph.test:8443", "", true}, // behind a proxy
		{"POST", "localhost:8080", "", "none", true},                   // typed in the address bar
		{"POST", "localhost:8080", "https://evil.example", "cross-site", false},
		{"POST", "localhost:8080", "https://evil.example", "", false},
		{"POST", "localhost:8080", "", "cross-site", false},
		{"PUT", "localhost:8080", "", "same-site", false},
		{"DELETE", "localhost:8080", "http://localhost:9999", "", false},
		{"POST", "localhost:8080", "null", "", false},
		{"POST", "localhost:8080", "http://localhost:8080", "cross-site", false},
		{"POST", "localhost:8080", "https://evil.example", "same-origin", false},
	}
	for _, tc := range tests {
		err := p.CheckOrigin(tc.method, tc.host, tc.origin, tc.site)
		var ce *CrossSiteError
		if (err == nil) != tc.ok || err != nil && !errors.As(err, &ce) {
			t.Errorf("%+v: %v", tc, err)
		}
	}
}
