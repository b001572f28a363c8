package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/token"
)

// runToken prints a test access token for a server started with -require-auth: an unsigned JWT
// shaped like an Entra ID token for Graph (token.Mint), so a client under test can send
// `Authorization: Bearer $(graphmock token)`. The mock reads its claims without checking a
// signature; real Graph rejects it.
func runToken(_ context.Context, c *cli, args []string) error {
	var roles, scopes, tenant, app, ttl string
	fs := newEnvFlagSet("token", "graphmock token [flags]",
		"Print an unsigned test JWT for a server started with -require-auth. By default an application\n"+
			"token with the CallRecords.Read.All role, valid for an hour. Real Graph rejects it.")
	fs.String(&roles, "roles", "GRAPHMOCK_TOKEN_ROLES", "CallRecords.Read.All",
		"comma-separated application `roles` (CallRecords.Read.All reads, CallRecords.ReadWrite.All also writes); empty for none")
	fs.String(&scopes, "scopes", "GRAPHMOCK_TOKEN_SCOPES", "",
		"delegated `scopes` (the scp claim), making a delegated token, which Graph refuses for callRecords (403)")
	fs.String(&tenant, "tenant", "GRAPHMOCK_TOKEN_TENANT", "", "tenant `id` (the tid claim); empty uses a fixed GUID")
	fs.String(&app, "app", "GRAPHMOCK_TOKEN_APP", "", "application `id` (the appid claim); empty uses a fixed GUID")
	fs.String(&ttl, "ttl", "GRAPHMOCK_TOKEN_TTL", "1h", "how long the token is valid from now, as a Go `duration`; negative mints an expired token")
	if err := fs.parse(args, c.getenv, c.stdout, 0); err != nil {
		return err
	}
	valid, err := time.ParseDuration(ttl)
	if err != nil {
		return usageErrorf("token: -ttl (GRAPHMOCK_TOKEN_TTL) %q is not a duration such as 1h or 90m", ttl)
	}
	claims := token.Claims{Scopes: scopes, TenantID: tenant, AppID: app, IssuedAt: time.Now()}
	claims.Expires = claims.IssuedAt.Add(valid)
	for _, r := range strings.Split(roles, ",") {
		if r = strings.TrimSpace(r); r != "" {
			claims.Roles = append(claims.Roles, r)
		}
	}
	fmt.Fprintln(c.stdout, token.Mint(claims))
	return nil
}
