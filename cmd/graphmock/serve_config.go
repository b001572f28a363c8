package main

import (
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// defaultMaxHeaderBytes bounds a request's header block (net/http's own default is 1 MiB): the
// journal keeps every request's headers, so this also bounds its memory.
const defaultMaxHeaderBytes = 64 << 10

// serveConfig is everything serve's flags and GRAPHMOCK_* variables decide, after validation.
type serveConfig struct {
	addr      string
	scenario  string
	baseURL   string
	pageSize  int
	tls       bool
	tlsCert   string
	tlsKey    string
	logLevel  slog.Level
	logFormat string
	watch     bool

	seed          uint64
	seedSet       bool // -seed was given; otherwise the engine picks a random seed
	admin         bool
	adminToken    string
	requireAuth   bool
	journalSize   int
	maxNamespaces int
	maxBodyBytes  int
	maxHeader     int
	maxHeld       int
	maxStored     int
	heapFloor     int
	validateBody  bool
	allowedHosts  string // comma-separated, for the Host check (see hostCheck)
	shuffleBatch  bool

	// The change notifications' webhook settings (Sidecar.Webhook*).
	webhookHTTPSOnly, webhookHTTPAnyHost, webhookThrottle         bool
	webhookValidationTimeout, webhookTimeout, webhookRetryTimeout time.Duration
}

// parseServeFlags reads serve's command line and environment into a serveConfig. Help goes to
// help (and returns flag.ErrHelp); anything wrong with the values (a bad log level, a negative
// page size, only one of -tls-cert/-tls-key, a base URL that is not an absolute http(s) URL)
// is a *usageError, found before anything is built or bound.
func parseServeFlags(args []string, getenv func(string) string, help io.Writer) (serveConfig, error) {
	var cfg serveConfig
	var level, seed string
	fs := newEnvFlagSet("serve", "graphmock [serve] [flags]",
		"Serve the mock Microsoft Graph callRecords API (under /v1.0 and /beta), its admin API (under\n"+
			"/_mock) and the explorer, a web page of the state (at /), until interrupted (SIGINT or\n"+
			"SIGTERM shut it down gracefully). Other commands: "+strings.Join(commandNames("serve"), ", ")+".")
	defineAddrFlag(fs, &cfg.addr)
	fs.String(&cfg.scenario, "scenario", "GRAPHMOCK_SCENARIO", "default",
		"scenario to load: an embedded `name` ("+strings.Join(mockserver.EmbeddedScenarios(), ", ")+") or a path to a YAML/JSON file")
	fs.String(&cfg.baseURL, "base-url", "GRAPHMOCK_BASE_URL", "",
		"public base `URL` (scheme://host[:port]) for @odata links, when clients reach the mock through a proxy or port mapping; empty uses the request's host")
	fs.Int(&cfg.pageSize, "page-size", "GRAPHMOCK_PAGE_SIZE", 0,
		"default page size of every collection (capped at Graph's maximums); 0 uses Graph's defaults")
	fs.Bool(&cfg.tls, "tls", "GRAPHMOCK_TLS", false,
		"serve HTTPS, with a generated self-signed certificate for localhost unless -tls-cert and -tls-key are given")
	fs.String(&cfg.tlsCert, "tls-cert", "GRAPHMOCK_TLS_CERT", "", "PEM certificate `file` for HTTPS (needs -tls-key; implies -tls)")
	fs.String(&cfg.tlsKey, "tls-key", "GRAPHMOCK_TLS_KEY", "", "PEM private key `file` for HTTPS (needs -tls-cert; implies -tls)")
	fs.String(&level, "log-level", "GRAPHMOCK_LOG_LEVEL", "info", "minimum `level` logged to stderr: debug, info (one line per request), warn or error")
	fs.String(&cfg.logFormat, "log-format", "GRAPHMOCK_LOG_FORMAT", "text", "log `format` on stderr: text or json")
	fs.Bool(&cfg.watch, "watch", "GRAPHMOCK_WATCH", false,
		"reload the -scenario file when it changes (checked every 500ms); a file that does not load keeps the current state and is logged at error level; a reload drops writes made since the last load")
	fs.String(&seed, "seed", "GRAPHMOCK_SEED", "",
		"`number` (0 to 2^64-1) seeding probabilistic faults and sampled latencies, to replay a run; empty picks a random seed, printed at start")
	fs.Bool(&cfg.admin, "admin", "GRAPHMOCK_ADMIN", true,
		"serve the admin API under /_mock and the explorer; false leaves only /_mock/healthz and /_mock/readyz")
	fs.String(&cfg.adminToken, "admin-token", "GRAPHMOCK_ADMIN_TOKEN", "",
		"`token` the admin API and the explorer require (Authorization: Bearer TOKEN; browsers: any user name with the token as password)")
	fs.Bool(&cfg.requireAuth, "require-auth", "GRAPHMOCK_REQUIRE_AUTH", false,
		"check Authorization on Graph routes as Graph does (401 without a bearer token, 403 without the CallRecords role); see 'graphmock token'")
	defaults := mockserver.DefaultSidecar()
	fs.Int(&cfg.journalSize, "journal-size", "GRAPHMOCK_JOURNAL_SIZE", defaults.JournalSize,
		"requests the journal keeps per namespace; older ones drop off")
	fs.Int(&cfg.maxNamespaces, "max-namespaces", "GRAPHMOCK_MAX_NAMESPACES", defaults.MaxNamespaces,
		"named namespaces (X-Graphmock-Namespace, /_ns/NAME/) live at once")
	fs.Int(&cfg.maxBodyBytes, "max-body-bytes", "GRAPHMOCK_MAX_BODY_BYTES", int(defaults.MaxBodyBytes),
		"largest write body accepted, before and after gzip; larger ones get 413")
	fs.Int(&cfg.maxHeld, "max-held-requests", "GRAPHMOCK_MAX_HELD_REQUESTS", defaults.MaxHeldRequests,
		"faulted requests held at once (delayed, dribbled, hung); more are answered 503 at once")
	fs.Int(&cfg.maxStored, "max-stored-bytes", "GRAPHMOCK_MAX_STORED_BYTES", int(defaults.MaxStoredBytes),
		"bytes of call-record JSON kept across all namespaces, loaded scenarios included; writes past it get 507 until POST /_mock/reset or DELETE /_mock/namespaces/NAME frees room")
	fs.Int(&cfg.maxHeader, "max-header-bytes", "GRAPHMOCK_MAX_HEADER_BYTES", defaultMaxHeaderBytes,
		"largest request header block accepted (request line and headers); larger ones get 431")
	fs.Int(&cfg.heapFloor, "heap-floor", "GRAPHMOCK_HEAP_FLOOR", defaultHeapFloor,
		"`bytes` of garbage the heap may gather between collections while the live heap is small (Go's default collects every few megabytes); 0 leaves the collector as Go sets it, and so does GOGC in the environment")
	fs.Bool(&cfg.validateBody, "validate-requests", "GRAPHMOCK_VALIDATE_REQUESTS", true,
		"validate write bodies against the JSON Schemas (scenarios are always validated)")
	fs.String(&cfg.allowedHosts, "allowed-hosts", "GRAPHMOCK_ALLOWED_HOSTS", "",
		"comma-separated `hosts` (name, name:port or [v6]) answered besides localhost, 127.0.0.1, [::1] and the -base-url host, "+
			"against DNS rebinding; the check is on when -addr is loopback, or when this is set; * answers every Host")
	fs.Bool(&cfg.shuffleBatch, "shuffle-batch", "GRAPHMOCK_SHUFFLE_BATCH", false,
		"answer the requests of a JSON batch ($batch) in an order drawn from -seed and the batch, never the order sent, to catch clients that match answers by position")
	fs.Bool(&cfg.webhookHTTPSOnly, "webhook-https-only", "GRAPHMOCK_WEBHOOK_HTTPS_ONLY", false,
		"refuse http:// notification URLs for every host, as Graph does (by default http is accepted for localhost and loopback addresses)")
	fs.Bool(&cfg.webhookHTTPAnyHost, "webhook-http-any-host", "GRAPHMOCK_WEBHOOK_HTTP_ANY_HOST", false,
		"accept http:// notification URLs for every host, for a sidecar that notifies another container by name")
	fs.Duration(&cfg.webhookValidationTimeout, "webhook-validation-timeout", "GRAPHMOCK_WEBHOOK_VALIDATION_TIMEOUT", 10*time.Second,
		"how long a webhook has to answer the validation handshake of a new subscription (Graph: 10s)")
	fs.Duration(&cfg.webhookTimeout, "webhook-timeout", "GRAPHMOCK_WEBHOOK_TIMEOUT", 3*time.Second,
		"how long a webhook has to answer a notification's first attempt (Graph: 3s); slower answers count against it")
	fs.Duration(&cfg.webhookRetryTimeout, "webhook-retry-timeout", "GRAPHMOCK_WEBHOOK_RETRY_TIMEOUT", 10*time.Second,
		"how long a webhook has to answer a retried notification (Graph: 10s)")
	fs.Bool(&cfg.webhookThrottle, "webhook-throttle", "GRAPHMOCK_WEBHOOK_THROTTLE", true,
		"apply Graph's slow and drop rule to webhooks that answer late (notifications held back 10 minutes, or dropped)")
	if err := fs.parse(args, getenv, help, 0); err != nil {
		return serveConfig{}, err
	}

	switch strings.ToLower(level) {
	case "debug":
		cfg.logLevel = slog.LevelDebug
	case "info":
		cfg.logLevel = slog.LevelInfo
	case "warn":
		cfg.logLevel = slog.LevelWarn
	case "error":
		cfg.logLevel = slog.LevelError
	default:
		return serveConfig{}, usageErrorf("serve: -log-level (GRAPHMOCK_LOG_LEVEL) %q must be debug, info, warn or error", level)
	}
	cfg.logFormat = strings.ToLower(cfg.logFormat)
	if cfg.logFormat != "text" && cfg.logFormat != "json" {
		return serveConfig{}, usageErrorf("serve: -log-format (GRAPHMOCK_LOG_FORMAT) %q must be text or json", cfg.logFormat)
	}
	if seed != "" {
		n, err := strconv.ParseUint(seed, 10, 64)
		if err != nil {
			return serveConfig{}, usageErrorf("serve: -seed (GRAPHMOCK_SEED) %q must be a number from 0 to 18446744073709551615", seed)
		}
		cfg.seed, cfg.seedSet = n, true
	}
	switch {
	case cfg.journalSize < 1:
		return serveConfig{}, usageErrorf("serve: -journal-size (GRAPHMOCK_JOURNAL_SIZE) %d must be positive", cfg.journalSize)
	case cfg.maxNamespaces < 0:
		return serveConfig{}, usageErrorf("serve: -max-namespaces (GRAPHMOCK_MAX_NAMESPACES) %d must not be negative", cfg.maxNamespaces)
	case cfg.maxBodyBytes < 1:
		return serveConfig{}, usageErrorf("serve: -max-body-bytes (GRAPHMOCK_MAX_BODY_BYTES) %d must be positive", cfg.maxBodyBytes)
	case cfg.maxHeld < 1:
		return serveConfig{}, usageErrorf("serve: -max-held-requests (GRAPHMOCK_MAX_HELD_REQUESTS) %d must be positive", cfg.maxHeld)
	case cfg.maxStored < 1:
		return serveConfig{}, usageErrorf("serve: -max-stored-bytes (GRAPHMOCK_MAX_STORED_BYTES) %d must be positive", cfg.maxStored)
	case cfg.heapFloor < 0:
		return serveConfig{}, usageErrorf("serve: -heap-floor (GRAPHMOCK_HEAP_FLOOR) %d must not be negative", cfg.heapFloor)
	case cfg.maxHeader < 4096:
		return serveConfig{}, usageErrorf("serve: -max-header-bytes (GRAPHMOCK_MAX_HEADER_BYTES) %d must be at least 4096", cfg.maxHeader)
	}
	switch {
	case cfg.webhookHTTPSOnly && cfg.webhookHTTPAnyHost:
		return serveConfig{}, usageErrorf("serve: -webhook-https-only (GRAPHMOCK_WEBHOOK_HTTPS_ONLY) and -webhook-http-any-host (GRAPHMOCK_WEBHOOK_HTTP_ANY_HOST) contradict each other")
	case cfg.webhookValidationTimeout <= 0 || cfg.webhookTimeout <= 0 || cfg.webhookRetryTimeout <= 0:
		return serveConfig{}, usageErrorf("serve: -webhook-validation-timeout, -webhook-timeout and -webhook-retry-timeout must be positive")
	}
	if cfg.pageSize < 0 {
		return serveConfig{}, usageErrorf("serve: -page-size (GRAPHMOCK_PAGE_SIZE) %d must be 0 (Graph's defaults) or positive", cfg.pageSize)
	}
	if (cfg.tlsCert == "") != (cfg.tlsKey == "") {
		return serveConfig{}, usageErrorf("serve: -tls-cert (GRAPHMOCK_TLS_CERT) and -tls-key (GRAPHMOCK_TLS_KEY) must be given together")
	}
	if cfg.tlsCert != "" {
		cfg.tls = true
	}
	if cfg.watch && !isScenarioFile(cfg.scenario) {
		return serveConfig{}, usageErrorf("serve: -watch (GRAPHMOCK_WATCH) needs -scenario (GRAPHMOCK_SCENARIO) to name a file; %q is an embedded scenario", cfg.scenario)
	}
	if cfg.baseURL != "" {
		u, err := url.Parse(cfg.baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return serveConfig{}, usageErrorf("serve: -base-url (GRAPHMOCK_BASE_URL) %q must be an absolute http(s) URL with no path, such as https://graph.test:8443", cfg.baseURL)
		}
	}
	return cfg, nil
}

// options turns the configuration into engine options, logging to logger.
func (cfg serveConfig) options(logger *slog.Logger) []mockserver.Option {
	opts := []mockserver.Option{mockserver.WithLogger(logger)}
	if isScenarioFile(cfg.scenario) {
		opts = append(opts, scenarioFileOption(cfg.scenario, cfg.watch))
	} else {
		opts = append(opts, mockserver.WithScenarioName(cfg.scenario))
	}
	if cfg.pageSize > 0 {
		opts = append(opts, mockserver.WithPageSize(cfg.pageSize))
	}
	if cfg.seedSet {
		opts = append(opts, mockserver.WithSeed(cfg.seed))
	}
	namespaces := cfg.maxNamespaces
	if namespaces == 0 {
		namespaces = -1 // -max-namespaces 0: no named namespaces at all
	}
	return append(opts,
		mockserver.WithSidecar(mockserver.Sidecar{
			BaseURL:         cfg.baseURL,
			AdminOff:        !cfg.admin,
			AdminToken:      cfg.adminToken,
			MaxBodyBytes:    int64(cfg.maxBodyBytes),
			JournalSize:     cfg.journalSize,
			MaxNamespaces:   namespaces,
			MaxHeldRequests: cfg.maxHeld,
			MaxStoredBytes:  int64(cfg.maxStored),
			AllowedHosts:    cfg.hostCheck(),
			ShuffleBatch:    cfg.shuffleBatch,

			WebhookHTTPSOnly: cfg.webhookHTTPSOnly, WebhookHTTPAnyHost: cfg.webhookHTTPAnyHost, WebhookThrottleOff: !cfg.webhookThrottle,
			WebhookValidationTimeout: cfg.webhookValidationTimeout, WebhookTimeout: cfg.webhookTimeout, WebhookRetryTimeout: cfg.webhookRetryTimeout,
		}),
		mockserver.WithRequireAuth(cfg.requireAuth),
		mockserver.WithRequestValidation(cfg.validateBody),
	)
}

// hostCheck is Sidecar.AllowedHosts: the -allowed-hosts list, and on an address that only
// loopback can reach at least "localhost", which turns the Host check on. A page in the
// developer's browser can reach a loopback server only through a name it controls (DNS
// rebinding), so there the check is on by default; bound to all interfaces (Docker's
// 0.0.0.0:8080) the server is reached through names graphmock cannot know, so it is off unless
// -allowed-hosts names them.
func (cfg serveConfig) hostCheck() []string {
	var hosts []string
	for _, h := range strings.Split(cfg.allowedHosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) == 0 && boundToLoopback(cfg.addr) {
		hosts = []string{"localhost"}
	}
	return hosts
}

// boundToLoopback reports whether addr (host:port) listens on loopback only: localhost or a
// loopback IP. An empty host, 0.0.0.0 or :: listens on every interface.
func boundToLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return strings.EqualFold(host, "localhost") || ip != nil && ip.IsLoopback()
}

