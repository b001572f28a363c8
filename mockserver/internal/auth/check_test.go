package auth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// TestCheck drives every rule of Check with tokens minted by Mint (and a few hand-made ones),
// checking the kind of error and Graph's message word for word.
func TestCheck(t *testing.T) {
	t.Parallel()
	bearer := func(c Claims) string { return "Bearer " + Mint(c, now) }
	readOnly := bearer(Claims{Roles: []string{RoleRead}})
	readWrite := bearer(Claims{Roles: []string{RoleReadWrite}})
	tests := []struct {
		name, header, method string
		want                 string // "" (allowed), "token" or "forbidden"
		msg                  string
	}{
		{"no header", "", "GET", "token", "Access token is empty."},
		{"empty bearer", "Bearer ", "GET", "token", "Access token is empty."},
		{"blank bearer", "Bearer    ", "GET", "token", "Access token is empty."},
		{"basic", "Basic dTpw", "GET", "token", "Access token is empty."},
		{"scheme only", "Bearer", "GET", "token", "Access token is empty."},
		{"lower-case scheme", "bearer " + Mint(Claims{Roles: []string{RoleRead}}, now), "GET", "", ""},
		{"two parts", "Bearer abc.def", "GET", "token", "CompactToken parsing failed with error code: 80049217"},
		{"four parts", "Bearer a.b.c.d", "GET", "token", "CompactToken parsing failed with error code: 80049217"},
		{"garbage payload", "Bearer eyJhbGciOiJub25lIn0.!!!.x", "GET", "token", "CompactToken parsing failed with error code: 80049217"},
		{"payload not JSON", "Bearer e30." + base64.RawURLEncoding.EncodeToString([]byte("nope")) + ".", "GET", "token", "CompactToken parsing failed with error code: 80049217"},
		{"padded payload", "Bearer e30." + base64.URLEncoding.EncodeToString([]byte(`{"aud":"https://graph.microsoft.com","roles":["`+RoleRead+`"]}`)) + ".", "GET", "", ""},
		{"no exp", payload(`{"aud":"https://graph.microsoft.com","roles":["` + RoleRead + `"]}`), "GET", "", ""},
		{"aud: another API", payload(`{"aud":"https://management.azure.com","roles":["` + RoleRead + `"]}`), "GET", "token", "Access token validation failure. Invalid audience."},
		{"aud: none", payload(`{"roles":["` + RoleRead + `"]}`), "GET", "token", "Access token validation failure. Invalid audience."},
		{"aud: null", payload(`{"aud":null,"roles":["` + RoleRead + `"]}`), "GET", "token", "Access token validation failure. Invalid audience."},
		{"aud: Graph's app id", payload(`{"aud":"00000003-0000-0000-c000-000000000000","roles":["` + RoleRead + `"]}`), "GET", "", ""},
		{"aud: Graph with a slash", payload(`{"aud":"https://graph.microsoft.com/","roles":["` + RoleRead + `"]}`), "GET", "", ""},
		{"aud: a list with Graph", payload(`{"aud":["api://other","https://graph.microsoft.com"],"roles":["` + RoleRead + `"]}`), "GET", "", ""},
		{"aud: a list without Graph", payload(`{"aud":["api://other"],"roles":["` + RoleRead + `"]}`), "GET", "token", "Access token validation failure. Invalid audience."},
		{"aud: not a string", payload(`{"aud":7,"roles":["` + RoleRead + `"]}`), "GET", "token", "CompactToken parsing failed with error code: 80049217"},
		{"nbf in a second", payload(fmt.Sprintf(`{"aud":"https://graph.microsoft.com","nbf":%d,"roles":["%s"]}`, now.Unix()+1, RoleRead)), "GET", "token", "Lifetime validation failed, the token is not yet valid."},
		{"nbf now", payload(fmt.Sprintf(`{"aud":"https://graph.microsoft.com","nbf":%d,"roles":["%s"]}`, now.Unix(), RoleRead)), "GET", "", ""},
		{"minted in the future", bearer(Claims{Roles: []string{RoleRead}, IssuedAt: now.Add(time.Hour)}), "GET", "token", "Lifetime validation failed, the token is not yet valid."},
		{"upper-case scheme", "BEARER " + Mint(Claims{Roles: []string{RoleRead}}, now), "GET", "", ""},
		{"expired", bearer(Claims{Roles: []string{RoleRead}, IssuedAt: now.Add(-2 * time.Hour)}), "GET", "token", "Lifetime validation failed, the token is expired."},
		{"expires now", bearer(Claims{Roles: []string{RoleRead}, IssuedAt: now.Add(-time.Hour)}), "GET", "token", "Lifetime validation failed, the token is expired."},
		{"expires in a second", bearer(Claims{Roles: []string{RoleRead}, IssuedAt: now.Add(-time.Hour + time.Second)}), "GET", "", ""},
		{"delegated", bearer(Claims{Scopes: RoleRead}), "GET", "forbidden",
			"Delegated permissions are not supported for call records: use an application token with CallRecords.Read.All."},
		{"delegated with roles", bearer(Claims{Scopes: "x", Roles: []string{RoleReadWrite}}), "GET", "forbidden",
			"Delegated permissions are not supported for call records: use an application token with CallRecords.Read.All."},
		{"missing role", bearer(Claims{Roles: []string{"User.Read.All"}}), "GET", "forbidden",
			"Missing role permissions on the request. API requires one of 'CallRecords.Read.All, CallRecords.ReadWrite.All'. Roles on the request 'User.Read.All'."},
		{"no roles", bearer(Claims{}), "GET", "forbidden",
			"Missing role permissions on the request. API requires one of 'CallRecords.Read.All, CallRecords.ReadWrite.All'. Roles on the request ''."},
		{"read role reads", readOnly, "GET", "", ""},
		{"read role heads", readOnly, "HEAD", "", ""},
		{"read role cannot write", readOnly, "POST", "forbidden",
			"Missing role permissions on the request. API requires one of 'CallRecords.ReadWrite.All'. Roles on the request 'CallRecords.Read.All'."},
		{"read role cannot delete", readOnly, "DELETE", "forbidden",
			"Missing role permissions on the request. API requires one of 'CallRecords.ReadWrite.All'. Roles on the request 'CallRecords.Read.All'."},
		{"write role reads", readWrite, "GET", "", ""},
		{"write role writes", readWrite, "PATCH", "", ""},
		{"opaque token", "Bearer test-token", "POST", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Check(tc.header, tc.method, now)
			var te *TokenError
			var fe *ForbiddenError
			got := ""
			switch {
			case err == nil:
			case errors.As(err, &te):
				got = "token"
			case errors.As(err, &fe):
				got = "forbidden"
			default:
				t.Fatalf("error of type %T: %v", err, err)
			}
			if got != tc.want {
				t.Fatalf("got %q (%v), want %q", got, err, tc.want)
			}
			if err != nil && err.Error() != tc.msg {
				t.Errorf("message %q\nwant    %q", err.Error(), tc.msg)
			}
		})
	}
}

