package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// basicScenario is the engine's small test scenario, relative to this package.
const basicScenario = "../../mockserver/testdata/basic.yaml"

// noEnv is a getenv with nothing set, so tests never see the developer's GRAPHMOCK_* variables.
func noEnv(string) string { return "" }

// envOf returns a getenv backed by a map.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// syncBuffer is a bytes.Buffer safe to write from run's goroutine while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p under the lock.
func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns a copy of everything written so far.
func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a serve command started by startServe.
type running struct {
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan struct{} // closed when run returns
	err    error         // what run returned; read after done is closed
}

// stop cancels the server's context and returns what run returned.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case <-r.done:
		return r.err
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return within 15s of cancel")
		return nil
	}
}

// startServe runs `run(args)` in a goroutine and waits (polling, with a deadline) for the
// start-up line, returning the URL it printed.
func startServe(t *testing.T, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		// No heap floor: GOGC is the test process's, and servers started one after another
		// would each take the last one's raised GOGC for the process's own.
		r.err = run(ctx, args, envOf(map[string]string{"GRAPHMOCK_HEAP_FLOOR": "0"}), r.stdout, r.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(15 * time.Second):
		}
	})
	startupURL := regexp.MustCompile(`serving (https?://\S+) with`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := startupURL.FindStringSubmatch(r.stdout.String()); m != nil {
			r.url = m[1]
			return r
		}
		select {
		case <-r.done:
			t.Fatalf("run returned before serving: %v\nstdout: %s\nstderr: %s", r.err, r.stdout, r.stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Fatalf("no start-up line within 10s; stdout: %q", r.stdout)
	return nil
}

// TestVersion checks that version prints the build description and succeeds.
func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("version: %v", err)
	}
	if !strings.HasPrefix(out.String(), "graphmock ") || !strings.Contains(out.String(), "revision ") {
		t.Errorf("version output = %q, want graphmock VERSION and a revision line", out.String())
	}
}

// TestUsageErrorsExit2 checks that command-line mistakes are *usageError (exit 2) and that exitCode maps nil to 0 and other errors to 1.
func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"-no-such-flag"},
		{"serve", "extra-arg"},
		{"version", "-x"},
		{"healthcheck", "-addr", "no-port"},
		{"-page-size", "-1"},
		{"-log-level", "loud"},
		{"-log-format", "xml"},
		{"-base-url", "graph.test"},
		{"-webhook-https-only", "-webhook-http-any-host"},
		{"-webhook-timeout", "0s"},
		{"-webhook-retry-timeout", "ten"},
	} {
		err := run(context.Background(), args, noEnv, io.Discard, io.Discard)
		var ue *usageError
		if !errors.As(err, &ue) {
			t.Errorf("run(%q) = %v, want a *usageError", args, err)
		}
		if got := exitCode(err); got != 2 {
			t.Errorf("exitCode(run(%q)) = %d, want 2", args, got)
		}
	}
	err := run(context.Background(), []string{"frobnicate"}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `"frobnicate"`) || !strings.Contains(err.Error(), "serve") {
		t.Errorf("unknown command error = %v, want it to name the command and list the commands", err)
	}
	if exitCode(nil) != 0 || exitCode(errors.New("boom")) != 1 {
		t.Errorf("exitCode: nil → %d, other → %d; want 0 and 1", exitCode(nil), exitCode(errors.New("boom")))
	}
}

