package importer

import (
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Options says where `graphmock import` reads call records, how it gets a token, and what it
// writes. mockserver/tenant exports it as Options.
type Options struct {
	// GraphURL is the API root the records are read from (default
	// https://graph.microsoft.com/v1.0); any server that speaks Graph's callRecords API works,
	// graphmock included.
	GraphURL string
	// Since, when not zero, imports only the call records that started at or after it. Graph
	// keeps call records for 30 days.
	Since time.Time
	// Token is a bearer token for Graph with the application permission CallRecords.Read.All.
	// Empty: TenantID, ClientID and ClientSecret get one.
	Token string
	// TenantID, ClientID and ClientSecret get application tokens with the OAuth client credentials
	// grant from LoginURL/TenantID/oauth2/v2.0/token, for the scope
	// https://graph.microsoft.com/.default; a token Graph refuses is renewed once.
	TenantID, ClientID, ClientSecret string
	// LoginURL is the Microsoft identity platform's address (default
	// https://login.microsoftonline.com); a test points it at a local token endpoint.
	LoginURL string
	// KeepPersonalData writes the records as read. By default every personal field is replaced
	// by a pseudonym (docs/import.md lists them).
	KeepPersonalData bool
	// ScrubKey keys the pseudonyms: the same key gives the same pseudonyms in every run. Empty: a
	// random key that is never shown, so the run's pseudonyms cannot be reproduced or reversed.
	ScrubKey []byte
	// JSON writes the scenario as JSON; by default it is YAML.
	JSON bool
	// Name is the scenario's name (default "imported").
	Name string
	// Client sends the requests to Graph and the token endpoint (default http.DefaultClient).
	Client *http.Client
	// Logger receives the retries, and the records skipped or left out with the reason (default:
	// discard).
	Logger *slog.Logger
}

// Report is what an import wrote and read. mockserver/tenant exports it as Report.
type Report struct {
	// Scenario is the scenario file: YAML, or JSON when Options.JSON is set.
	Scenario []byte
	// Records, Sessions, Segments and Participants count what the scenario holds.
	Records, Sessions, Segments, Participants int
	// Requests counts the requests sent to Graph, Retries those that repeated a throttled or
	// failed one, Skipped the records Graph listed but no longer had (404) when they were read.
	Requests, Retries, Skipped int
	// Dropped lists the records left out because graphmock would not load them, one line each
	// (the record's id and the first problem).
	Dropped []string
	// Scrubbed reports that personal data was replaced.
	Scrubbed bool
}

// Defaults of Options.
const (
	DefaultGraphURL = "https://graph.microsoft.com/v1.0"
	DefaultLoginURL = "https://login.microsoftonline.com"
)

// config checks the options and makes the reader's Config.
func (o Options) config() (Config, error) {
	cfg := Config{GraphURL: o.GraphURL, Since: o.Since, Client: o.Client, Log: o.Logger}
	if cfg.GraphURL == "" {
		cfg.GraphURL = DefaultGraphURL
	}
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	creds := o.TenantID != "" || o.ClientID != "" || o.ClientSecret != ""
	switch {
	case o.Token != "" && creds:
		return cfg, errors.New("give either a token or client credentials (tenant, client id and secret), not both")
	case o.Token != "":
		cfg.Auth = StaticToken(o.Token)
	case o.TenantID == "" || o.ClientID == "" || o.ClientSecret == "":
		var missing []string
		for _, m := range []struct{ name, v string }{{"a tenant", o.TenantID}, {"a client id", o.ClientID}, {"a client secret", o.ClientSecret}} {
			if m.v == "" {
				missing = append(missing, m.name)
			}
		}
		if !creds {
			return cfg, errors.New("no access token: give a token, or a tenant, a client id and a client secret for the client credentials grant")
		}
		return cfg, errors.New("client credentials need " + strings.Join(missing, ", ") + " as well")
	default:
		login := o.LoginURL
		if login == "" {
			login = DefaultLoginURL
		}
		cfg.Auth = &ClientCredentials{LoginURL: login, Tenant: o.TenantID, ClientID: o.ClientID, ClientSecret: o.ClientSecret, Client: cfg.Client, Now: time.Now}
	}
	return cfg, nil
}

// scrubKey is the given key, or 32 random bytes.
func (o Options) scrubKey() []byte {
	if len(o.ScrubKey) > 0 {
		return o.ScrubKey
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return key
}
