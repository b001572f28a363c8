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
	msgEmpty   = "Access token is empty."
	msgCompact = "CompactToken parsing failed with error code: 80049217"
	msgExpired = "Lifetime validation failed, the token is expired."
)

// Check decides whether a Graph request may proceed, the way Graph does: authorization is the
// request's Authorization header value, method its HTTP method (GET and HEAD read, every other
// method writes) and now the server's clock, against which the token's exp is checked. A token
// that is not a JWT is accepted as an opaque application token. It returns nil, a *TokenError
// (no usable token) or a *ForbiddenError (a token that does not grant the call).
func Check(authorization, method string, now time.Time) error {
	scheme, tok, _ := strings.Cut(authorization, " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return &TokenError{Message: msgEmpty}
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		if strings.Contains(tok, ".") {
			return &TokenError{Message: msgCompact}
		}
		return nil // an opaque token: accepted
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	var claims struct {
		Roles []string `json:"roles"`
		Scp   string   `json:"scp"`
		Exp   *int64   `json:"exp"`
	}
	if err != nil || json.Unmarshal(raw, &claims) != nil {
		return &TokenError{Message: msgCompact}
	}
	if claims.Exp != nil && now.Unix() >= *claims.Exp {
		return &TokenError{Message: msgExpired}
	}
	if claims.Scp != "" {
		return &ForbiddenError{Message: "Delegated permissions are not supported for call records: use an application token with " + RoleRead + "."}
	}
	need := rolesFor(method)
	for _, have := range claims.Roles {
		if slices.Contains(need, have) {
			return nil
		}
	}
	return &ForbiddenError{Message: fmt.Sprintf("Missing role permissions on the request. API requires one of '%s'. Roles on the request '%s'.",
		strings.Join(need, ", "), strings.Join(claims.Roles, ", "))}
}

// rolesFor lists the roles of which a call with this method needs one: either role reads, only
// CallRecords.ReadWrite.All writes.
func rolesFor(method string) []string {
	if method == "GET" || method == "HEAD" {
		return []string{RoleRead, RoleReadWrite}
	}
	return []string{RoleReadWrite}
}