// isScenarioFile decides whether a -scenario value is a file path or an embedded name: it is a
// file when it names an existing file, contains a path separator, or ends in .yaml, .yml or
// .json; otherwise it is an embedded name. So "default" is embedded, while "default.yaml",
// "./default" and "testdata/x" are files, and a typo in a path is reported as a missing file
// rather than an unknown embedded scenario.
func isScenarioFile(v string) bool {
	if fi, err := os.Stat(v); err == nil && !fi.IsDir() {
		return true
	}
	if strings.ContainsRune(v, '/') || strings.ContainsRune(v, filepath.Separator) {
		return true
	}
	switch strings.ToLower(filepath.Ext(v)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// newLogger builds the slog logger serve and the engine log through, on w (stderr) at level in
// the given format ("text" or "json", already validated).
func newLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	hopts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, hopts))
	}
	return slog.New(slog.NewTextHandler(w, hopts))
}

// scenarioFileOption loads the -scenario file. With -watch it loads a copy of the file's bytes,
// as each reload does: a big JSON file is otherwise mapped (WithScenarioFile), and a file that
// -watch expects to change may be rewritten in place, which would cut the mapping short under
// the running server. A file that cannot be read is left to WithScenarioFile to report.
func scenarioFileOption(path string, watch bool) mockserver.Option {
	if watch {
		if data, err := os.ReadFile(path); err == nil {
			return mockserver.WithScenarioBytes(path, data)
		}
	}
	return mockserver.WithScenarioFile(path)
}