// TestHelpListsEveryFlagAndVariable checks that -h succeeds and lists every serve flag with its GRAPHMOCK_ variable and default.
func TestHelpListsEveryFlagAndVariable(t *testing.T) {
	want := map[string]string{
		"-addr": "GRAPHMOCK_ADDR", "-scenario": "GRAPHMOCK_SCENARIO", "-base-url": "GRAPHMOCK_BASE_URL",
		"-page-size": "GRAPHMOCK_PAGE_SIZE", "-tls": "GRAPHMOCK_TLS", "-tls-cert": "GRAPHMOCK_TLS_CERT",
		"-tls-key": "GRAPHMOCK_TLS_KEY", "-log-level": "GRAPHMOCK_LOG_LEVEL", "-log-format": "GRAPHMOCK_LOG_FORMAT",
		"-watch": "GRAPHMOCK_WATCH", "-seed": "GRAPHMOCK_SEED", "-admin": "GRAPHMOCK_ADMIN", "-admin-token": "GRAPHMOCK_ADMIN_TOKEN",
		"-require-auth": "GRAPHMOCK_REQUIRE_AUTH", "-journal-size": "GRAPHMOCK_JOURNAL_SIZE", "-max-namespaces": "GRAPHMOCK_MAX_NAMESPACES",
		"-max-body-bytes": "GRAPHMOCK_MAX_BODY_BYTES", "-validate-requests": "GRAPHMOCK_VALIDATE_REQUESTS",
		"-max-stored-bytes":   "GRAPHMOCK_MAX_STORED_BYTES",
		"-allowed-hosts":      "GRAPHMOCK_ALLOWED_HOSTS",
		"-shuffle-batch":      "GRAPHMOCK_SHUFFLE_BATCH",
		"-webhook-https-only": "GRAPHMOCK_WEBHOOK_HTTPS_ONLY", "-webhook-http-any-host": "GRAPHMOCK_WEBHOOK_HTTP_ANY_HOST",
		"-webhook-validation-timeout": "GRAPHMOCK_WEBHOOK_VALIDATION_TIMEOUT", "-webhook-timeout": "GRAPHMOCK_WEBHOOK_TIMEOUT",
		"-webhook-retry-timeout": "GRAPHMOCK_WEBHOOK_RETRY_TIMEOUT", "-webhook-throttle": "GRAPHMOCK_WEBHOOK_THROTTLE",
	}
	for _, args := range [][]string{{"-h"}, {"serve", "-help"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, noEnv, &out, io.Discard); err != nil {
			t.Fatalf("run(%q) = %v, want nil (help is success)", args, err)
		}
		help := out.String()
		for flag, env := range want {
			if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(flag) + `\b`).MatchString(help) {
				t.Errorf("%q help does not list %s:\n%s", args, flag, help)
			}
			if !strings.Contains(help, "env "+env) {
				t.Errorf("%q help does not name %s", args, env)
			}
		}
		for _, def := range []string{`"127.0.0.1:8080"`, `"default"`, `"info"`, `"text"`} {
			if !strings.Contains(help, "default "+def) {
				t.Errorf("%q help does not show default %s", args, def)
			}
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"healthcheck", "-h"}, noEnv, &out, io.Discard); err != nil || !strings.Contains(out.String(), "GRAPHMOCK_ADDR") {
		t.Errorf("healthcheck -h = %v, output %q; want nil and GRAPHMOCK_ADDR listed", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"help"}, noEnv, &out, io.Discard); err != nil || !strings.Contains(out.String(), "healthcheck") {
		t.Errorf("help = %v, output %q; want nil and the command list", err, out.String())
	}
}