// payload makes an unsigned JWT with the given claims, as a bearer header value.
func payload(claims string) string {
	return "Bearer e30." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + "."
}

// TestCheckToken: a batch's own token must be usable, whatever roles it has; the roles are
// checked per request inside it.
func TestCheckToken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, header, want string
	}{
		{"no roles", "Bearer " + Mint(Claims{}, now), ""},
		{"read only", "Bearer " + Mint(Claims{Roles: []string{RoleRead}}, now), ""},
		{"opaque", "Bearer test-token", ""},
		{"none", "", "Access token is empty."},
		{"expired", "Bearer " + Mint(Claims{Roles: []string{RoleRead}, IssuedAt: now.Add(-2 * time.Hour)}, now), "Lifetime validation failed, the token is expired."},
		{"delegated", "Bearer " + Mint(Claims{Scopes: RoleRead}, now), "Delegated permissions are not supported for call records: use an application token with CallRecords.Read.All."},
	} {
		err := CheckToken(tc.header, now)
		if got := fmt.Sprint(err); tc.want == "" && err != nil || tc.want != "" && got != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestBearerToken: the scheme is case-insensitive, the token is trimmed, another scheme or an
// empty token is not a bearer token.
func TestBearerToken(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]string{"Bearer t": "t", "bearer t": "t", "BEARER  t ": "t", " Bearer t": "t", "Basic t": "", "Bearer": "", "Bearer  ": "", "": "", "Bearert": ""} {
		got, ok := BearerToken(header)
		if got != want && ok || ok != (want != "") {
			t.Errorf("%q: %q %v, want %q", header, got, ok, want)
		}
	}
}

// TestMint checks the claims a minted token carries and their defaults.
func TestMint(t *testing.T) {
	t.Parallel()
	issued := now.Add(-time.Minute)
	tests := []struct {
		name string
		c    Claims
		want map[string]any
	}{
		{"defaults", Claims{}, map[string]any{"iat": float64(now.Unix()), "nbf": float64(now.Unix()), "exp": float64(now.Add(time.Hour).Unix()),
			"tid": defaultTenantID, "appid": defaultAppID, "idtyp": "app", "aud": "https://graph.microsoft.com",
			"iss": "https://sts.windows.net/" + defaultTenantID + "/"}},
		{"app token", Claims{Roles: []string{RoleRead, RoleReadWrite}, TenantID: "t", AppID: "a", IssuedAt: issued, Expires: issued.Add(time.Minute)},
			map[string]any{"roles": []any{RoleRead, RoleReadWrite}, "tid": "t", "appid": "a", "iss": "https://sts.windows.net/t/",
				"iat": float64(issued.Unix()), "exp": float64(issued.Add(time.Minute).Unix()), "idtyp": "app"}},
		{"delegated token", Claims{Scopes: "CallRecords.Read.All"}, map[string]any{"scp": "CallRecords.Read.All", "idtyp": "user", "roles": nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			parts := strings.Split(Mint(tc.c, now), ".")
			if len(parts) != 3 || parts[2] != "" {
				t.Fatalf("not an unsigned JWT: %q", parts)
			}
			header, _ := base64.RawURLEncoding.DecodeString(parts[0])
			if string(header) != `{"alg":"none","typ":"JWT"}` {
				t.Errorf("header %s", header)
			}
			raw, err := base64.RawURLEncoding.DecodeString(parts[1])
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			for k, want := range tc.want {
				g, _ := json.Marshal(got[k])
				w, _ := json.Marshal(want)
				if string(g) != string(w) {
					t.Errorf("%s = %s, want %s", k, g, w)
				}
			}
		})
	}
}

func TestCallerOf(t *testing.T) {
	t.Parallel()
	def := CallerOf("")
	if def.TenantID != defaultTenantID || def.AppID != defaultAppID || def.ObjectID != defaultServicePrincipal {
		t.Fatalf("without a token: %+v", def)
	}
	if c := CallerOf("Bearer opaque"); c != def {
		t.Fatalf("an opaque token: %+v", c)
	}
	minted := CallerOf("Bearer " + Mint(Claims{TenantID: "t1", AppID: "a1", Roles: []string{RoleRead}}, time.Now()))
	if minted.TenantID != "t1" || minted.AppID != "a1" || minted.ObjectID != defaultServicePrincipal {
		t.Fatalf("a minted token: %+v", minted)
	}
}
