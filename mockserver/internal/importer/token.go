package importer

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Auth gives the bearer token for Graph requests. renew is set after Graph refused the last one
// (401): a source that can get a new token gets one, a fixed token returns an error.
type Auth interface {
	Token(ctx context.Context, renew bool) (string, error)
}

// StaticToken is a token given on the command line: it cannot be renewed.
type StaticToken string

// Token returns the token; asked to renew, it reports that Graph refused it.
func (t StaticToken) Token(_ context.Context, renew bool) (string, error) {
	if renew {
		return "", errRefused
	}
	return string(t), nil
}

// errRefused stops a retry after Graph refused a token that cannot be renewed.
var errRefused = errors.New("the token was refused and cannot be renewed")

// GraphScope is the scope an application asks for to call Microsoft Graph with the permissions
// an administrator granted it.
const GraphScope = "https://graph.microsoft.com/.default"

// ClientCredentials gets application tokens with the OAuth 2.0 client credentials grant from
// the Microsoft identity platform's v2.0 token endpoint (LoginURL/Tenant/oauth2/v2.0/token),
// and gets a new one a minute before it expires or when Graph refuses it.
type ClientCredentials struct {
	LoginURL     string // such as https://login.microsoftonline.com, without a path
	Tenant       string // the tenant id or a verified domain
	ClientID     string
	ClientSecret string
	Client       *http.Client
	Now          func() time.Time

	mu      sync.Mutex
	token   string
	expires time.Time
}

// Endpoint is the token endpoint's URL.
func (c *ClientCredentials) Endpoint() string {
	return strings.TrimSuffix(c.LoginURL, "/") + "/" + url.PathEscape(c.Tenant) + "/oauth2/v2.0/token"
}

// Token returns a cached token that is still valid for a minute, or gets one.
func (c *ClientCredentials) Token(ctx context.Context, renew bool) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !renew && c.token != "" && c.Now().Before(c.expires.Add(-time.Minute)) {
		return c.token, nil
	}
	form := url.Values{
		"client_id":     {c.ClientID},
		"client_secret": {c.ClientSecret},
		"scope":         {GraphScope},
		"grant_type":    {"client_credentials"},
	}
	endpoint := c.Endpoint()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", &TokenError{URL: endpoint, Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.Client.Do(req)
	if err != nil {
		return "", &TokenError{URL: endpoint, Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", &TokenError{URL: endpoint, Status: resp.StatusCode, Err: err}
	}
	var answer struct {
		AccessToken string      `json:"access_token"`
		ExpiresIn   json.Number `json:"expires_in"` // a number, or a string of one (v1 endpoints)
		Error       string      `json:"error"`
		Description string      `json:"error_description"`
	}
	decodeErr := json.Unmarshal(body, &answer)
	switch {
	case resp.StatusCode != http.StatusOK && answer.Error != "":
		return "", &TokenError{URL: endpoint, Status: resp.StatusCode, Code: answer.Error, Description: answer.Description}
	case resp.StatusCode != http.StatusOK:
		return "", &TokenError{URL: endpoint, Status: resp.StatusCode}
	case decodeErr != nil || answer.AccessToken == "":
		return "", &TokenError{URL: endpoint, Status: resp.StatusCode, Err: errors.New("the answer has no access_token")}
	}
	seconds, err := answer.ExpiresIn.Int64()
	if err != nil || seconds <= 0 {
		seconds = 3600 // the identity platform's usual lifetime, when the answer does not say
	}
	c.token, c.expires = answer.AccessToken, c.Now().Add(time.Duration(seconds)*time.Second)
	return c.token, nil
}