// TestEnvFallbackAndFlagPrecedence checks the precedence flag > GRAPHMOCK_* variable > default through parseServeFlags.
func TestEnvFallbackAndFlagPrecedence(t *testing.T) {
	env := envOf(map[string]string{
		"GRAPHMOCK_ADDR":       "0.0.0.0:9999",
		"GRAPHMOCK_SCENARIO":   "small",
		"GRAPHMOCK_PAGE_SIZE":  "7",
		"GRAPHMOCK_TLS":        "true",
		"GRAPHMOCK_LOG_LEVEL":  "DEBUG",
		"GRAPHMOCK_LOG_FORMAT": "json",
		"GRAPHMOCK_BASE_URL":   "https://graph.test:8443",
	})
	cfg, err := parseServeFlags([]string{"-addr", "127.0.0.1:1234", "-page-size", "3"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.addr != "127.0.0.1:1234" || cfg.pageSize != 3 {
		t.Errorf("flags should beat env: addr=%q pageSize=%d", cfg.addr, cfg.pageSize)
	}
	if cfg.scenario != "small" || !cfg.tls || cfg.logLevel != slog.LevelDebug || cfg.logFormat != "json" || cfg.baseURL != "https://graph.test:8443" {
		t.Errorf("env fallback not applied: %+v", cfg)
	}
	// An explicit false flag beats a true variable.
	if cfg, err := parseServeFlags([]string{"-tls=false"}, env, io.Discard); err != nil || cfg.tls {
		t.Errorf("-tls=false with GRAPHMOCK_TLS=true: tls=%v err=%v, want false", cfg.tls, err)
	}

	cfg, err = parseServeFlags(nil, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.addr != "127.0.0.1:8080" || cfg.scenario != "default" || cfg.pageSize != 0 || cfg.tls || cfg.logLevel != slog.LevelInfo || cfg.logFormat != "text" {
		t.Errorf("defaults wrong: %+v", cfg)
	}

	_, err = parseServeFlags(nil, envOf(map[string]string{"GRAPHMOCK_PAGE_SIZE": "lots"}), io.Discard)
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "GRAPHMOCK_PAGE_SIZE") {
		t.Errorf("bad env value: err = %v, want a usage error naming GRAPHMOCK_PAGE_SIZE", err)
	}
	// A cert and key from the environment imply -tls.
	cfg, err = parseServeFlags(nil, envOf(map[string]string{"GRAPHMOCK_TLS_CERT": "c.pem", "GRAPHMOCK_TLS_KEY": "k.pem"}), io.Discard)
	if err != nil || !cfg.tls {
		t.Errorf("cert+key from env: tls=%v err=%v, want tls on", cfg.tls, err)
	}
}

// TestHostCheckFollowsTheBindAddress: bound to loopback, the server answers only Hosts that name
// it (DNS rebinding), plus -allowed-hosts (GRAPHMOCK_ALLOWED_HOSTS); bound to every interface,
// as in Docker, any Host unless -allowed-hosts is given.
func TestHostCheckFollowsTheBindAddress(t *testing.T) {
	tests := []struct {
		addr, allowed, host string
		want                int
	}{
		{"127.0.0.1:8080", "", "evil.example:8080", 421},
		{"127.0.0.1:8080", "", "localhost:8080", 200},
		{"127.0.0.1:8080", "", "127.0.0.1:8080", 200},
		{"localhost:8080", "", "evil.example", 421},
		{"[::1]:0", "", "[::1]:1234", 200},
		{"[::1]:0", "", "evil.example", 421},
		{"127.0.0.1:8080", "ci-runner, box.example:9000", "ci-runner:8080", 200},
		{"127.0.0.1:8080", "ci-runner, box.example:9000", "box.example:9000", 200},
		{"127.0.0.1:8080", "*", "evil.example", 200},
		{"0.0.0.0:8080", "", "evil.example", 200},
		{":8080", "", "graphmock:8080", 200},
		{"0.0.0.0:8080", "graphmock", "evil.example", 421},
		{"0.0.0.0:8080", "graphmock", "graphmock:8080", 200},
	}
	for _, tc := range tests {
		env := envOf(map[string]string{"GRAPHMOCK_ADDR": tc.addr, "GRAPHMOCK_ALLOWED_HOSTS": tc.allowed, "GRAPHMOCK_SCENARIO": basicScenario})
		cfg, err := parseServeFlags(nil, env, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		srv, err := mockserver.New(cfg.options(slog.New(slog.DiscardHandler))...)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodGet, "/v1.0/communications/callRecords", nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("-addr %s -allowed-hosts %q, Host %s: %d, want %d", tc.addr, tc.allowed, tc.host, rec.Code, tc.want)
		}
	}
	_, err := mockserver.New(serveConfig{addr: "127.0.0.1:0", scenario: "default", allowedHosts: "http://x/"}.options(slog.New(slog.DiscardHandler))...)
	if err == nil || !strings.Contains(err.Error(), "-allowed-hosts") {
		t.Errorf("-allowed-hosts with a URL: %v, want an error naming the flag", err)
	}
}

// TestIsScenarioFile checks the rule that tells a scenario file path from an embedded scenario name.
func TestIsScenarioFile(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain")
	if err := os.WriteFile(plain, []byte("name: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]bool{
		"default": false, "small": false,
		"default.yaml": true, "x.YML": true, "x.json": true, "./default": true, "testdata/x": true,
		plain: true, dir: true, // dir contains a separator: a file path (which then fails to load)
	} {
		if got := isScenarioFile(v); got != want {
			t.Errorf("isScenarioFile(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestServeHealthcheckAndGracefulShutdown serves on a free port, reads the URL from the start-up line, calls the API and healthcheck, then cancels and expects a clean nil return.
func TestServeHealthcheckAndGracefulShutdown(t *testing.T) {
	r := startServe(t, "-addr", "127.0.0.1:0", "-scenario", basicScenario)
	if strings.HasSuffix(r.url, ":0") {
		t.Fatalf("start-up URL %s shows port 0, want the real port", r.url)
	}
	out := r.stdout.String()
	if !strings.Contains(out, `scenario "basic"`) || !strings.Contains(out, r.url+"/v1.0/communications/callRecords") {
		t.Errorf("start-up output lacks the scenario summary or the curl hint:\n%s", out)
	}

	resp, err := http.Get(r.url + "/v1.0/communications/callRecords")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET callRecords = %s, want 200", resp.Status)
	}

	hostPort := strings.TrimPrefix(r.url, "http://")
	var hc bytes.Buffer
	if err := run(context.Background(), []string{"healthcheck", "-addr", hostPort}, noEnv, &hc, io.Discard); err != nil {
		t.Errorf("healthcheck -addr %s = %v, want nil", hostPort, err)
	}
	// The same address through the environment, with the unspecified host mapped to loopback.
	_, port, _ := net.SplitHostPort(hostPort)
	if err := run(context.Background(), []string{"healthcheck"}, envOf(map[string]string{"GRAPHMOCK_ADDR": "0.0.0.0:" + port}), io.Discard, io.Discard); err != nil {
		t.Errorf("healthcheck with GRAPHMOCK_ADDR=0.0.0.0:%s = %v, want nil", port, err)
	}

	if err := r.stop(t); err != nil {
		t.Errorf("run after cancel = %v, want nil (graceful shutdown)", err)
	}
	if !strings.Contains(r.stderr.String(), "route=listCallRecords") {
		t.Errorf("stderr lacks the engine's request log line:\n%s", r.stderr)
	}
	if _, err := net.DialTimeout("tcp", hostPort, time.Second); err == nil {
		t.Errorf("%s still accepts connections after shutdown", hostPort)
	}
}

// TestHealthcheckFailures checks that healthcheck fails (exit 1) on a closed port and on a non-200 answer.
func TestHealthcheckFailures(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	err = run(context.Background(), []string{"healthcheck", "-addr", closed}, noEnv, io.Discard, io.Discard)
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), closed) {
		t.Errorf("healthcheck of a closed port = %v (exit %d), want exit 1 naming %s", err, exitCode(err), closed)
	}

	unhealthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer unhealthy.Close()
	err = run(context.Background(), []string{"healthcheck", "-addr", strings.TrimPrefix(unhealthy.URL, "http://")}, noEnv, io.Discard, io.Discard)
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "503") {
		t.Errorf("healthcheck of a 503 server = %v, want exit 1 mentioning 503", err)
	}
}

// TestServeBusyPortFailsFast checks that a busy address fails at once with an error naming it.
func TestServeBusyPortFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	start := time.Now()
	err = run(context.Background(), []string{"-addr", addr, "-scenario", basicScenario}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), addr) || exitCode(err) != 1 {
		t.Fatalf("serve on busy %s = %v (exit %d), want exit 1 naming the address", addr, err, exitCode(err))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("busy port took %s to fail", d)
	}
}

// TestServeBadScenarioNamesFileAndLine checks that a broken scenario fails before listening, naming file and line.
func TestServeBadScenarioNamesFileAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(path, []byte("name: broken\ncallRecords:\n  - id: [unclosed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A busy port proves the scenario is checked before anything is bound.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout bytes.Buffer
	err = run(context.Background(), []string{"-addr", ln.Addr().String(), "-scenario", path}, noEnv, &stdout, io.Discard)
	if err == nil {
		t.Fatal("bad scenario: run returned nil")
	}
	if !regexp.MustCompile(regexp.QuoteMeta(path) + `:\d+: `).MatchString(err.Error()) {
		t.Errorf("error %q does not name %s:LINE", err, path)
	}
	if strings.Contains(err.Error(), "listen") || exitCode(err) != 1 {
		t.Errorf("error %q (exit %d): want a scenario error, exit 1, before listening", err, exitCode(err))
	}
	if stdout.Len() != 0 {
		t.Errorf("printed a start-up line for a server that did not start: %q", stdout.String())
	}
}

// TestServeTLS checks HTTPS with a generated certificate and with PEM files, and that a certificate without a key is a usage error.
func TestServeTLS(t *testing.T) {
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	defer client.CloseIdleConnections()
	get := func(t *testing.T, url string) *tls.ConnectionState {
		t.Helper()
		resp, err := client.Get(url + "/v1.0/communications/callRecords")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.TLS == nil {
			t.Fatalf("GET over TLS = %s (TLS %v), want 200 over TLS", resp.Status, resp.TLS != nil)
		}
		return resp.TLS
	}

	t.Run("generated", func(t *testing.T) {
		r := startServe(t, "-addr", "127.0.0.1:0", "-scenario", basicScenario, "-tls")
		if !strings.HasPrefix(r.url, "https://") {
			t.Fatalf("start-up output %q: want an https URL", r.stdout)
		}
		// The hint follows the serving line, which startServe returns on.
		eventually(t, "a curl -k hint in the start-up output", func() bool { return strings.Contains(r.stdout.String(), "curl -k ") })
		leaf := get(t, r.url).PeerCertificates[0]
		if _, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok || !slices.Contains(leaf.DNSNames, "localhost") || len(leaf.IPAddresses) != 2 {
			t.Errorf("certificate: key %T, DNS %v, IPs %v; want ECDSA for localhost, 127.0.0.1, ::1", leaf.PublicKey, leaf.DNSNames, leaf.IPAddresses)
		}
		if d := leaf.NotAfter.Sub(leaf.NotBefore); d < 365*24*time.Hour {
			t.Errorf("certificate valid for %s, want a year", d)
		}
		pool := x509.NewCertPool()
		pool.AddCert(leaf)
		if _, err := leaf.Verify(x509.VerifyOptions{DNSName: "localhost", Roots: pool}); err != nil {
			t.Errorf("certificate does not verify for localhost against itself: %v", err)
		}
		err := run(context.Background(), []string{"healthcheck", "-tls", "-addr", strings.TrimPrefix(r.url, "https://")}, noEnv, io.Discard, io.Discard)
		if err != nil {
			t.Errorf("healthcheck -tls = %v", err)
		}
		if err := r.stop(t); err != nil {
			t.Errorf("shutdown = %v", err)
		}
	})

	t.Run("files", func(t *testing.T) {
		cert, err := selfSignedCertificate(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		keyDER, err := x509.MarshalECPrivateKey(cert.PrivateKey.(*ecdsa.PrivateKey))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
		if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
			t.Fatal(err)
		}
		r := startServe(t, "-addr", "127.0.0.1:0", "-scenario", basicScenario, "-tls-cert", certFile, "-tls-key", keyFile)
		if got := get(t, r.url).PeerCertificates[0].SerialNumber; got.Cmp(cert.Leaf.SerialNumber) != 0 {
			t.Errorf("served certificate serial %v, want the one in %s", got, certFile)
		}
		if err := r.stop(t); err != nil {
			t.Errorf("shutdown = %v", err)
		}
	})

	t.Run("cert without key", func(t *testing.T) {
		err := run(context.Background(), []string{"-tls-cert", "cert.pem"}, noEnv, io.Discard, io.Discard)
		var ue *usageError
		if !errors.As(err, &ue) || exitCode(err) != 2 || !strings.Contains(err.Error(), "-tls-key") {
			t.Errorf("-tls-cert alone = %v, want a usage error naming -tls-key", err)
		}
	})
}

// TestShutdownDrainsInFlightRequests checks that cancelling serve's context lets a request that
// is already being handled finish with its response before run returns.
func TestShutdownDrainsInFlightRequests(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		_, _ = io.WriteString(w, "done")
	})}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveUntilDone(ctx, hs, ln, false, slog.New(slog.DiscardHandler)) }()

	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String())
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-entered
	cancel()
	select {
	case err := <-served:
		t.Fatalf("serveUntilDone returned %v while a request was in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if body := <-got; body != "done" {
		t.Errorf("in-flight request got %q, want its full response", body)
	}
	if err := <-served; err != nil {
		t.Errorf("serveUntilDone = %v, want nil after draining", err)
	}
}

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(good, []byte("name: g\ncallRecords:\n  - id: r1\n    type: peerToPeer\n    modalities: [audio]\n"+recordTimes), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("name: b\ncallRecords:\n  - id: r1\n    type: conference\n    modalities: [unknown]\n"+recordTimes), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"clean file", []string{"validate", good}, 0, []string{good + ": ok"}},
		{"embedded scenarios", []string{"validate", "../../scenarios/default.yaml", "../../scenarios/small.yaml"}, 0, []string{"default.yaml: ok", "small.yaml: ok"}},
		{"problems", []string{"validate", good, bad}, 1, []string{
			bad + `:4: /callRecords/0/type: "conference" is not a member of microsoft.graph.callRecords.callType`,
			bad + `:5: /callRecords/0/modalities/0: "unknown" is not a member of microsoft.graph.callRecords.modality`,
		}},
		{"missing file", []string{"validate", filepath.Join(dir, "nope.yaml")}, 1, []string{"nope.yaml: open"}},
		{"no files", []string{"validate"}, 2, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, func(string) string { return "" }, &out, &errOut)
			if code := exitCode(err); code != tc.wantCode {
				t.Fatalf("exit code %d, want %d (err %v)\n%s", code, tc.wantCode, err, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// TestEngineSettingsFromEnvironment checks the serve settings that map to the engine's fault,
// journal, admin and auth options: each is read from its GRAPHMOCK_* variable, bad values are
// usage errors naming the variable, and a fixed seed is printed at start and used by the engine.
func TestEngineSettingsFromEnvironment(t *testing.T) {
	cfg, err := parseServeFlags(nil, envOf(map[string]string{
		"GRAPHMOCK_SEED": "18446744073709551615", "GRAPHMOCK_ADMIN": "false", "GRAPHMOCK_ADMIN_TOKEN": "tok",
		"GRAPHMOCK_REQUIRE_AUTH": "1", "GRAPHMOCK_JOURNAL_SIZE": "10", "GRAPHMOCK_MAX_NAMESPACES": "0",
		"GRAPHMOCK_MAX_BODY_BYTES": "100", "GRAPHMOCK_VALIDATE_REQUESTS": "false", "GRAPHMOCK_MAX_STORED_BYTES": "4096",
		"GRAPHMOCK_SHUFFLE_BATCH": "true",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := serveConfig{seed: 18446744073709551615, seedSet: true, admin: false, adminToken: "tok", requireAuth: true,
		journalSize: 10, maxNamespaces: 0, maxBodyBytes: 100, maxStored: 4096, validateBody: false, shuffleBatch: true}
	got := serveConfig{seed: cfg.seed, seedSet: cfg.seedSet, admin: cfg.admin, adminToken: cfg.adminToken, requireAuth: cfg.requireAuth,
		journalSize: cfg.journalSize, maxNamespaces: cfg.maxNamespaces, maxBodyBytes: cfg.maxBodyBytes, maxStored: cfg.maxStored, validateBody: cfg.validateBody,
		shuffleBatch: cfg.shuffleBatch}
	if got != want {
		t.Errorf("settings from the environment = %+v, want %+v", got, want)
	}
	if cfg, _ := parseServeFlags(nil, noEnv, io.Discard); cfg.seedSet || !cfg.admin || !cfg.validateBody || cfg.journalSize != 1000 || cfg.maxNamespaces != 64 ||
		cfg.maxStored != 512<<20 || cfg.shuffleBatch {
		t.Errorf("defaults: %+v", cfg)
	}
	for env, val := range map[string]string{"GRAPHMOCK_SEED": "-1", "GRAPHMOCK_JOURNAL_SIZE": "0", "GRAPHMOCK_MAX_NAMESPACES": "-1", "GRAPHMOCK_MAX_BODY_BYTES": "0",
		"GRAPHMOCK_MAX_STORED_BYTES": "0"} {
		_, err := parseServeFlags(nil, envOf(map[string]string{env: val}), io.Discard)
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), env) {
			t.Errorf("%s=%s: %v, want a usage error naming it", env, val, err)
		}
	}

	r := startServe(t, "-addr", "127.0.0.1:0", "-scenario", basicScenario, "-seed", "7", "-max-stored-bytes", "123456789", "-shuffle-batch")
	if !strings.Contains(r.stdout.String(), "\nfault seed 7\n") || !strings.Contains(r.stderr.String(), " seed=7") {
		t.Errorf("start-up output lacks the seed:\n%s\n%s", r.stdout, r.stderr)
	}
	for path, want := range map[string]string{"/_mock/faults": `"seed":"7"`, "/_mock/readyz": `"maxStoredBytes":123456789`} {
		resp, err := http.Get(r.url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), want) {
			t.Errorf("GET %s = %s, want %s", path, body, want)
		}
	}
	batch := `{"requests":[{"id":"1","method":"GET","url":"/communications/callRecords"},{"id":"2","method":"GET","url":"/communications/callRecords"}]}`
	resp, err := http.Post(r.url+"/v1.0/$batch", "application/json", strings.NewReader(batch))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if first, second := strings.Index(string(body), `"id":"1"`), strings.Index(string(body), `"id":"2"`); first < 0 || second < 0 || first < second {
		t.Errorf("-shuffle-batch: a batch of two came back in its order: %.300s", body)
	}
}

// TestShutdownEndsHungFaults checks that SIGTERM (a cancelled context) is not held up by a request
// a fault rule hangs: shutdown ends it at once instead of waiting out the hang.
func TestShutdownEndsHungFaults(t *testing.T) {
	r := startServe(t, "-addr", "127.0.0.1:0", "-scenario", basicScenario)
	req, _ := http.NewRequest(http.MethodGet, r.url+"/v1.0/communications/callRecords", nil)
	req.Header.Set("X-Graphmock-Fault", "hang=5m")
	hung := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		hung <- err
	}()
	time.Sleep(200 * time.Millisecond) // let the request reach the hang
	start := time.Now()
	if err := r.stop(t); err != nil {
		t.Errorf("shutdown with a hung request = %v, want nil", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %s with a hung request", d)
	}
	select {
	case <-hung:
	case <-time.After(5 * time.Second):
		t.Error("the hung request did not end at shutdown")
	}
}

// TestServeTLSConnectionFaults checks that connection faults work over -tls with a client that
// would negotiate HTTP/2 if offered: the server speaks HTTP/1.1 only, so it can take the
// connection over and reset it.
func TestServeTLSConnectionFaults(t *testing.T) {
	r := startServe(t, "-addr", "127.0.0.1:0", "-scenario", basicScenario, "-tls", "-max-header-bytes", "8192")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, ForceAttemptHTTP2: true}}
	defer client.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, r.url+"/v1.0/communications/callRecords", nil)
	req.Header.Set("X-Graphmock-Fault", "reset")
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a reset fault over TLS answered %s (protocol %s), want a connection error", resp.Status, resp.Proto)
	}
	req, _ = http.NewRequest(http.MethodGet, r.url+"/v1.0/communications/callRecords", nil)
	req.Header.Set("X-Big", strings.Repeat("x", 20000)) // net/http allows 4 KiB of slack
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("a header block over -max-header-bytes: %s, want 431", resp.Status)
	}
}

