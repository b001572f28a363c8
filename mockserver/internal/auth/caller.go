package auth

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// defaultServicePrincipal is the object id of the service principal a token without an oid
// claim stands for: a fixed GUID, like the defaults of Mint.
const defaultServicePrincipal = "8a2b9c3d-0000-4000-8000-000000000003"

// Caller names who sends a request, as Graph records it on what the request makes (a
// subscription's applicationId and creatorId, and the tenantId of its notifications).
type Caller struct {
	TenantID, AppID, ObjectID string
}

// CallerOf reads the tid, appid (or azp) and oid claims of the request's bearer token, without
// checking it (Check does that). A missing claim, or a token that is not a JWT, gives the fixed
// ids Mint uses by default, so a mock without auth still shows real GUIDs.
func CallerOf(authorization string) Caller {
	c := Caller{TenantID: defaultTenantID, AppID: defaultAppID, ObjectID: defaultServicePrincipal}
	tok, ok := BearerToken(authorization)
	parts := strings.Split(tok, ".")
	if !ok || len(parts) != 3 {
		return c
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	var claims struct {
		Tid, Appid, Azp, Oid string
	}
	if err != nil || json.Unmarshal(raw, &claims) != nil {
		return c
	}
	if claims.Tid != "" {
		c.TenantID = claims.Tid
	}
	if app := cmp.Or(claims.Appid, claims.Azp); app != "" {
		c.AppID = app
	}
	if claims.Oid != "" {
		c.ObjectID = claims.Oid
	}
	return c
}
