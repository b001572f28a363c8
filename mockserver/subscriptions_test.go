package mockserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/token"
)

// TestSubscriptionsAPI walks a subscription through Graph's API with a real receiver: create
// (after the handshake), get, list (clientState null), renew, reauthorize, delete, and 404 after.
func TestSubscriptionsAPI(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	wh := newWebhook(t)
	sub := subscribe(t, srv, "", subscriptionBody(wh.URL+"/notify?tenant=a", "created,updated", "2026-11-29T12:00:00Z", ""))
	if sub.Context != "http://example.com/v1.0/$metadata#subscriptions/$entity" || len(sub.ID) != 36 || sub.Resource != "/communications/callRecords" ||
		sub.ChangeType != "created,updated" || sub.ClientState == nil || *sub.ClientState != "secretClientValue" ||
		sub.ExpirationDateTime != "2026-11-29T12:00:00.0000000Z" || len(sub.ApplicationID) != 36 || len(sub.CreatorID) != 36 {
		t.Fatalf("created %+v", sub)
	}
	one := get(t, srv, "/beta/subscriptions/"+sub.ID, nil)
	var got map[string]any
	if one.status != http.StatusOK || json.Unmarshal(one.body, &got) != nil || got["@odata.context"] != "http://example.com/beta/$metadata#subscriptions/$entity" ||
		got["clientState"] != "secretClientValue" || got["includeResourceData"] != false || got["latestSupportedTlsVersion"] != "v1_2" || got["lifecycleNotificationUrl"] != nil {
		t.Fatalf("get: %d %s", one.status, one.body)
	}
	list := decodeCollection(t, get(t, srv, "/v1.0/subscriptions", nil))
	if list.Context != "http://example.com/v1.0/$metadata#subscriptions" || len(list.Value) != 1 || !strings.Contains(string(list.Value[0]), `"clientState":null`) {
		t.Fatalf("list %+v", list)
	}
	renew := send(t, srv, http.MethodPatch, "/v1.0/subscriptions/"+sub.ID, `{"expirationDateTime":"2026-11-30T12:00:00Z"}`, nil)
	if renew.status != http.StatusOK || !strings.Contains(string(renew.body), `"expirationDateTime":"2026-11-30T12:00:00.0000000Z"`) {
		t.Fatalf("renew: %d %s", renew.status, renew.body)
	}
	short := send(t, srv, http.MethodPatch, "/v1.0/subscriptions/"+sub.ID, `{"expirationDateTime":"2026-11-28T12:05:00Z"}`, nil)
	if !strings.Contains(string(short.body), `"expirationDateTime":"2026-11-28T12:45:00.0000000Z"`) {
		t.Fatalf("a renewal under 45 minutes is 45: %s", short.body)
	}
	if r := send(t, srv, http.MethodPost, "/v1.0/subscriptions/"+sub.ID+"/reauthorize", "", nil); r.status != http.StatusNoContent {
		t.Fatalf("reauthorize: %d %s", r.status, r.body)
	}
	if r := send(t, srv, http.MethodDelete, "/v1.0/subscriptions/"+sub.ID, "", nil); r.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	for _, r := range []result{
		get(t, srv, "/v1.0/subscriptions/"+sub.ID, nil),
		send(t, srv, http.MethodDelete, "/v1.0/subscriptions/"+sub.ID, "", nil),
		send(t, srv, http.MethodPatch, "/v1.0/subscriptions/"+sub.ID, `{"expirationDateTime":"2026-11-30T12:00:00Z"}`, nil),
		send(t, srv, http.MethodPost, "/v1.0/subscriptions/"+sub.ID+"/reauthorize", "", nil),
	} {
		if e := decodeError(t, r); r.status != http.StatusNotFound || e.Error.Code != "ResourceNotFound" || e.Error.Message != "The object was not found." {
			t.Fatalf("after delete: %d %s", r.status, r.body)
		}
	}
	routes := map[string]int{}
	for _, e := range srv.Requests() {
		routes[string(e.Route)]++
	}
	if routes["createSubscription"] != 1 || routes["getSubscription"] != 2 || routes["updateSubscription"] != 3 || routes["deleteSubscription"] != 2 ||
		routes["reauthorizeSubscription"] != 2 || routes["listSubscriptions"] != 1 {
		t.Fatalf("journal routes %v", routes)
	}
	wh.mu.Lock()
	first := wh.received[0]
	wh.mu.Unlock()
	if first.contentType != "text/plain; charset=utf-8" || !strings.HasPrefix(first.query, "tenant=a&validationToken=Validation%3A+Testing+client+application+reachability+for+subscription+Request-Id%3A+") {
		t.Fatalf("validation request %+v", first)
	}
	if v := srv.Notifications(mockserver.NotificationFilter{Kind: "validation"}); len(v) != 1 || v[0].Outcome != "validated" || v[0].Subscription != sub.ID {
		t.Fatalf("delivery log %+v", v)
	}
}