// TestServePlainHTTPWritesWholeAnswersAndBreaksConnections checks serve's coalescing listener
// (internal/coalesce) against what goes over a plain connection: answers of every size arrive
// whole on one keep-alive connection, a dribbled answer arrives whole, and a reset fault still
// reaches the TCP connection beneath the wrapper (SO_LINGER 0: the client sees a reset, not an
// orderly close).
func TestServePlainHTTPWritesWholeAnswersAndBreaksConnections(t *testing.T) {
	r := startServe(t, "-addr", "127.0.0.1:0", "-log-level", "error")
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}, Timeout: 20 * time.Second}
	defer client.CloseIdleConnections()
	get := func(path string, header ...string) (*http.Response, []byte, error) {
		req, _ := http.NewRequest(http.MethodGet, r.url+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, body, err
	}
	const p2p = "6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48"
	for _, path := range []string{
		"/v1.0/communications/callRecords/" + p2p + "/sessions/" + p2p + "/segments/" + p2p, // 7.5 KB
		"/v1.0/communications/callRecords/" + p2p + "/sessions?$expand=segments",
		"/v1.0/communications/callRecords?$top=1",
		"/_mock/healthz",
	} {
		for range 2 { // the second on the same connection
			resp, body, err := get(path)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			if resp.StatusCode != http.StatusOK || int64(len(body)) != resp.ContentLength {
				t.Fatalf("GET %s: %s, %d bytes of Content-Length %d", path, resp.Status, len(body), resp.ContentLength)
			}
			if strings.HasPrefix(path, "/v1.0") && !json.Valid(body) {
				t.Fatalf("GET %s: the body is not JSON", path)
			}
		}
	}

	path := "/v1.0/communications/callRecords/" + p2p + "/sessions/" + p2p + "/segments/" + p2p
	resp, body, err := get(path, "X-Graphmock-Fault", "dribble=8/40ms")
	if err != nil || resp.StatusCode != http.StatusOK || int64(len(body)) != resp.ContentLength || !json.Valid(body) {
		t.Fatalf("a dribbled segment: %v, %d bytes", err, len(body))
	}

	_, _, err = get(path, "X-Graphmock-Fault", "reset")
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("a reset fault over plain HTTP: %v, want a connection reset", err)
	}
}
