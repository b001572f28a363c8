// Package auth is graphmock's auth simulation as pure functions over strings: it reads the
// bearer token of a Graph request's Authorization header, decodes the JWT's claims without
// checking a signature, and applies Graph's rules for callRecords (a current token, app-only,
// with a role that allows the call). It also mints the unsigned test tokens that pass those
// rules. It returns domain errors (TokenError, ForbiddenError); the HTTP layer maps them to
// Graph's 401 and 403.
package auth

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Roles the simulation checks. Graph's callRecords API takes application permission
// CallRecords.Read.All for reads. Graph documents no write permission for these (generated)
// routes; the mock asks writes for CallRecords.ReadWrite.All, which also allows reads.
const (
	RoleRead      = "CallRecords.Read.All"
	RoleReadWrite = "CallRecords.ReadWrite.All"
)

// Graph's messages for a token it cannot use.
const (
	msgEmpty    = "Access token is empty."
	msgCompact  = "CompactToken parsing failed with error code: 80049217"
	msgAudience = "Access token validation failure. Invalid audience."
	msgExpired  = "Lifetime validation failed, the token is expired."
	// msgNotYet follows the expired message's wording: Graph's own text for a token used before
	// its nbf was not found in any capture.
	msgNotYet = "Lifetime validation failed, the token is not yet valid."
)

// isGraphAudience reports whether an aud value names Microsoft Graph: its resource URI (with or
// without the trailing slash the v1 token endpoint adds) or its application id.
func isGraphAudience(aud string) bool {
	switch aud {
	case "https://graph.microsoft.com", "https://graph.microsoft.com/", "00000003-0000-0000-c000-000000000000":
		return true
	}
	return false
}

// BearerToken returns the token of an Authorization header value that uses the Bearer scheme,
// in any case ("bearer", "BEARER"), as RFC 9110 makes auth schemes case-insensitive; ok is false
// for another scheme or an empty token.
func BearerToken(authorization string) (token string, ok bool) {
	scheme, tok, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	tok = strings.TrimSpace(tok)
	return tok, strings.EqualFold(scheme, "Bearer") && tok != ""
}

// Check decides whether a Graph request may proceed, the way Graph does: authorization is the
// request's Authorization header value (scheme in any case), method its HTTP method (GET and
// HEAD read, every other method writes) and now the server's clock, against which the token's
// exp and nbf are checked. A JWT must be for Graph (its aud, see isGraphAudience); a token that is
// not a JWT is accepted as an opaque application token. It returns nil, a *TokenError (no
// usable token) or a *ForbiddenError (a token that does not grant the call).
func Check(authorization, method string, now time.Time) error {
	c, err := token(authorization, now)
	if err != nil || c == nil {
		return err
	}
	need := rolesFor(method)
	for _, have := range c.Roles {
		if slices.Contains(need, have) {
			return nil
		}
	}
	return &ForbiddenError{Message: fmt.Sprintf("Missing role permissions on the request. API requires one of '%s'. Roles on the request '%s'.",
		strings.Join(need, ", "), strings.Join(c.Roles, ", "))}
}

// CheckToken is Check for a request that carries others, a JSON batch: its token must be usable
// (a *TokenError otherwise, and a delegated token is a *ForbiddenError), and each request in it
// is checked for the roles its own method needs, so a batch with a read-only token gets a 403
// per write inside it rather than as a whole.
func CheckToken(authorization string, now time.Time) error {
	_, err := token(authorization, now)
	return err
}

// claims are what the simulation reads of a JWT.
type claims struct {
	Roles []string `json:"roles"`
	Scp   string   `json:"scp"`
	Aud   audience `json:"aud"`
	Exp   *int64   `json:"exp"`
	Nbf   *int64   `json:"nbf"`
}

// token reads the bearer token of an Authorization header and checks what does not depend on
// the call: a JWT's audience, lifetime and kind (app-only). It returns the JWT's claims, or nil
// for an opaque token, which is accepted.
func token(authorization string, now time.Time) (*claims, error) {
	tok, ok := BearerToken(authorization)
	if !ok {
		return nil, &TokenError{Message: msgEmpty}
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		if strings.Contains(tok, ".") {
			return nil, &TokenError{Message: msgCompact}
		}
		return nil, nil // an opaque token: accepted
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	var c claims
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return nil, &TokenError{Message: msgCompact}
	}
	switch {
	case !c.Aud.forGraph():
		return nil, &TokenError{Message: msgAudience}
	case c.Exp != nil && now.Unix() >= *c.Exp:
		return nil, &TokenError{Message: msgExpired}
	case c.Nbf != nil && now.Unix() < *c.Nbf:
		return nil, &TokenError{Message: msgNotYet}
	}
	if c.Scp != "" {
		return nil, &ForbiddenError{Message: "Delegated permissions are not supported for call records: use an application token with " + RoleRead + "."}
	}
	return &c, nil
}

// rolesFor lists the roles of which a call with this method needs one: either role reads, only
// CallRecords.ReadWrite.All writes.
func rolesFor(method string) []string {
	if method == "GET" || method == "HEAD" {
		return []string{RoleRead, RoleReadWrite}
	}
	return []string{RoleReadWrite}
}

// audience is a JWT's aud claim: one string or a list of them (RFC 7519 allows both).
type audience []string

// UnmarshalJSON reads a string or an array of strings.
func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = audience{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(a))
}

// forGraph reports whether the token was issued for Microsoft Graph: one of its audiences is
// Graph's. A token without aud is not.
func (a audience) forGraph() bool {
	for _, v := range a {
		if isGraphAudience(v) {
			return true
		}
	}
	return false
}
