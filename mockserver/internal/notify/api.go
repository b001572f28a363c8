package notify

import (
	"context"

	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
)

// The /subscriptions API of one namespace. Each method judges the request at the server's time;
// errors are subscriptions' domain errors, *model.InvalidError for a body that breaks the schema,
// and *ValidationError or *TimeoutError for an endpoint that fails the handshake.

// Create makes a subscription from a create body (check judges it against the schema; nil when
// the server does not validate bodies), owned by owner. Graph's order: the body's rules, the
// duplicate and the limit, then the handshake with notificationUrl and (when given)
// lifecycleNotificationUrl. A failed handshake makes nothing. ctx is the request's: a client
// that gives up aborts the handshake.
func (h *Hub) Create(ctx context.Context, raw []byte, owner subscriptions.Owner, check subscriptions.Checker) (subscriptions.Subscription, error) {
	now := h.now()
	spec, err := subscriptions.ParseCreate(raw, now, check, h.n.cfg.URLs)
	if err != nil {
		return subscriptions.Subscription{}, err
	}
	if err := h.table.Check(spec, now); err != nil {
		return subscriptions.Subscription{}, err
	}
	id := h.n.newID()
	for _, u := range []string{spec.NotificationURL, spec.LifecycleURL} {
		if u == "" {
			continue
		}
		if err := h.validate(ctx, id, u); err != nil {
			return subscriptions.Subscription{}, err
		}
	}
	sub, err := h.table.Add(id, spec, owner, now)
	if err != nil {
		return subscriptions.Subscription{}, err
	}
	h.plan(sub, h.now())
	return sub, nil
}

// Get returns a live subscription.
func (h *Hub) Get(id string) (subscriptions.Subscription, error) { return h.table.Get(id, h.now()) }

// List returns the live subscriptions, in the order they were made.
func (h *Hub) List() []subscriptions.Subscription { return h.table.List(h.now()) }

// Update applies an update body: a new expiration (a renewal, which also reauthorizes) and a
// new notificationUrl, which is validated by the handshake first, as on create.
func (h *Hub) Update(ctx context.Context, id string, raw []byte) (subscriptions.Subscription, error) {
	now := h.now()
	p, err := subscriptions.ParsePatch(raw, now, h.n.cfg.URLs)
	if err != nil {
		return subscriptions.Subscription{}, err
	}
	cur, err := h.table.Get(id, now)
	if err != nil {
		return subscriptions.Subscription{}, err
	}
	if p.NotificationURL != nil && *p.NotificationURL != cur.NotificationURL {
		if err := h.validate(ctx, id, *p.NotificationURL); err != nil {
			return subscriptions.Subscription{}, err
		}
	}
	sub, err := h.table.Update(id, p, now)
	if err != nil {
		return subscriptions.Subscription{}, err
	}
	if p.Expiration != nil {
		h.plan(sub, h.now())
	}
	return sub, nil
}

// Reauthorize answers a subscription's reauthorizationRequired notifications: the ones still
// due before its current expiration are not sent.
func (h *Hub) Reauthorize(id string) error {
	if _, err := h.table.Reauthorize(id, h.now()); err != nil {
		return err
	}
	h.cancelSub(id, timerLifecycle)
	return nil
}

// Delete removes a subscription and drops its pending retries and lifecycle notifications.
func (h *Hub) Delete(id string) error {
	if err := h.table.Delete(id, h.now()); err != nil {
		return err
	}
	h.mu.Lock()
	if len(h.deleted) >= maxDeleted {
		h.deleted = map[string]bool{}
	}
	h.deleted[id] = true
	h.mu.Unlock()
	h.cancelSub(id, timerExpiry, timerLifecycle, timerDelivery)
	return nil
}
