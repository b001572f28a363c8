package journal

import (
	"net/http"
	"strings"
	"testing"
)

func TestRedactHeader(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", MaxHeaderValue+1)
	cases := []struct {
		name string
		in   http.Header
		key  string
		want []string
	}{
		{"bearer token", http.Header{"Authorization": {"Bearer secret"}}, "Authorization", []string{"Bearer [redacted]"}},
		{"basic", http.Header{"Authorization": {"Basic dXNlcjpwdw=="}}, "Authorization", []string{"Basic [redacted]"}},
		{"no scheme", http.Header{"Authorization": {"secret"}}, "Authorization", []string{"secret [redacted]"}},
		{"other scheme", http.Header{"Authorization": {"Negotiate abc"}}, "Authorization", []string{"Negotiate [redacted]"}},
		{"second value dropped", http.Header{"Authorization": {"Bearer a", "Bearer b"}}, "Authorization", []string{"Bearer [redacted]"}},
		{"other headers kept", http.Header{"Client-Request-Id": {"c1"}}, "Client-Request-Id", []string{"c1"}},
		{"every value kept", http.Header{"Accept": {"a", "b"}}, "Accept", []string{"a", "b"}},
		{"at the bound kept", http.Header{"X-Long": {long[:MaxHeaderValue]}}, "X-Long", []string{long[:MaxHeaderValue]}},
		{"over the bound cut", http.Header{"X-Long": {long}}, "X-Long", []string{long[:MaxHeaderValue] + "…[cut]"}},
	}
	for _, c := range cases {
		before := c.in.Clone()
		got := RedactHeader(c.in)
		if strings.Join(got[c.key], "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %s = %q, want %q", c.name, c.key, got[c.key], c.want)
		}
		if strings.Join(c.in[c.key], "|") != strings.Join(before[c.key], "|") {
			t.Errorf("%s: the request's own header was changed", c.name)
		}
	}
}
