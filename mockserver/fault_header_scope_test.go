package mockserver_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestFaultHeaderCountsDoNotLeakBetweenTests sends `X-Graphmock-Fault: status=429; times=1`
// (no key) over real connections, the way independent tests sharing one server do: a test that
// sends its own client-request-id, or none on its own connection, sees its 429 whatever other
// tests sent before; a client that retries with the same client-request-id, even on a new
// connection, sees the 429 once and then 200.
func TestFaultHeaderCountsDoNotLeakBetweenTests(t *testing.T) {
	t.Parallel()
	type send struct {
		client int    // which client (each has its own connection, kept alive)
		id     string // the client-request-id, "" for none
	}
	cases := []struct {
		name  string
		sends []send
		fresh bool // every request on a new connection
		want  string
	}{
		{"two tests with their own client-request-ids", []send{{0, "test-1"}, {0, "test-1"}, {0, "test-2"}, {0, "test-2"}}, false, "429 200 429 200"},
		{"two tests without ids, each on its connection", []send{{0, ""}, {0, ""}, {1, ""}, {1, ""}}, false, "429 200 429 200"},
		{"a retry with the same id on a new connection", []send{{0, "retrying"}, {1, "retrying"}}, true, "429 200"},
		{"a later test reusing nothing", []send{{0, ""}, {1, ""}, {2, ""}}, true, "429 429 429"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ts := startFaulty(t)
			clients := make([]*http.Client, 3)
			for i := range clients {
				clients[i] = &http.Client{Transport: &http.Transport{DisableKeepAlives: c.fresh}}
				defer clients[i].CloseIdleConnections()
			}
			var got []string
			for _, s := range c.sends {
				req, _ := http.NewRequest(http.MethodGet, ts.URL+group+"/sessions", nil)
				req.Header.Set("X-Graphmock-Fault", "status=429; times=1")
				if s.id != "" {
					req.Header.Set("client-request-id", s.id)
				}
				resp, err := clients[s.client].Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body) // so the connection is kept for the next request
				resp.Body.Close()
				got = append(got, fmt.Sprint(resp.StatusCode))
			}
			if s := strings.Join(got, " "); s != c.want {
				t.Errorf("statuses %s, want %s", s, c.want)
			}
		})
	}
}
