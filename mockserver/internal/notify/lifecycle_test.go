package notify

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
)

func TestSlowAndDrop(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{Timeout: 150 * time.Millisecond, RetryTimeout: 300 * time.Millisecond})
	rc := newReceiver(t)
	stall := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}
	rc.set(stall)
	h := n.NewHub("", clock, nil)
	if _, err := h.Create(context.Background(), []byte(`{"changeType":"updated","notificationUrl":"`+rc.URL+`/a?x=1","resource":"communications/callRecords","expirationDateTime":"2026-11-30T12:00:00Z"}`),
		subscriptions.Owner{}, nil); err != nil {
		t.Fatal(err)
	}
	h.RecordChanged("r1", nil) // times out: more than 10% of the window's answers are late
	idle(t, n)
	rc.set(nil)
	h.RecordChanged("r2", nil) // held back 10 minutes
	idle(t, n)
	delayed := h.Attempts(Filter{Outcome: Delayed})
	if len(delayed) != 1 || delayed[0].Resource != "communications/callRecords/r2" || !delayed[0].NextAttempt.Equal(clock.Now().Add(10*time.Minute)) {
		t.Fatalf("delayed %+v", delayed)
	}
	clock.Advance(10 * time.Minute) // the retry of r1 (due at 1m) and r2 (at 10m) both go out
	idle(t, n)
	var delivered []string
	for _, a := range h.Attempts(Filter{Outcome: Delivered}) {
		delivered = append(delivered, fmt.Sprintf("%s#%d", a.Resource, a.Attempt))
	}
	sort.Strings(delivered)
	if got := strings.Join(delivered, " "); got != "communications/callRecords/r1#2 communications/callRecords/r2#1" {
		t.Fatalf("delivered %s", got)
	}
	// A retry that takes longer than the retry timeout marks the endpoint drop.
	rc.set(stall)
	clock.Advance(20 * time.Minute) // a fresh window
	h.RecordChanged("r3", nil)
	idle(t, n)
	clock.Advance(time.Minute)
	idle(t, n)
	h.RecordChanged("r4", nil)
	idle(t, n)
	if d := h.Attempts(Filter{Outcome: Dropped}); len(d) != 1 || d[0].Resource != "communications/callRecords/r4" || !strings.Contains(d[0].Error, "drop") {
		t.Fatalf("dropped %+v", h.Attempts(Filter{}))
	}
	// Off, the rule holds nothing back.
	off, offClock := newTestNotifier(t, Config{Timeout: 150 * time.Millisecond, NoThrottle: true})
	h2 := off.NewHub("", offClock, nil)
	if _, err := h2.Create(context.Background(), createBody(rc.URL, ""), subscriptions.Owner{}, nil); err != nil {
		t.Fatal(err)
	}
	h2.RecordChanged("r1", nil)
	h2.RecordChanged("r2", nil)
	idle(t, off)
	for _, a := range h2.Attempts(Filter{Kind: KindNotification}) {
		if a.Outcome != Retrying {
			t.Fatalf("without the rule: %+v", a)
		}
	}
}

