package notify

import (
	"context"
	"sync"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
	"github.com/graphmock/graphmock/mockserver/internal/timeline"
)

// Hub is one namespace's change notifications: its subscriptions, the timers that renew their
// standing on the server's clock (lifecycle notifications, expiry, retries), its endpoints'
// standing under the slow and drop rule, and its delivery log. It is safe for concurrent use.
type Hub struct {
	n         *Notifier
	clock     Clock
	namespace string
	table     *subscriptions.Table
	log       deliveryLog
	// mu guards timers, nextTimer, endpoints, deleted, generation and closed. It is never held
	// while the clock or the table is called, so a timer that runs at once cannot deadlock.
	mu        sync.Mutex
	timers    map[uint64]timer
	nextTimer uint64
	endpoints map[string]*endpoint
	// deleted holds the ids of subscriptions deleted through the API: attempts queued for them
	// are cancelled. (An expired subscription's attempts that came due before it expired still go
	// out: a clock advanced far at once runs the expiry before the workers catch up.)
	deleted map[string]bool
	// generation counts resets: attempts queued before one are dropped.
	generation uint64
	closed     bool
}

// maxDeleted bounds Hub.deleted; past it the set starts over (an attempt queued for a long
// deleted subscription may then still go out).
const maxDeleted = 10000

// timerKind says what a timer is for, so a renewal can replace some of a subscription's timers
// and keep the others.
type timerKind int

const (
	timerExpiry timerKind = iota
	timerLifecycle
	timerDelivery // a retry or a delayed notification
)

// timer is a scheduled run on the clock, for one subscription.
type timer struct {
	sub  string
	kind timerKind
	stop func() bool
}

// NewHub returns the hub of the namespace named namespace ("" for the default), on the
// namespace's clock, empty; it hears the record events of the namespace's timeline (nil: none).
func (n *Notifier) NewHub(namespace string, clock Clock, records *timeline.Timeline) *Hub {
	h := &Hub{n: n, clock: clock, namespace: namespace, table: subscriptions.NewTable(), log: deliveryLog{size: n.cfg.LogSize},
		timers: map[uint64]timer{}, endpoints: map[string]*endpoint{}, deleted: map[string]bool{}}
	n.mu.Lock()
	if n.closed {
		h.closed = true
	} else {
		n.hubs[h] = true
	}
	n.mu.Unlock()
	if records != nil {
		records.Subscribe(func(e timeline.Event) { h.RecordChanged(e.RecordID, e.Participants) })
	}
	return h
}

// Close drops everything the hub has scheduled and refuses later work: its namespace is gone
// (or the server is closing). Subscriptions and the log stay readable.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.cancel(func(timer) bool { return true })
	h.n.mu.Lock()
	delete(h.n.hubs, h)
	h.n.mu.Unlock()
}

// Reset drops every subscription, everything scheduled for them and the log: the namespace's
// state goes back to its scenario, which has no subscriptions.
func (h *Hub) Reset() {
	h.table.Clear()
	h.cancel(func(timer) bool { return true })
	h.mu.Lock()
	h.endpoints, h.deleted = map[string]*endpoint{}, map[string]bool{}
	h.generation++
	h.mu.Unlock()
	h.log.clear()
}

// Attempts lists the delivery log's entries that pass the filter (all, without one), oldest
// first.
func (h *Hub) Attempts(filter ...Filter) []Attempt {
	var f Filter
	if len(filter) > 0 {
		f = filter[0]
	}
	return h.log.list(f)
}

// ClearAttempts empties the delivery log.
func (h *Hub) ClearAttempts() { h.log.clear() }

// record adds an attempt to the log, with the namespace's name.
func (h *Hub) record(a Attempt) {
	a.Namespace = h.namespace
	h.log.add(a)
}

// isClosed reports whether the hub refuses work.
func (h *Hub) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

// schedule runs f when the clock reaches at, unless the subscription's timers of that kind are
// cancelled first (or the hub closes). f runs on the clock's goroutine and must not block.
func (h *Hub) schedule(sub string, kind timerKind, at time.Time, f func()) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.nextTimer++
	key := h.nextTimer
	h.timers[key] = timer{sub: sub, kind: kind}
	h.mu.Unlock()
	stop := h.clock.AfterFunc(at, func() {
		h.mu.Lock()
		_, live := h.timers[key]
		delete(h.timers, key)
		h.mu.Unlock()
		if live {
			f()
		}
	})
	h.mu.Lock()
	if t, ok := h.timers[key]; ok { // it has not run yet: keep its stop for cancel
		t.stop = stop
		h.timers[key] = t
	}
	h.mu.Unlock()
}

