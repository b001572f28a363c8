package mockserver

import (
	"cmp"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Sidecar holds the settings only a long-running, shared server needs: the graphmock binary and
// the Docker image set them from flags, and a Go test rarely does. A zero field keeps its
// default (DefaultSidecar), so WithSidecar(Sidecar{AdminToken: "t"}) changes only the token.
type Sidecar struct {
	// BaseURL is the public base URL (scheme and host, such as "https://graph.test:8443") that
	// @odata.context and @odata.nextLink are built on, for a server behind a proxy or a container
	// port mapping. Empty: links use the request's own host.
	BaseURL string
	// AdminOff switches the admin API under /_mock/ off: every admin route but healthz and readyz
	// answers 403, for a sidecar reachable from containers that must not change it.
	AdminOff bool
	// AdminToken makes the admin API (all but healthz and readyz) and the explorer require
	// "Authorization: Bearer TOKEN"; other requests get 401.
	AdminToken string
	// MaxBodyBytes is the largest write body accepted, before and after gzip decompression;
	// larger bodies get 413 (default 4 MiB).
	MaxBodyBytes int64
	// JournalSize is how many requests each namespace's journal keeps; older entries drop off
	// (default 1000).
	JournalSize int
	// MaxNamespaces bounds how many named namespaces may be live at once; a request naming one
	// more gets a 409 that says how to drop one (default 64; negative: none may be made).
	MaxNamespaces int
	// MaxHeldRequests bounds how many faulted requests are delayed, dribbled or hung at once.
	// Each keeps a goroutine and a connection, so a misbehaving test cannot pile them up: a
	// faulted request over the bound gets a Graph 503 whose message names the bound (default 256).
	MaxHeldRequests int
	// MaxStoredBytes caps the JSON the server holds, summed over its namespaces (loaded scenario
	// included), so a long load test cannot run a sidecar out of memory: a write past it gets 507
	// insufficientStorage naming the cap and the ways out (default 512 MiB).
	MaxStoredBytes int64
	// AllowedHosts, when not empty, turns on the Host check that keeps web pages from reaching a
	// server on loopback through DNS rebinding: only requests whose Host is localhost, 127.0.0.1
	// or [::1] (any port), BaseURL's host, or an entry here ("name", "name:port", "[v6]") are
	// answered; others get 421 Misdirected Request. "*" allows every Host. Start turns the check
	// on by itself (it binds loopback); the graphmock binary does when its address is loopback.
	AllowedHosts []string
	// ShuffleBatch answers the requests of a JSON batch ($batch) in an order shuffled from the
	// server's seed (WithSeed) and the batch's ids, never in the order sent, to catch a client that
	// matches answers to requests by position: Graph documents that the order may differ. The same
	// seed and batch give the same order on every run. Off, answers come in the order sent.
	ShuffleBatch bool
	// WebhookHTTPSOnly refuses http:// notification URLs as Graph does (default: http for loopback
	// hosts only); WebhookHTTPAnyHost accepts it for any host (a sidecar notifying a container);
	// WebhookThrottleOff switches Graph's slow and drop rule for late endpoints off.
	WebhookHTTPSOnly, WebhookHTTPAnyHost, WebhookThrottleOff bool
	// WebhookValidationTimeout, WebhookTimeout and WebhookRetryTimeout are how long (real time) an
	// endpoint has to answer the handshake, a notification and a retry (default Graph's 10s, 3s, 10s).
	WebhookValidationTimeout, WebhookTimeout, WebhookRetryTimeout time.Duration
}

// DefaultSidecar returns the defaults WithSidecar's zero fields keep.
func DefaultSidecar() Sidecar {
	return Sidecar{MaxBodyBytes: 4 << 20, JournalSize: 1000, MaxNamespaces: 64, MaxHeldRequests: 256, MaxStoredBytes: 512 << 20}
}

// WithSidecar sets what a shared sidecar needs (see Sidecar). A base URL that is not an absolute
// http(s) URL without a path, or a negative size, is an error from New.
func WithSidecar(sc Sidecar) Option {
	return func(c *config) error {
		if sc.BaseURL != "" {
			u, err := url.Parse(sc.BaseURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
				return fmt.Errorf("WithSidecar: BaseURL %q must be an absolute http(s) URL with no path, such as https://graph.test:8443", sc.BaseURL)
			}
			c.baseURL = strings.TrimSuffix(sc.BaseURL, "/")
		}
		if sc.MaxBodyBytes < 0 || sc.JournalSize < 0 || sc.MaxHeldRequests < 0 || sc.MaxStoredBytes < 0 {
			return fmt.Errorf("WithSidecar: MaxBodyBytes %d, JournalSize %d, MaxHeldRequests %d and MaxStoredBytes %d must not be negative",
				sc.MaxBodyBytes, sc.JournalSize, sc.MaxHeldRequests, sc.MaxStoredBytes)
		}
		c.admin = !sc.AdminOff
		c.adminToken, c.shuffleBatch = sc.AdminToken, sc.ShuffleBatch
		// A zero field keeps what the config holds (the default, or an earlier WithSidecar's).
		c.maxBodyBytes, c.maxStored = cmp.Or(sc.MaxBodyBytes, c.maxBodyBytes), cmp.Or(sc.MaxStoredBytes, c.maxStored)
		c.journalSize, c.maxHeld = cmp.Or(sc.JournalSize, c.journalSize), cmp.Or(sc.MaxHeldRequests, c.maxHeld)
		var err error
		if c.webhooks, err = c.webhooks.With(sc.WebhookHTTPSOnly, sc.WebhookHTTPAnyHost, sc.WebhookThrottleOff, sc.WebhookValidationTimeout, sc.WebhookTimeout, sc.WebhookRetryTimeout); err != nil {
			return fmt.Errorf("WithSidecar: %w", err)
		}
		if len(sc.AllowedHosts) > 0 {
			c.allowedHosts, c.checkHost = sc.AllowedHosts, true
		}
		switch {
		case sc.MaxNamespaces < 0:
			c.maxNamespaces = 0
		case sc.MaxNamespaces > 0:
			c.maxNamespaces = sc.MaxNamespaces
		}
		return nil
	}
}