// TestSubscriptionHandshakeFailures: each way an endpoint can fail the handshake answers the
// create as Graph does, and makes no subscription.
func TestSubscriptionHandshakeFailures(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{WebhookValidationTimeout: 100 * time.Millisecond}))
	text := func(body string) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, body)
		}
	}
	cases := []struct {
		name     string
		validate func(w http.ResponseWriter, r *http.Request)
		code     string
		message  string
		detail   string
	}{
		{"answers 500", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }, "ValidationError",
			"Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.", "answered 500"},
		{"echoes the encoded token", func(w http.ResponseWriter, r *http.Request) {
			text(strings.TrimPrefix(r.URL.RawQuery, "validationToken="))(w, r)
		}, "ValidationError", "Subscription validation request failed. Response must exactly match validationToken query parameter.", "URL-decoded"},
		{"answers JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, r.URL.Query().Get("validationToken"))
		}, "ValidationError", "Subscription validation request failed. Notification endpoint must respond with a text/plain body.", "application/json"},
		{"redirects", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/other", http.StatusTemporaryRedirect)
		},
			"ValidationError", "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.", "answered 307"},
		{"too slow", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		}, "InvalidRequest", "Subscription validation request timed out.", "no answer within 100ms"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wh := newWebhook(t)
			wh.validate = c.validate
			r := send(t, srv, http.MethodPost, "/_ns/"+strings.ReplaceAll(c.name, " ", "-")+"/v1.0/subscriptions",
				subscriptionBody(wh.URL, "created", "2026-11-29T12:00:00Z", ""), nil)
			e := decodeError(t, r)
			if r.status != http.StatusBadRequest || e.Error.Code != c.code || e.Error.Message != c.message ||
				len(e.Error.Details) != 1 || !strings.Contains(e.Error.Details[0].Message, c.detail) {
				t.Fatalf("%d %s", r.status, r.body)
			}
			list := decodeCollection(t, get(t, srv, "/_ns/"+strings.ReplaceAll(c.name, " ", "-")+"/v1.0/subscriptions", nil))
			if len(list.Value) != 0 {
				t.Fatalf("a subscription was made: %s", list.Value)
			}
		})
	}
}

// TestSubscriptionRules: Graph's limits through HTTP: the duplicate, the 101st, http URLs by the
// server's setting, and the read role with WithRequireAuth.
func TestSubscriptionRules(t *testing.T) {
	t.Parallel()
	wh := newWebhook(t)
	srv := newServer(t)
	body := subscriptionBody(wh.URL, "updated", "2026-11-29T12:00:00Z", "")
	first := subscribe(t, srv, "", body)
	dup := send(t, srv, http.MethodPost, "/v1.0/subscriptions", strings.Replace(body, `"/communications/callRecords"`, `"communications/callRecords"`, 1), nil)
	if e := decodeError(t, dup); dup.status != http.StatusConflict || e.Error.Message != "Subscription Id "+first.ID+" already exists for the requested combination" {
		t.Fatalf("duplicate: %d %s", dup.status, dup.body)
	}
	for i := 1; i < 100; i++ {
		subscribe(t, srv, "", strings.Replace(body, `"/communications/callRecords"`, `"/communications/callRecords?$filter=participants/any(p:p/id eq 'u`+string(rune('A'+i%26))+strings.Repeat("x", i/26)+`')"`, 1))
	}
	over := send(t, srv, http.MethodPost, "/v1.0/subscriptions", subscriptionBody(wh.URL, "created", "2026-11-29T12:00:00Z", ""), nil)
	if e := decodeError(t, over); over.status != http.StatusForbidden || !strings.Contains(e.Error.Message, "at most 100 subscriptions") {
		t.Fatalf("101st: %d %s", over.status, over.body)
	}
	if n := len(decodeCollection(t, get(t, srv, "/v1.0/subscriptions", nil)).Value); n != 100 {
		t.Fatalf("listed %d", n)
	}
	if other := subscribe(t, srv, "/_ns/other", body); other.ID == first.ID {
		t.Fatal("namespaces share subscriptions")
	}

	strict := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{WebhookHTTPSOnly: true}))
	r := send(t, strict, http.MethodPost, "/v1.0/subscriptions", body, nil)
	if e := decodeError(t, r); r.status != http.StatusBadRequest || e.Error.Code != "InvalidRequest" || e.Error.Message != "NotificationUrl scheme='http' is not supported." {
		t.Fatalf("https only: %d %s", r.status, r.body)
	}
	if _, err := mockserver.New(mockserver.WithSidecar(mockserver.Sidecar{WebhookHTTPSOnly: true, WebhookHTTPAnyHost: true})); err == nil {
		t.Fatal("both URL settings at once were accepted")
	}

	authed := newServer(t, mockserver.WithRequireAuth(true))
	reader := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + token.Mint(token.Claims{
		Roles: []string{"CallRecords.Read.All"}, TenantID: "11111111-2222-4333-8444-555555555555", IssuedAt: fixedTime})}}
	r = send(t, authed, http.MethodPost, "/v1.0/subscriptions", body, reader)
	if r.status != http.StatusCreated {
		t.Fatalf("CallRecords.Read.All may subscribe: %d %s", r.status, r.body)
	}
	if r := send(t, authed, http.MethodPost, "/v1.0/subscriptions", body, nil); r.status != http.StatusUnauthorized {
		t.Fatalf("no token: %d %s", r.status, r.body)
	}
}

