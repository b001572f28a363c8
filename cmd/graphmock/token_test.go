package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// mint runs `graphmock token args...` and returns the token and its decoded claims.
func mint(t *testing.T, env map[string]string, args ...string) (string, map[string]any) {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), append([]string{"token"}, args...), envOf(env), &out, io.Discard); err != nil {
		t.Fatalf("token %q: %v", args, err)
	}
	tok := strings.TrimSpace(out.String())
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWT", tok)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return tok, claims
}

// TestTokenCommand checks the minted claims and that a server started with -require-auth lets a
// default token read, refuses a delegated one with 403 and a missing one with 401.
func TestTokenCommand(t *testing.T) {
	_, claims := mint(t, nil, "-ttl", "90m", "-tenant", "t-1")
	if roles, _ := claims["roles"].([]any); len(roles) != 1 || roles[0] != "CallRecords.Read.All" {
		t.Errorf("default roles = %v", claims["roles"])
	}
	if exp, iat := claims["exp"].(float64), claims["iat"].(float64); time.Duration(exp-iat)*time.Second != 90*time.Minute || claims["tid"] != "t-1" {
		t.Errorf("exp-iat = %vs, tid %v; want 90m and t-1", exp-iat, claims["tid"])
	}
	_, claims = mint(t, map[string]string{"GRAPHMOCK_TOKEN_ROLES": "A, B"})
	if roles, _ := claims["roles"].([]any); !slices.Equal(roles, []any{"A", "B"}) {
		t.Errorf("roles from GRAPHMOCK_TOKEN_ROLES = %v", claims["roles"])
	}
	if err := run(context.Background(), []string{"token", "-ttl", "soon"}, noEnv, io.Discard, io.Discard); exitCode(err) != 2 {
		t.Errorf("token -ttl soon = %v, want a usage error", err)
	}

	r := startServe(t, "-addr", "127.0.0.1:0", "-scenario", basicScenario, "-require-auth")
	reader, _ := mint(t, nil)
	delegated, _ := mint(t, nil, "-roles", "", "-scopes", "CallRecords.Read.All")
	for name, c := range map[string]struct {
		auth string
		want int
	}{"none": {"", 401}, "reader": {"Bearer " + reader, 200}, "delegated": {"Bearer " + delegated, 403}} {
		req, _ := http.NewRequest(http.MethodGet, r.url+"/v1.0/communications/callRecords", nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s token: %d, want %d", name, resp.StatusCode, c.want)
		}
	}
}