// cancel drops the timers drop selects; their functions will not run.
func (h *Hub) cancel(drop func(timer) bool) {
	var stops []func() bool
	h.mu.Lock()
	for key, t := range h.timers {
		if drop(t) {
			delete(h.timers, key)
			if t.stop != nil {
				stops = append(stops, t.stop)
			}
		}
	}
	h.mu.Unlock()
	for _, stop := range stops {
		stop()
	}
}

// cancelSub drops a subscription's timers of the given kinds.
func (h *Hub) cancelSub(id string, kinds ...timerKind) {
	h.cancel(func(t timer) bool {
		if t.sub != id {
			return false
		}
		for _, k := range kinds {
			if t.kind == k {
				return true
			}
		}
		return false
	})
}

// now is the server's time.
func (h *Hub) now() time.Time { return h.clock.Now() }

// plan schedules a subscription's expiry and, when it has a lifecycle URL, its
// reauthorizationRequired notifications (every 15 minutes in its last hour, from now on),
// replacing those scheduled before.
func (h *Hub) plan(sub subscriptions.Subscription, now time.Time) {
	h.cancelSub(sub.ID, timerExpiry, timerLifecycle)
	h.schedule(sub.ID, timerExpiry, sub.Expiration, func() { h.expire(sub.Expiration) })
	if sub.LifecycleURL == "" {
		return
	}
	for _, lead := range reauthorizationLeads() {
		at := sub.Expiration.Add(-lead)
		if !at.After(now) {
			continue
		}
		h.schedule(sub.ID, timerLifecycle, at, func() { h.lifecycle(sub.ID, sub.Expiration, at) })
	}
}

// expire removes the subscriptions that have expired by at (or the clock's time, if later), and
// drops what was scheduled for them.
func (h *Hub) expire(at time.Time) {
	if now := h.now(); now.After(at) {
		at = now
	}
	for _, gone := range h.table.Expire(at) {
		h.cancelSub(gone.ID, timerExpiry, timerLifecycle, timerDelivery)
	}
}

// lifecycle sends reauthorizationRequired for a subscription that still expires at expires.
func (h *Hub) lifecycle(id string, expires, at time.Time) {
	sub, err := h.table.Get(id, at)
	if err != nil || !sub.Expiration.Equal(expires) {
		return
	}
	const event = "reauthorizationRequired"
	h.send(h.newJob(sub, KindLifecycle, event, "", sub.LifecycleURL, lifecyclePayload(sub, event), at))
}

// RecordChanged sends the notifications a change to call record recordID makes (its first
// availability, or any change under it); participants are the ids of the record's people, for
// filtered subscriptions (subscriptions.Table.Route says which it concerns). It queues them and
// returns at once: the store calls it under its write lock.
func (h *Hub) RecordChanged(recordID string, participants []string) {
	if h.isClosed() {
		return
	}
	now := h.now()
	for _, n := range h.table.Route(recordID, now, participants) {
		h.send(h.newJob(n.Sub, KindNotification, n.Change.String(), ResourcePath(recordID), n.Sub.NotificationURL, notificationPayload(n), now))
	}
}

// newJob is the first attempt of a notification to sub, due at.
func (h *Hub) newJob(sub subscriptions.Subscription, kind Kind, change, resource, url string, payload []byte, at time.Time) *job {
	h.mu.Lock()
	gen := h.generation
	h.mu.Unlock()
	return &job{hub: h, sub: sub.ID, kind: kind, change: change, resource: resource, url: url, payload: payload,
		attempt: 1, first: at, due: at, expires: sub.Expiration, generation: gen}
}

// outcomeFor says whether an attempt may go out: ok, or why not (a reset since it was queued
// drops it without a word: the log was cleared too).
func (h *Hub) outcomeFor(j *job) (ok, silent bool) {
	h.mu.Lock()
	stale, deleted := j.generation != h.generation, h.deleted[j.sub]
	h.mu.Unlock()
	switch {
	case stale:
		return false, true
	case deleted:
		return false, false
	}
	if _, err := h.table.Get(j.sub, j.due); err == nil {
		return true, false
	}
	return j.due.Before(j.expires), false
}

// validate runs the handshake with one endpoint and logs it for subscription id.
func (h *Hub) validate(ctx context.Context, id, rawURL string) error {
	a, err := h.n.handshake(ctx, rawURL)
	a.Time, a.Subscription = h.now(), id
	h.record(a)
	return err
}
