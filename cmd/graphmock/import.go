package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/graphmock/graphmock/mockserver/tenant"
)

// runImport reads call records from Microsoft Graph (or another graphmock) and writes them as a
// scenario, personal data replaced by pseudonyms unless -keep-personal-data. Progress, retries and
// warnings go to stderr; the scenario goes to -o, written whole or not at all.
func runImport(ctx context.Context, c *cli, args []string) error {
	var graphURL, since, out, format, token, tenantID, clientID, secret, loginURL, key string
	var keep bool
	fs := newEnvFlagSet("import", "graphmock import [flags]",
		"Read call records from Microsoft Graph (each with its sessions, segments and participants,\n"+
			"every page of them, throttled requests retried after their Retry-After) and write them as a\n"+
			"scenario. Personal data is replaced by pseudonyms keyed by -scrub-key (docs/import.md lists\n"+
			"every field). Authenticate with -token, or with -tenant, -client-id and -client-secret (an app\n"+
			"with the application permission CallRecords.Read.All).")
	fs.String(&graphURL, "graph-url", "GRAPHMOCK_GRAPH_URL", "https://graph.microsoft.com/v1.0", "Graph API `root` to read from; another graphmock works too")
	fs.String(&since, "since", "GRAPHMOCK_SINCE", "", "import the records that started since this `time`: 7d, 36h, 2026-11-01 or 2026-11-01T08:00:00Z; empty: all (Graph keeps 30 days)")
	fs.String(&out, "o", "GRAPHMOCK_IMPORT_OUTPUT", "-", "scenario `file` to write (.json: JSON, else YAML); - is stdout")
	fs.String(&format, "format", "GRAPHMOCK_IMPORT_FORMAT", "", "`format` of the scenario, yaml or json; empty: by -o's extension")
	fs.String(&token, "token", "GRAPHMOCK_TOKEN", "", "bearer `token` for Graph (prefer the variable: a flag shows in ps)")
	fs.String(&tenantID, "tenant", "GRAPHMOCK_TENANT_ID", "", "tenant `id` or domain, for client credentials")
	fs.String(&clientID, "client-id", "GRAPHMOCK_CLIENT_ID", "", "application (client) `id`, for client credentials")
	fs.String(&secret, "client-secret", "GRAPHMOCK_CLIENT_SECRET", "", "client `secret`, for client credentials (prefer the variable)")
	fs.String(&loginURL, "login-url", "GRAPHMOCK_LOGIN_URL", "https://login.microsoftonline.com", "identity platform `URL` the token endpoint {URL}/{tenant}/oauth2/v2.0/token is on")
	fs.String(&key, "scrub-key", "GRAPHMOCK_SCRUB_KEY", "", "secret `key` of the pseudonyms: the same key, the same pseudonyms; empty: a random key, shown nowhere")
	fs.Bool(&keep, "keep-personal-data", "GRAPHMOCK_KEEP_PERSONAL_DATA", false, "write names, addresses and ids as read, unscrubbed")
	if err := fs.parse(args, c.getenv, c.stdout, 0); err != nil {
		return err
	}
	opts := tenant.Options{GraphURL: graphURL, Token: token, TenantID: tenantID, ClientID: clientID, ClientSecret: secret,
		LoginURL: loginURL, KeepPersonalData: keep, ScrubKey: []byte(key), Name: "imported",
		Client: &http.Client{Timeout: 5 * time.Minute}, Logger: slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	var err error
	if opts.Since, err = parseSince(since, time.Now()); err != nil {
		return usageErrorf("import: -since (GRAPHMOCK_SINCE) %q: %v", since, err)
	}
	switch strings.ToLower(format) {
	case "":
		opts.JSON = strings.EqualFold(filepath.Ext(out), ".json")
	case "json":
		opts.JSON = true
	case "yaml", "yml":
	default:
		return usageErrorf("import: -format (GRAPHMOCK_IMPORT_FORMAT) %q is neither yaml nor json", format)
	}
	if out != "-" {
		opts.Name = strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
		if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
			return fmt.Errorf("import: -o %s: the directory %s does not exist", out, filepath.Dir(out)) // before reading for minutes
		}
	}
	if token == "" && (tenantID == "" || clientID == "" || secret == "") {
		return usageErrorf("import: give -token (GRAPHMOCK_TOKEN), or -tenant, -client-id and -client-secret (GRAPHMOCK_TENANT_ID, GRAPHMOCK_CLIENT_ID, GRAPHMOCK_CLIENT_SECRET)")
	}
	if token != "" && (tenantID != "" || clientID != "" || secret != "") {
		return usageErrorf("import: give -token or client credentials (-tenant, -client-id, -client-secret), not both")
	}
	if keep {
		fmt.Fprintln(c.stderr, "graphmock import: warning: -keep-personal-data: the scenario will hold the tenant's names, addresses, phone numbers and ids as read; do not share or commit it")
	}
	rep, err := tenant.Import(ctx, opts)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	perm := os.FileMode(0o644)
	if keep {
		perm = 0o600 // personal data: the owner's alone
	}
	if err := writeOutput(c, out, rep.Scenario, perm); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	scrubbed := "personal data replaced by pseudonyms"
	if !rep.Scrubbed {
		scrubbed = "PERSONAL DATA KEPT"
	}
	fmt.Fprintf(c.stderr, "graphmock import: %d call records (%d sessions, %d segments, %d participants) from %s in %d requests (%d retried); %s; wrote %s\n",
		rep.Records, rep.Sessions, rep.Segments, rep.Participants, graphURL, rep.Requests, rep.Retries, scrubbed, out)
	if len(rep.Dropped) > 0 || rep.Skipped > 0 {
		fmt.Fprintf(c.stderr, "graphmock import: %d records left out because graphmock would not load them, %d gone before they were read (see the warnings above)\n", len(rep.Dropped), rep.Skipped)
	}
	return nil
}

// relativeSince is -since as a number of days.
var relativeSince = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+)d$`) }) // compiled on first use: serve never needs it

// parseSince reads -since: days (7d), a Go duration (36h), a date (midnight UTC) or an RFC 3339
// date-time; relative values count back from now.
func parseSince(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if m := relativeSince().FindStringSubmatch(v); m != nil {
		days, err := strconv.Atoi(m[1])
		if err != nil || days > 100000 {
			return time.Time{}, fmt.Errorf("%s days is too many", m[1])
		}
		return now.AddDate(0, 0, -days), nil
	}
	if d, err := time.ParseDuration(v); err == nil {
		if d < 0 {
			return time.Time{}, fmt.Errorf("a duration counts back from now and cannot be negative")
		}
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a number of days (7d), a duration (36h), a date (2026-11-01) or a date-time (2026-11-01T08:00:00Z)")
}

// writeOutput writes the scenario to stdout, or to a file with mode perm through a temporary file
// in the same directory renamed over it, so an interrupted write never leaves half a scenario.
func writeOutput(c *cli, path string, data []byte, perm os.FileMode) error {
	if path == "-" {
		_, err := c.stdout.Write(data)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
