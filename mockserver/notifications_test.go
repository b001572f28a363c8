package mockserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// The timeline scenario's records (testdata/timeline.yaml): one available at once, one that
// becomes available 25 minutes after the clock starts (Carol's), one past retention.
const (
	availableRecord = "11111111-1111-4111-8111-111111111111"
	laterRecord     = "22222222-2222-4222-8222-222222222222"
	carol           = "cccccccc-0000-4000-8000-000000000003"
	bob             = "bbbbbbbb-0000-4000-8000-000000000002"
)

// startTimeline serves the timeline scenario on a loopback port with its clock frozen at
// 2026-11-28T12:00:00Z, so only the test moves time. The test's requests go to the handler
// (for example.com), the server's to real webhooks.
func startTimeline(t *testing.T, opts ...mockserver.Option) (*mockserver.TestServer, mockserver.Clock) {
	t.Helper()
	base := []mockserver.Option{mockserver.WithScenarioFile("testdata/timeline.yaml"), mockserver.WithSidecar(mockserver.Sidecar{AllowedHosts: []string{"*"}})}
	srv := mockserver.Start(t, append(base, opts...)...)
	clock := srv.Clock()
	clock.Freeze(true)
	return srv, clock
}

// delivered waits until the namespace's log holds n delivered notifications and returns them.
func delivered(t *testing.T, ns *mockserver.Namespace, n int) []mockserver.Notification {
	t.Helper()
	var got []mockserver.Notification
	waitUntil(t, "delivered notifications", func() bool {
		got = ns.Notifications(mockserver.NotificationFilter{Kind: "notification", Outcome: "delivered"})
		return len(got) >= n
	})
	return got
}

// TestWebhookLoop is issue 14's "done when": subscribe (the handshake), a record becomes
// available once the clock is advanced 25 minutes, the webhook is notified and fetches the
// record, a segment write makes an updated notification with the record's version one higher,
// and the subscription expires and is removed after its lifetime: well under a second of real
// time.
func TestWebhookLoop(t *testing.T) {
	t.Parallel()
	start := time.Now()
	srv, clock := startTimeline(t)
	wh := newWebhook(t)
	sub := subscribe(t, srv, "", subscriptionBody(wh.URL+"/calls?team=a", "created,updated", "2026-11-28T13:00:00Z", ""))
	record := "/v1.0/communications/callRecords/" + laterRecord
	if r := get(t, srv, record, nil); r.status != http.StatusNotFound {
		t.Fatalf("before it is generated: %d", r.status)
	}

	clock.Advance(25 * time.Minute)
	delivered(t, srv.Namespace, 2)
	got := wh.notifications(t)
	if len(got) != 2 || got[0].ChangeType != "created" && got[1].ChangeType != "created" {
		t.Fatalf("notifications %+v", got)
	}
	n := got[0]
	if n.SubscriptionID != sub.ID || n.ClientState != "secretClientValue" || n.Resource != "communications/callRecords/"+laterRecord ||
		n.ResourceData.Type != "#Microsoft.Graph.callRecord" || n.ResourceData.ID != n.Resource || n.ResourceData.Key != laterRecord ||
		len(n.TenantID) != 36 || n.SubscriptionExpirationDateTime != "2026-11-28T13:00:00.000+00:00" {
		t.Fatalf("notification %+v", n)
	}
	// The webhook fetches what it was told about, as a consumer does.
	fetched := get(t, srv, "/v1.0/"+n.Resource+"?$expand=sessions($expand=segments)", nil)
	var rec struct{ Version int }
	if fetched.status != http.StatusOK || json.Unmarshal(fetched.body, &rec) != nil || rec.Version != 1 {
		t.Fatalf("fetch: %d %s", fetched.status, fetched.body)
	}

	w := send(t, srv, http.MethodPost, record+"/sessions/s1/segments",
		`{"startDateTime":"2026-11-28T11:41:00Z","endDateTime":"2026-11-28T11:42:00Z"}`, nil)
	if w.status != http.StatusCreated {
		t.Fatalf("segment write: %d %s", w.status, w.body)
	}
	delivered(t, srv.Namespace, 3)
	if last := wh.notifications(t)[2]; last.ChangeType != "updated" || last.Resource != "communications/callRecords/"+laterRecord {
		t.Fatalf("after the write: %+v", last)
	}
	if json.Unmarshal(get(t, srv, record, nil).body, &rec) != nil || rec.Version != 2 {
		t.Fatalf("version after the write: %d", rec.Version)
	}

	clock.Advance(35 * time.Minute) // 13:00: the subscription's lifetime is over
	if r := get(t, srv, "/v1.0/subscriptions/"+sub.ID, nil); r.status != http.StatusNotFound {
		t.Fatalf("after expiry: %d %s", r.status, r.body)
	}
	send(t, srv, http.MethodPost, record+"/sessions/s1/segments", `{"startDateTime":"2026-11-28T11:43:00Z","endDateTime":"2026-11-28T11:44:00Z"}`, nil)
	time.Sleep(20 * time.Millisecond) // a delivery would be under way by now
	if n := len(wh.notifications(t)); n != 3 {
		t.Fatalf("%d notifications after expiry", n)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Fatalf("the loop took %s of real time", elapsed)
	}
}

