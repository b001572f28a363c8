package auth

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

// Default tenant and application ids of a minted token: fixed GUIDs, so tokens are repeatable.
const (
	defaultTenantID = "6c1b6ed1-0000-4000-8000-000000000001"
	defaultAppID    = "2f7c41a4-0000-4000-8000-000000000002"
)

// Claims are the claims of a test access token (Mint). The mockserver package exports this type
// as TokenClaims.
type Claims struct {
	// Roles are application permissions (the roles claim of an app-only token).
	Roles []string
	// Scopes, when set, make a delegated token (the scp claim), which Graph refuses for
	// callRecords.
	Scopes string
	// TenantID and AppID fill tid and appid; defaults are fixed GUIDs.
	TenantID string
	AppID    string
	// IssuedAt sets iat and nbf; zero means the now given to Mint.
	IssuedAt time.Time
	// Expires sets exp; zero means an hour after IssuedAt.
	Expires time.Time
}

// Mint encodes c as an unsigned JWT (alg "none") shaped like an Entra ID access token for Graph,
// so tests can drive Check through each of its rules; now stands in for a zero IssuedAt. Check
// reads such a token's claims without checking a signature.
func Mint(c Claims, now time.Time) string {
	if c.IssuedAt.IsZero() {
		c.IssuedAt = now
	}
	if c.Expires.IsZero() {
		c.Expires = c.IssuedAt.Add(time.Hour)
	}
	if c.TenantID == "" {
		c.TenantID = defaultTenantID
	}
	if c.AppID == "" {
		c.AppID = defaultAppID
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
	payload, _ := json.Marshal(claims) // strings, numbers and a []string: cannot fail
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + "."
}
