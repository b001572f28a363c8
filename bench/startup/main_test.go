package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseServers(t *testing.T) {
	t.Parallel()
	got, err := parseServers([]string{"new=/tmp/gm -addr {addr} -log-level error", "base=/tmp/base  -addr {addr}"}, "127.0.0.1:1")
	if err != nil || len(got) != 2 || got[0].name != "new" || strings.Join(got[0].argv, "|") != "/tmp/gm|-addr|127.0.0.1:1|-log-level|error" ||
		strings.Join(got[1].argv, "|") != "/tmp/base|-addr|127.0.0.1:1" {
		t.Fatalf("got %+v, %v", got, err)
	}
	for _, bad := range [][]string{nil, {"/tmp/gm"}, {"=/tmp/gm"}, {"x="}, {"x=  "}} {
		if _, err := parseServers(bad, "a"); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestQuantileAndSummary(t *testing.T) {
	t.Parallel()
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		v    []time.Duration
		q    int
		want time.Duration
	}{
		{ms(3, 1, 2), 2, 2 * time.Millisecond},
		{ms(4, 1, 3, 2), 2, 2500 * time.Microsecond},
		{ms(5, 1, 4, 2, 3), 1, 2 * time.Millisecond},
		{ms(7), 1, 7 * time.Millisecond},
	} {
		if got := quantile(tc.v, tc.q); got != tc.want {
			t.Errorf("quantile(%v, %d) = %v, want %v", tc.v, tc.q, got, tc.want)
		}
	}
	got := summary("gm", []start{{wall: 30 * time.Millisecond, cpu: 29 * time.Millisecond, faults: 900}, {wall: 32 * time.Millisecond, cpu: 31 * time.Millisecond, faults: 910}})
	if want := "gm             wall 31.00 ms  CPU 30.00 ms (lower quartile 29.00)  minor faults 905"; got != want {
		t.Errorf("summary:\n%s\nwant\n%s", got, want)
	}
}

func TestAnswers200(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	if !answers200(addr, "/ok") || answers200(addr, "/missing") || answers200("127.0.0.1:1", "/ok") {
		t.Error("answers200 does not tell a 200 from a 404 or a closed port")
	}
}
