package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// healthcheckTimeout bounds the whole probe (connect, TLS, response), so a wedged server fails the
// container health check instead of hanging it.
const healthcheckTimeout = 3 * time.Second

// runHealthcheck is the healthcheck command: GET /_mock/healthz on a running server and succeed
// only on 200. It exists so the Docker image (which has no curl) can declare a HEALTHCHECK. It
// reads the same -addr/GRAPHMOCK_ADDR and -tls/GRAPHMOCK_TLS as serve, so one environment
// configures both; an unspecified host (0.0.0.0, ::, empty) is probed on loopback.
func runHealthcheck(ctx context.Context, c *cli, args []string) error {
	var addr string
	var useTLS bool
	fs := newEnvFlagSet("healthcheck", "graphmock healthcheck [flags]",
		"GET /_mock/healthz on a running graphmock and exit 0 when it answers 200, 1 otherwise\n"+
			"(within 3 s). Meant for container health checks.")
	defineAddrFlag(fs, &addr)
	fs.Bool(&useTLS, "tls", "GRAPHMOCK_TLS", false, "probe over HTTPS (the certificate is not verified: the probe checks liveness, not identity)")
	if err := fs.parse(args, c.getenv, c.stdout, 0); err != nil {
		return err
	}
	u, err := healthURL(addr, useTLS)
	if err != nil {
		return err
	}
	if err := probe(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "ok: %s\n", u)
	return nil
}

// healthURL builds the probe URL for a serve-style address; a malformed address is a usage error.
func healthURL(addr string, useTLS bool) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", usageErrorf("healthcheck: -addr (GRAPHMOCK_ADDR) %q is not host:port: %v", addr, err)
	}
	scheme := "http"
	if useTLS {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(dialHost(host), port) + "/_mock/healthz", nil
}

// dialHost maps a listen host to one a local client can dial: an empty or unspecified host
// (0.0.0.0, ::) means "all interfaces" to a listener, so dial loopback, 127.0.0.1.
func dialHost(host string) string {
	if host == "" {
		return "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return "127.0.0.1"
	}
	return host
}

// probe GETs u within healthcheckTimeout and returns nil only for a 200. Over HTTPS it skips
// certificate verification: serve's default certificate is generated at start-up and cannot be
// known in advance, and the probe sends no secrets and trusts nothing it reads.
func probe(ctx context.Context, u string) error {
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	transport := &http.Transport{
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // liveness probe of our own self-signed server; see doc comment
		DisableKeepAlives: true,
	}
	defer transport.CloseIdleConnections()
	resp, err := (&http.Client{Transport: transport}).Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // drop url.Error's repetition of the method and URL
		}
		return fmt.Errorf("healthcheck: GET %s failed: %w", u, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: GET %s returned %s, want 200 OK", u, resp.Status)
	}
	return nil
}