// TestNotificationsAdminAPI: GET /_mock/notifications filters the delivery log; a bad filter is
// a 400; DELETE empties it.
func TestNotificationsAdminAPI(t *testing.T) {
	t.Parallel()
	wh := newWebhook(t)
	srv := newServer(t)
	sub := subscribe(t, srv, "", subscriptionBody(wh.URL, "created", "2026-11-29T12:00:00Z", ""))
	var log struct{ Value []mockserver.Notification }
	r := get(t, srv, "/_mock/notifications?subscription="+sub.ID+"&kind=validation&outcome=validated", nil)
	if r.status != http.StatusOK || json.Unmarshal(r.body, &log) != nil || len(log.Value) != 1 || log.Value[0].URL != wh.URL {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := get(t, srv, "/_mock/notifications?kind=email", nil); r.status != http.StatusBadRequest {
		t.Fatalf("bad kind: %d %s", r.status, r.body)
	}
	if r := do(t, srv, http.MethodDelete, "/_mock/notifications", nil, nil); r.status != http.StatusNoContent || len(srv.Notifications()) != 0 {
		t.Fatalf("clear: %d %s", r.status, r.body)
	}
	srv.Reset()
	if n := len(decodeCollection(t, get(t, srv, "/v1.0/subscriptions", nil)).Value); n != 0 {
		t.Fatalf("a reset kept %d subscriptions", n)
	}
	// The stand-in webhook passes the handshake and accepts notifications, even behind a token.
	guarded := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{AdminToken: "t"}))
	echo := do(t, guarded, http.MethodPost, "/_mock/webhook?validationToken=Validation%3A+a+b", nil, nil)
	if echo.status != http.StatusOK || string(echo.body) != "Validation: a b" || !strings.HasPrefix(echo.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("handshake: %d %q %s", echo.status, echo.body, echo.header.Get("Content-Type"))
	}
	if r := send(t, guarded, http.MethodPost, "/_mock/webhook", `{"value":[]}`, nil); r.status != http.StatusAccepted {
		t.Fatalf("notification: %d %s", r.status, r.body)
	}
}

// TestSubscriptionInABatch: a JSON batch carries /subscriptions requests like any other: the
// create inside it runs the handshake and answers 201, the list sees it.
func TestSubscriptionInABatch(t *testing.T) {
	t.Parallel()
	wh := newWebhook(t)
	srv := newServer(t)
	batch := `{"requests":[{"id":"1","method":"POST","url":"/subscriptions","headers":{"Content-Type":"application/json"},"body":` +
		subscriptionBody(wh.URL, "created", "2026-11-29T12:00:00Z", "") + `},{"id":"2","method":"GET","url":"subscriptions","dependsOn":["1"]}]}`
	r := send(t, srv, http.MethodPost, "/v1.0/$batch", batch, nil)
	var out struct {
		Responses []struct {
			ID     string
			Status int
			Body   json.RawMessage
		}
	}
	if r.status != http.StatusOK || json.Unmarshal(r.body, &out) != nil || len(out.Responses) != 2 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	for _, a := range out.Responses {
		if a.ID == "1" && a.Status != http.StatusCreated || a.ID == "2" && (a.Status != http.StatusOK || !strings.Contains(string(a.Body), wh.URL)) {
			t.Fatalf("batch answer %s: %d %s", a.ID, a.Status, a.Body)
		}
	}
}
