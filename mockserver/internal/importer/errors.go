package importer

import (
	"fmt"
	"net/http"
	"strings"
)

// StatusError is an answer from Graph that the import could not use: a status other than 200
// that is not retried (or still failed after every retry), with what Graph's error envelope said.
type StatusError struct {
	URL       string
	Status    int
	Code      string // error.code of Graph's envelope, "" when the body was not one
	Message   string // error.message
	RequestID string // the request-id header, which Microsoft support asks for
}

// Error says what Graph answered and, for the statuses a user can fix, what to do.
func (e *StatusError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request-id %s)", e.RequestID)
	}
	switch e.Status {
	case http.StatusUnauthorized:
		b.WriteString("; the access token was refused: check -token (GRAPHMOCK_TOKEN), or the client credentials, and that the token is for Microsoft Graph and has not expired")
	case http.StatusForbidden:
		b.WriteString("; the token lacks permission: reading call records needs the application permission CallRecords.Read.All, granted by an administrator (delegated tokens are refused)")
	}
	return b.String()
}

// TokenError is a failure to get an access token from the token endpoint with client
// credentials: the endpoint's error and description (an AADSTS code says what is wrong).
type TokenError struct {
	URL         string
	Status      int
	Code        string // the OAuth error, such as invalid_client
	Description string // error_description
	Err         error  // a transport or decoding failure, when there was no OAuth error
}

// Error names the token endpoint and what it said.
func (e *TokenError) Error() string {
	switch {
	case e.Err != nil:
		return fmt.Sprintf("getting an access token from %s: %v", e.URL, e.Err)
	case e.Code != "":
		return fmt.Sprintf("getting an access token from %s: %d %s: %s (check -tenant, -client-id and -client-secret)", e.URL, e.Status, e.Code, e.Description)
	}
	return fmt.Sprintf("getting an access token from %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Unwrap exposes a transport failure.
func (e *TokenError) Unwrap() error { return e.Err }
