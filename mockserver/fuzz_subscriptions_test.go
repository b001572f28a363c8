package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// FuzzSubscriptionBody posts arbitrary create bodies ("HOOK" in an input stands for a webhook
// that passes the handshake) and patches what it made with the same bytes: every answer is a 201
// (or 200) or a 4xx in Graph's envelope, never a 5xx or a hang, and a refused create makes no
// subscription.
func FuzzSubscriptionBody(f *testing.F) {
	srv := newServer(f, mockserver.WithSidecar(mockserver.Sidecar{WebhookValidationTimeout: 50 * time.Millisecond}))
	wh := newWebhook(f)
	for _, s := range []string{
		subscriptionBody("HOOK", "created,updated", "2026-11-29T12:00:00Z", ""),
		subscriptionBody("HOOK", "updated", "2026-11-28T12:00:00Z", `,"lifecycleNotificationUrl":"HOOK/life"`),
		strings.Replace(subscriptionBody("HOOK", "created", "2026-11-29T12:00:00Z", ""), `"/communications/callRecords"`,
			`"/communications/callRecords?$filter=participants/any(p:p/id in ('a','b') or p/id eq 'c')"`, 1),
		subscriptionBody("HOOK", "deleted", "2026-11-29T12:00:00Z", ""),
		subscriptionBody("http://example.com/x", "created", "2026-11-29T12:00:00Z", ""),
		subscriptionBody("HOOK", "created", "2027-01-01T00:00:00Z", ""),
		subscriptionBody("HOOK", "created", "2026-11-29T12:00:00Z", `,"includeResourceData":true`),
		`{"expirationDateTime":"2026-11-29T12:00:00Z"}`,
		`{"notificationUrl":"HOOK/new"}`,
		`{"changeType":1,"resource":[],"notificationUrl":{},"expirationDateTime":null}`,
		`[]`, `null`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		srv.Reset()
		body = bytes.ReplaceAll(body, []byte("HOOK"), []byte(wh.URL))
		r := send(t, srv, http.MethodPost, "/v1.0/subscriptions", string(body), nil)
		checkGraphAnswer(t, r, http.StatusCreated)
		list := decodeCollection(t, get(t, srv, "/v1.0/subscriptions", nil))
		if r.status != http.StatusCreated {
			if len(list.Value) != 0 {
				t.Fatalf("a refused create (%d) made a subscription: %s", r.status, list.Value)
			}
			return
		}
		var sub struct{ ID string }
		if json.Unmarshal(r.body, &sub) != nil || len(list.Value) != 1 {
			t.Fatalf("201 %s, listed %d", r.body, len(list.Value))
		}
		p := send(t, srv, http.MethodPatch, "/v1.0/subscriptions/"+sub.ID, string(body), nil)
		checkGraphAnswer(t, p, http.StatusOK)
	})
}
