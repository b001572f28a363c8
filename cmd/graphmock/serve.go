package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/graphmock/graphmock/internal/coalesce"
	"github.com/graphmock/graphmock/mockserver"
)

// Timeouts of the HTTP server. ReadHeaderTimeout bounds slow-loris clients; IdleTimeout frees
// keep-alive connections a test suite forgot; shutdownTimeout bounds how long a SIGTERM waits
// for in-flight requests before giving up (Docker's default stop grace period is 10 s too).
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = time.Minute // a whole request, body included: a stalled upload cannot hold a handler
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 10 * time.Second
)

// runServe is the serve command. In order, so each failure is cheap and clear: it parses the
// flags (usage errors), builds the engine (a bad scenario fails here, listing every problem,
// before any port is taken), prepares TLS, binds the address (a busy port fails at once, naming
// it), prints the start-up lines to stdout, then serves until ctx is cancelled and shuts down
// gracefully. It returns nil after a clean shutdown.
func runServe(ctx context.Context, c *cli, args []string) error {
	cfg, err := parseServeFlags(args, c.getenv, c.stdout)
	if err != nil {
		return err
	}
	logger := newLogger(c.stderr, cfg.logLevel, cfg.logFormat)
	defer startHeapFloor(floorWithin(uint64(cfg.heapFloor), containerMemoryLimit(os.ReadFile)), c.getenv)()

	var watcher *scenarioWatcher
	if cfg.watch {
		watcher = newScenarioWatcher(cfg.scenario, logger) // before New reads the file
	}
	srv, err := mockserver.New(cfg.options(logger)...)
	if err != nil {
		return scenarioError(err)
	}

	var cert tls.Certificate
	generated := false
	if cfg.tls {
		if cert, generated, err = serverCertificate(cfg.tlsCert, cfg.tlsKey, time.Now()); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (is another server using it? pick another -addr or GRAPHMOCK_ADDR): %w", cfg.addr, err)
	}

	if !cfg.tls {
		// One write per response instead of one per 4 KiB: see internal/coalesce.
		ln = coalesce.Listen(ln)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    cfg.maxHeader,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	// Shutdown first ends responses that faults hold back (delays, dribbles, hangs), so a
	// SIGTERM is not kept waiting by a rule that hangs requests for minutes.
	hs.RegisterOnShutdown(srv.Close)
	scheme := "http"
	if cfg.tls {
		scheme = "https"
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		// HTTP/1.1 only: connection faults (reset, close, hang) take the connection over, which
		// HTTP/2 does not allow.
		hs.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	}
	base := listenURL(scheme, ln.Addr())
	info := startupInfo{
		version:   readBuildVersion().short(),
		url:       base,
		listening: ln.Addr().String(),
		scenario:  srv.ScenarioInfo().String(),
		baseURL:   cfg.baseURL,
		insecure:  generated,
		watching:  cfg.watch,
	}
	info.seed = strconv.FormatUint(srv.Seed(), 10)
	printStartup(c.stdout, info)
	attrs := []any{"version", info.version, "addr", info.listening, "url", base, "scenario", srv.ScenarioInfo().Name}
	if info.seed != "" {
		attrs = append(attrs, "seed", info.seed)
	}
	logger.Info("listening", attrs...)
	if generated {
		logger.Info("generated a self-signed TLS certificate", "sha256", certFingerprint(cert), "notAfter", cert.Leaf.NotAfter)
	}

	if watcher == nil {
		return serveUntilDone(ctx, hs, ln, cfg.tls, logger)
	}
	watcher.srv = srv
	wctx, stopWatching := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		watcher.run(wctx)
	}()
	err = serveUntilDone(ctx, hs, ln, cfg.tls, logger)
	stopWatching()
	<-watched
	return err
}

// scenarioError explains why the engine could not be built. A *mockserver.ScenarioError becomes
// a header plus one `file:line: /pointer: reason` line per problem, unindented so editors and CI
// logs link them; other errors (missing file, unknown embedded name) are wrapped as they are.
func scenarioError(err error) error {
	var se *mockserver.ScenarioError
	if errors.As(err, &se) {
		n := len(se.Problems)
		plural := "s"
		if n == 1 {
			plural = ""
		}
		return fmt.Errorf("the scenario did not load (%d problem%s):\n%w", n, plural, err)
	}
	return fmt.Errorf("cannot start: %w", err)
}

// serveUntilDone serves hs on ln until ctx is cancelled, then shuts down gracefully: it stops
// accepting, lets in-flight requests finish within shutdownTimeout, and returns nil. If the
// deadline passes it closes the remaining connections and returns an error; if serving stops on
// its own (the listener failed), it returns that error.
func serveUntilDone(ctx context.Context, hs *http.Server, ln net.Listener, useTLS bool, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() {
		if useTLS {
			errc <- hs.ServeTLS(ln, "", "")
		} else {
			errc <- hs.Serve(ln)
		}
	}()

	select {
	case err := <-errc:
		return fmt.Errorf("serving on %s stopped: %w", ln.Addr(), err)
	case <-ctx.Done():
	}

	logger.Info("shutting down", "reason", context.Cause(ctx), "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		_ = hs.Close()
		<-errc
		return fmt.Errorf("graceful shutdown did not finish within %s; closed remaining connections: %w", shutdownTimeout, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving on %s stopped: %w", ln.Addr(), err)
	}
	logger.Info("stopped")
	return nil
}
