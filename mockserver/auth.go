package mockserver

import (
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/auth"
)

// TokenClaims are the claims of a test access token (MintToken): Roles (application
// permissions, the roles claim), Scopes (set, it makes a delegated token, which Graph refuses for
// callRecords), TenantID and AppID (fixed GUIDs by default), IssuedAt (zero means now) and
// Expires (zero means an hour after IssuedAt).
type TokenClaims = auth.Claims

// MintToken makes an unsigned JWT (alg "none") shaped like an Entra ID access token for Graph,
// for tests of WithRequireAuth: the mock reads its claims without checking a signature. Reads
// need the role CallRecords.Read.All or CallRecords.ReadWrite.All, writes the latter.
func MintToken(c TokenClaims) string {
	return auth.Mint(c, time.Now())
}
