package mockserver_test

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// BenchmarkCreateSegmentNotified is what a change notification costs the request that causes it:
// the same validated segment POST with no subscription (the baseline) and with one subscription
// for created and updated, whose notifications are queued on the request path and delivered by
// the server's workers to a real webhook meanwhile. The request path only routes and queues (a
// full queue drops, and says so in the log), so the ratio is the request's share.
func BenchmarkCreateSegmentNotified(b *testing.B) {
	plain, _ := json.Marshal(wideSegment("", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)))
	plain = []byte(strings.Replace(string(plain), `"id":"",`, "", 1))
	for _, subscribed := range []bool{false, true} {
		name := map[bool]string{false: "no-subscription", true: "one-subscription"}[subscribed]
		b.Run(name, func(b *testing.B) {
			s, err := mockserver.New(mockserver.WithScenario(benchScenario(1, 1)), mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: math.MaxInt64}))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if subscribed {
				wh := newWebhook(b)
				body := subscriptionBody(wh.URL, "created,updated", s.Clock().Now().Add(time.Hour).UTC().Format(time.RFC3339), "")
				if r := send(b, s, http.MethodPost, "/v1.0/subscriptions", body, nil); r.status != http.StatusCreated {
					b.Fatalf("subscribe: %d %s", r.status, r.body)
				}
			}
			w := &sink{h: http.Header{}}
			b.SetBytes(int64(len(plain)))
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/v1.0/communications/callRecords/r/sessions/s0000/segments", bytes.NewReader(plain))
				req.Header.Set("Content-Type", "application/json")
				clear(w.h)
				s.ServeHTTP(w, req)
			}
		})
	}
}