// TestWebhookRetriesGiveUp: an endpoint that keeps failing is retried with exponential backoff
// on the server's clock, and given up 4 hours after the first attempt.
func TestWebhookRetriesGiveUp(t *testing.T) {
	t.Parallel()
	srv, clock := startTimeline(t)
	wh := newWebhook(t)
	wh.setAnswer(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	sub := subscribe(t, srv, "", subscriptionBody(wh.URL, "created", "2026-11-30T12:00:00Z", ""))
	clock.Advance(25 * time.Minute)
	waitUntil(t, "the first attempts", func() bool { return len(srv.Notifications(mockserver.NotificationFilter{Kind: "notification"})) >= 1 })
	clock.Advance(5 * time.Hour)
	var log []mockserver.Notification
	waitUntil(t, "the give-up", func() bool {
		log = srv.Notifications(mockserver.NotificationFilter{Subscription: sub.ID, Kind: "notification"})
		return len(log) > 0 && log[len(log)-1].Outcome == "gaveUp"
	})
	first := log[0].Time
	var at []string
	for _, a := range log {
		at = append(at, a.Time.Sub(first).String())
		if a.Status != http.StatusServiceUnavailable || a.Outcome != "retrying" && a.Outcome != "gaveUp" {
			t.Fatalf("attempt %+v", a)
		}
	}
	if got := strings.Join(at, " "); got != "0s 1m0s 3m0s 7m0s 15m0s 31m0s 1h3m0s 2h7m0s" {
		t.Fatalf("attempts at %s", got)
	}
	if len(wh.notifications(t)) != 8 {
		t.Fatalf("the webhook saw %d attempts", len(wh.notifications(t)))
	}
}

// TestWebhookSlowAndDrop: Graph's rule for late endpoints, on by default: after a late answer
// new notifications wait 10 minutes; after retries that time out they are dropped. Off, nothing
// is held back.
func TestWebhookSlowAndDrop(t *testing.T) {
	t.Parallel()
	fast := mockserver.Sidecar{WebhookTimeout: 150 * time.Millisecond, WebhookRetryTimeout: 300 * time.Millisecond}
	srv, clock := startTimeline(t, mockserver.WithSidecar(fast))
	wh := newWebhook(t)
	stall := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}
	wh.setAnswer(stall)
	// Bob's record only: Carol's, which appears at 12:15, is not this subscription's.
	subscribe(t, srv, "", strings.Replace(subscriptionBody(wh.URL, "updated", "2026-11-30T12:00:00Z", ""), `"/communications/callRecords"`,
		`"/communications/callRecords?$filter=participants/any(p:p/id eq '`+bob+`')"`, 1))
	record := "/v1.0/communications/callRecords/" + availableRecord + "/sessions/s1/segments"
	write := func(minute string) {
		t.Helper()
		if r := send(t, srv, http.MethodPost, record, `{"startDateTime":"2026-11-28T10:`+minute+`:00Z","endDateTime":"2026-11-28T10:`+minute+`:30Z"}`, nil); r.status != http.StatusCreated {
			t.Fatalf("write: %d %s", r.status, r.body)
		}
	}
	write("31") // the answer times out: the endpoint is marked slow
	waitUntil(t, "the late answer", func() bool { return len(srv.Notifications(mockserver.NotificationFilter{Outcome: "retrying"})) == 1 }, srv.Namespace)
	wh.setAnswer(nil)
	write("32")
	var held []mockserver.Notification
	waitUntil(t, "the delayed notification", func() bool {
		held = srv.Notifications(mockserver.NotificationFilter{Outcome: "delayed"})
		return len(held) == 1
	}, srv.Namespace)
	if !held[0].NextAttempt.Equal(clock.Now().Add(10 * time.Minute)) {
		t.Fatalf("delayed until %v", held[0].NextAttempt)
	}
	clock.Advance(10 * time.Minute)
	delivered(t, srv.Namespace, 2) // the retry and the delayed one

	wh.setAnswer(stall)
	clock.Advance(20 * time.Minute) // a new window
	write("33")
	waitUntil(t, "a late answer", func() bool { return len(srv.Notifications(mockserver.NotificationFilter{Outcome: "retrying"})) == 2 }, srv.Namespace)
	clock.Advance(time.Minute) // its retry times out too: the endpoint is marked drop
	waitUntil(t, "the retry", func() bool { return len(srv.Notifications(mockserver.NotificationFilter{Outcome: "retrying"})) == 3 }, srv.Namespace)
	write("34")
	waitUntil(t, "the drop", func() bool { return len(srv.Notifications(mockserver.NotificationFilter{Outcome: "dropped"})) == 1 }, srv.Namespace)

	off, _ := startTimeline(t, mockserver.WithSidecar(mockserver.Sidecar{WebhookTimeout: 30 * time.Millisecond, WebhookThrottleOff: true}))
	subscribe(t, off, "", subscriptionBody(wh.URL, "updated", "2026-11-30T12:00:00Z", ""))
	for _, m := range []string{"31", "32"} {
		send(t, off, http.MethodPost, record, `{"startDateTime":"2026-11-28T10:`+m+`:00Z","endDateTime":"2026-11-28T10:`+m+`:30Z"}`, nil)
	}
	waitUntil(t, "two attempts", func() bool { return len(off.Notifications(mockserver.NotificationFilter{Outcome: "retrying"})) == 2 }, off.Namespace)
	if n := len(off.Notifications(mockserver.NotificationFilter{Outcome: "delayed"})); n != 0 {
		t.Fatalf("with the rule off, %d held back", n)
	}
}

