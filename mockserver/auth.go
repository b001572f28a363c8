package mockserver

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Roles the auth simulation checks. Graph's callRecords API takes application permission
// CallRecords.Read.All for reads. Graph documents no write permission for these (generated)
// routes; the mock asks writes for CallRecords.ReadWrite.All, which also allows reads.
const (
	roleRead      = "CallRecords.Read.All"
	roleReadWrite = "CallRecords.ReadWrite.All"
)

// TokenClaims are the claims of a test access token (MintToken).
type TokenClaims struct {
	// Roles are application permissions (the roles claim of an app-only token).
	Roles []string
	// Scopes, when set, make a delegated token (the scp claim), which Graph refuses for
	// callRecords.
	Scopes string
	// TenantID and AppID fill tid and appid; defaults are fixed GUIDs.
	TenantID string
	AppID    string
	// Expires sets exp; zero means an hour after IssuedAt.
	IssuedAt time.Time
	Expires  time.Time
}

// MintToken makes an unsigned JWT (alg "none") shaped like an Entra ID access token for Graph,
// for tests of WithRequireAuth: the mock reads its claims without checking a signature.
func MintToken(c TokenClaims) string {
	if c.IssuedAt.IsZero() {
		c.IssuedAt = time.Now()
	}
	if c.Expires.IsZero() {
		c.Expires = c.IssuedAt.Add(time.Hour)
	}
	if c.TenantID == "" {
		c.TenantID = "6c1b6ed1-0000-4000-8000-000000000001"
	}
	if c.AppID == "" {
		c.AppID = "2f7c41a4-0000-4000-8000-000000000002"
	}
	claims := map[string]any{
		"aud": "https://graph.microsoft.com", "iss": "https://sts.windows.net/" + c.TenantID + "/",
		"iat": c.IssuedAt.Unix(), "nbf": c.IssuedAt.Unix(), "exp": c.Expires.Unix(),
		"tid": c.TenantID, "appid": c.AppID, "idtyp": "app",
	}
	if len(c.Roles) > 0 {
		claims["roles"] = c.Roles
	}
	if c.Scopes != "" {
		claims["scp"] = c.Scopes
		claims["idtyp"] = "user"
	}
	payload, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + "."
}

// authorize checks a Graph request's bearer token the way Graph does, when WithRequireAuth is on.
// A token that is not a JWT is accepted as an opaque application token.
func (s *Server) authorize(rq *request) error {
	unauthorized := func(msg string) error {
		return &graphError{Status: http.StatusUnauthorized, Code: "InvalidAuthenticationToken", Message: msg,
			Header: http.Header{"Www-Authenticate": {`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`}}}
	}
	scheme, tok, _ := strings.Cut(rq.http.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return unauthorized("Access token is empty.")
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		if strings.Contains(tok, ".") {
			return unauthorized("CompactToken parsing failed with error code: 80049217")
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
		return unauthorized("CompactToken parsing failed with error code: 80049217")
	}
	if claims.Exp != nil && s.now().Unix() >= *claims.Exp {
		return unauthorized("Lifetime validation failed, the token is expired.")
	}
	forbidden := func(msg string) error {
		return &graphError{Status: http.StatusForbidden, Code: "Forbidden", Message: msg}
	}
	if claims.Scp != "" {
		return forbidden("Delegated permissions are not supported for call records: use an application token with " + roleRead + ".")
	}
	need := []string{roleRead, roleReadWrite}
	if rq.http.Method != http.MethodGet && rq.http.Method != http.MethodHead {
		need = []string{roleReadWrite}
	}
	for _, have := range claims.Roles {
		if slices.Contains(need, have) {
			return nil
		}
	}
	return forbidden(fmt.Sprintf("Missing role permissions on the request. API requires one of '%s'. Roles on the request '%s'.",
		strings.Join(need, ", "), strings.Join(claims.Roles, ", ")))
}