func TestLifecycleAndExpiry(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{})
	rc, life := newReceiver(t), newReceiver(t)
	h := n.NewHub("", clock, nil)
	// Expires in 2 hours: reauthorizationRequired at 60, 45, 30 and 15 minutes before.
	sub, err := h.Create(context.Background(), []byte(`{"changeType":"created","notificationUrl":"`+rc.URL+`","lifecycleNotificationUrl":"`+life.URL+
		`","resource":"communications/callRecords","expirationDateTime":"2026-11-28T14:00:00Z","clientState":"cs"}`), subscriptions.Owner{TenantID: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := h.Create(context.Background(), []byte(`{"changeType":"updated","notificationUrl":"`+rc.URL+
		`","resource":"communications/callRecords","expirationDateTime":"2026-11-28T14:00:00Z"}`), subscriptions.Owner{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(75 * time.Minute) // 60 and 45 minutes before
	idle(t, n)
	got := life.notifications()
	if len(got) != 2 || string(got[0]) != `{"value":[{"subscriptionId":"`+sub.ID+`","subscriptionExpirationDateTime":"2026-11-28T14:00:00.0000000Z","tenantId":"t","clientState":"cs","lifecycleEvent":"reauthorizationRequired"}]}` {
		t.Fatalf("lifecycle notifications %q", got)
	}
	if err := h.Reauthorize(sub.ID); err != nil {
		t.Fatal(err)
	}
	clock.Advance(44 * time.Minute) // 1 minute before expiry: no more after reauthorize
	idle(t, n)
	if got := life.notifications(); len(got) != 2 || len(h.List()) != 2 {
		t.Fatalf("after reauthorize: %q, %d subscriptions", got, len(h.List()))
	}
	// A renewal moves the expiry and plans the lifecycle notifications again.
	if _, err := h.Update(context.Background(), sub.ID, []byte(`{"expirationDateTime":"2026-11-28T16:00:00Z"}`)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute) // plain expires
	if _, err := h.Get(plain.ID); err == nil || len(h.List()) != 1 || len(rc.notifications()) != 0 {
		t.Fatalf("the subscription that was not renewed is still there")
	}
	clock.Advance(2 * time.Hour)
	idle(t, n)
	if len(h.List()) != 0 || clock.pending() != 0 {
		t.Fatalf("%d subscriptions, %d timers after every expiry", len(h.List()), clock.pending())
	}
	if got := life.notifications(); len(got) != 6 {
		for _, a := range h.Attempts(Filter{Kind: KindLifecycle}) {
			t.Logf("%v %s %s", a.Time, a.Outcome, a.Error)
		}
		t.Fatalf("lifecycle notifications after the renewal: %d, want 2 + 4", len(got))
	}
}

func TestFilterAndNamespaces(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{})
	rc := newReceiver(t)
	a, b := n.NewHub("a", clock, nil), n.NewHub("b", clock, nil)
	if _, err := a.Create(context.Background(), []byte(`{"changeType":"created","notificationUrl":"`+rc.URL+
		`","resource":"/communications/callRecords?$filter=participants/any(p:p/id eq 'alice')","expirationDateTime":"2026-11-29T12:00:00Z"}`), subscriptions.Owner{}, nil); err != nil {
		t.Fatal(err)
	}
	a.RecordChanged("r-bob", []string{"bob"})
	b.RecordChanged("r-alice", []string{"alice"})
	a.RecordChanged("r-alice", []string{"alice", "bob"})
	idle(t, n)
	got := a.Attempts(Filter{Kind: KindNotification})
	if len(got) != 1 || got[0].Resource != "communications/callRecords/r-alice" || len(b.Attempts(Filter{})) != 0 {
		t.Fatalf("namespace a: %+v; b: %+v", got, b.Attempts(Filter{}))
	}
}

func TestQueueFullAndClose(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{QueueSize: 1, Workers: 1, Timeout: 5 * time.Second})
	rc := newReceiver(t)
	release := make(chan struct{})
	rc.set(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	h := n.NewHub("", clock, nil)
	if _, err := h.Create(context.Background(), []byte(`{"changeType":"created","notificationUrl":"`+rc.URL+
		`","resource":"communications/callRecords","expirationDateTime":"2026-11-29T12:00:00Z"}`), subscriptions.Owner{}, nil); err != nil {
		t.Fatal(err)
	}
	h.RecordChanged("r1", nil) // the endpoint holds it
	waitFor(t, "a worker to hold the first", func() bool { w, q := n.Busy(); return w == 1 && q == 0 })
	h.RecordChanged("r2", nil) // waits in the queue
	h.RecordChanged("r3", nil) // finds the queue full
	if d := h.Attempts(Filter{Outcome: Dropped}); len(d) == 0 || !strings.Contains(d[0].Error, "queue is full") {
		t.Fatalf("dropped %+v", d)
	}
	n.Close() // aborts the exchange the endpoint holds
	close(release)
	if w, q := n.Busy(); w != 0 || q != 0 {
		t.Fatalf("after Close: %d workers, %d queued", w, q)
	}
	if _, err := h.Create(context.Background(), createBody(rc.URL, ""), subscriptions.Owner{}, nil); err == nil {
		t.Fatalf("create after Close: the handshake went out")
	}
	if clock.pending() != 0 {
		t.Fatalf("%d timers left after Close", clock.pending())
	}
}
