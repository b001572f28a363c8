package importer_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/internal/importer"
	"github.com/graphmock/graphmock/mockserver/token"
)

// tokenEndpoint is a fake Microsoft identity platform: it checks the client credentials request
// and hands out the tokens it is given, one per request (the last one again when they run out).
type tokenEndpoint struct {
	mu     sync.Mutex
	tokens []string
	forms  []string
	paths  []string
}

func (e *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	_ = r.ParseForm()
	e.paths = append(e.paths, r.URL.Path)
	e.forms = append(e.forms, fmt.Sprintf("grant_type=%s scope=%s client_id=%s client_secret=%s",
		r.PostForm.Get("grant_type"), r.PostForm.Get("scope"), r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")))
	w.Header().Set("Content-Type", "application/json")
	if r.PostForm.Get("client_secret") != "s3cret" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`)
		return
	}
	tok := e.tokens[0]
	if len(e.tokens) > 1 {
		e.tokens = e.tokens[1:]
	}
	fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":%q}`, tok)
}

// TestClientCredentials gets a token from the v2.0 token endpoint with the client credentials
// grant and reads with it; when Graph refuses a token (expired here), a new one is fetched.
func TestClientCredentials(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t, mockserver.WithRequireAuth(true), mockserver.WithScenarioName("small"))
	now := time.Now()
	claims := token.Claims{Roles: []string{"CallRecords.Read.All"}, IssuedAt: now.Add(-2 * time.Hour), Expires: now.Add(-time.Hour)}
	expired := token.Mint(claims)
	claims.IssuedAt, claims.Expires = now, now.Add(time.Hour)
	good := token.Mint(claims)
	endpoint := &tokenEndpoint{tokens: []string{expired, good}}
	login := httptest.NewServer(endpoint)
	defer login.Close()
	cc := &importer.ClientCredentials{LoginURL: login.URL + "/", Tenant: "contoso.onmicrosoft.com", ClientID: "app-1", ClientSecret: "s3cret", Client: login.Client(), Now: time.Now}
	recs, _, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client(), Auth: cc})
	if err != nil || len(recs) != srv.ScenarioInfo().CallRecords {
		t.Fatalf("read %d records: %v", len(recs), err)
	}
	want := "grant_type=client_credentials scope=https://graph.microsoft.com/.default client_id=app-1 client_secret=s3cret"
	if len(endpoint.forms) != 2 || endpoint.forms[0] != want || endpoint.paths[0] != "/contoso.onmicrosoft.com/oauth2/v2.0/token" {
		t.Errorf("token requests %q to %q, want two of %q (the expired token renewed once)", endpoint.forms, endpoint.paths, want)
	}
	for _, e := range srv.Requests()[1:] {
		if e.Status != http.StatusOK {
			t.Errorf("%s = %d after the renewal", e.URL, e.Status)
		}
	}

	cc = &importer.ClientCredentials{LoginURL: login.URL, Tenant: "t", ClientID: "app-1", ClientSecret: "wrong", Client: login.Client(), Now: time.Now}
	_, stats, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client(), Auth: cc})
	var te *importer.TokenError
	if !errors.As(err, &te) || te.Code != "invalid_client" || !strings.Contains(err.Error(), "AADSTS7000215") || stats.Requests != 0 {
		t.Errorf("a wrong secret: err = %v after %d Graph requests, want the endpoint's invalid_client and no request", err, stats.Requests)
	}
}

// TestTokenIsCachedUntilItExpires: one token serves every request while it is valid for more
// than a minute; then a new one is fetched.
func TestTokenIsCachedUntilItExpires(t *testing.T) {
	t.Parallel()
	endpoint := &tokenEndpoint{tokens: []string{"one", "two"}}
	login := httptest.NewServer(endpoint)
	defer login.Close()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	cc := &importer.ClientCredentials{LoginURL: login.URL, Tenant: "t", ClientSecret: "s3cret", Client: login.Client(), Now: func() time.Time { return now }}
	for i, want := range []string{"one", "one", "two"} {
		if i == 2 {
			now = now.Add(3599*time.Second - 59*time.Second)
		}
		if got, err := cc.Token(t.Context(), false); err != nil || got != want {
			t.Errorf("token %d = %q, %v; want %q", i, got, err, want)
		}
	}
}
