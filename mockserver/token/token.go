// Package token mints the test access tokens that a server started WithRequireAuth checks, for
// a test of what a client does with Graph's 401 and 403 answers. A package of its own beside
// mockserver, as generate and tenant are, so that mockserver's surface stays small.
package token

import (
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/auth"
)

// Claims are the claims of a test access token (Mint): Roles (application permissions, the roles
// claim), Scopes (set, it makes a delegated token, which Graph refuses for callRecords), TenantID
// and AppID (fixed GUIDs by default), IssuedAt (zero means now) and Expires (zero means an hour
// after IssuedAt).
type Claims = auth.Claims

// Mint makes an unsigned JWT (alg "none") shaped like an Entra ID access token for Graph: the
// mock reads its claims without checking a signature. Reads need the role
// CallRecords.Read.All or CallRecords.ReadWrite.All, writes the latter.
func Mint(c Claims) string {
	return auth.Mint(c, time.Now())
}