// TestWebhookFiltersAndNamespaces: a participants filter sees only records one of whose
// participants it names, and a namespace's subscriptions hear only its own records.
func TestWebhookFiltersAndNamespaces(t *testing.T) {
	t.Parallel()
	srv, clock := startTimeline(t)
	wh := newWebhook(t)
	filtered := func(ids string) string {
		return strings.Replace(subscriptionBody(wh.URL, "created", "2026-11-30T12:00:00Z", ""), `"/communications/callRecords"`,
			`"/communications/callRecords?$filter=participants/any(p:p/id in (`+ids+`))"`, 1)
	}
	carols := subscribe(t, srv, "", filtered(`'`+carol+`'`))
	bobs := subscribe(t, srv, "", filtered(`'nobody','`+bob+`'`))
	other := subscribe(t, srv, "/_ns/other", subscriptionBody(wh.URL, "created", "2026-11-30T12:00:00Z", ""))
	clock.Advance(25 * time.Minute) // Carol's record appears in the default namespace only
	delivered(t, srv.Namespace, 1)
	// Bob's record was there before: a write under it is its first change Bob's subscription sees.
	send(t, srv, http.MethodPost, "/v1.0/communications/callRecords/"+availableRecord+"/sessions/s1/segments",
		`{"startDateTime":"2026-11-28T10:31:00Z","endDateTime":"2026-11-28T10:32:00Z"}`, nil)
	delivered(t, srv.Namespace, 2)
	time.Sleep(20 * time.Millisecond)
	byID := map[string]string{}
	for _, n := range wh.notifications(t) {
		byID[n.SubscriptionID] += n.Resource + " "
	}
	if byID[carols.ID] != "communications/callRecords/"+laterRecord+" " || byID[bobs.ID] != "communications/callRecords/"+availableRecord+" " || byID[other.ID] != "" {
		t.Fatalf("notified %v", byID)
	}
	ns, err := srv.NamespaceNamed("other")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ns.Notifications(mockserver.NotificationFilter{Kind: "notification"})); n != 0 {
		t.Fatalf("namespace other delivered %d", n)
	}
}

// TestWebhookLifecycle: reauthorizationRequired goes to the lifecycle URL every 15 minutes in a
// subscription's last hour, until it is reauthorized; an expired subscription is removed.
func TestWebhookLifecycle(t *testing.T) {
	t.Parallel()
	srv, clock := startTimeline(t)
	wh, life := newWebhook(t), newWebhook(t)
	sub := subscribe(t, srv, "", subscriptionBody(wh.URL, "updated", "2026-11-28T14:00:00Z", `,"lifecycleNotificationUrl":"`+life.URL+`"`))
	clock.Advance(75 * time.Minute) // 13:15: the notices at 13:00 and 13:15
	waitUntil(t, "two lifecycle notifications", func() bool {
		return len(srv.Notifications(mockserver.NotificationFilter{Kind: "lifecycle", Outcome: "delivered"})) == 2
	})
	got := life.notifications(t)
	if len(got) != 2 || got[0].LifecycleEvent != "reauthorizationRequired" || got[0].SubscriptionID != sub.ID || got[0].Resource != "" {
		t.Fatalf("lifecycle notifications %+v", got)
	}
	if r := send(t, srv, http.MethodPost, "/v1.0/subscriptions/"+sub.ID+"/reauthorize", "", nil); r.status != http.StatusNoContent {
		t.Fatalf("reauthorize: %d", r.status)
	}
	clock.Advance(44 * time.Minute)
	time.Sleep(20 * time.Millisecond)
	if n := len(life.notifications(t)); n != 2 || len(decodeCollection(t, get(t, srv, "/v1.0/subscriptions", nil)).Value) != 1 {
		t.Fatalf("after reauthorize: %d lifecycle notifications", n)
	}
	clock.Advance(time.Minute)
	if n := len(decodeCollection(t, get(t, srv, "/v1.0/subscriptions", nil)).Value); n != 0 {
		t.Fatalf("%d subscriptions after expiry", n)
	}
}
