package subscriptions

import (
	"sort"
	"sync"
	"time"
)

// Table is one namespace's subscriptions. It is safe for concurrent use; every method that
// takes now treats a subscription whose expiration is at or before now as gone (removing it),
// so a read never shows an expired subscription even before its expiry timer has run.
type Table struct {
	// mu guards subs and seq.
	mu   sync.Mutex
	subs map[string]*entry
	seq  uint64
}

// entry is one stored subscription and the call records it has seen.
type entry struct {
	sub Subscription
	seq uint64 // creation order, for List
	// seen holds the ids of the call records the subscription has notified about: the first
	// change to a record it sees is that record's "created".
	seen map[string]bool
}

// NewTable returns an empty table.
func NewTable() *Table { return &Table{subs: map[string]*entry{}} }

// Check reports whether a subscription with spec could be added now: a *ConflictError when one
// has the same changeType and resource, a *QuotaError when the table is full. Create calls it
// before the validation handshake, so a request that cannot succeed does not make Graph call the
// endpoint; Add checks again.
func (t *Table) Check(spec Spec, now time.Time) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.checkLocked(spec, now, "")
}

// checkLocked is Check, ignoring the subscription self; t.mu is held.
func (t *Table) checkLocked(spec Spec, now time.Time, self string) error {
	t.expireLocked(now)
	for id, e := range t.subs {
		if id != self && e.sub.Changes == spec.Changes && e.sub.Target.Key == spec.Target.Key {
			return &ConflictError{ExistingID: id}
		}
	}
	if self == "" && len(t.subs) >= MaxPerNamespace {
		return &QuotaError{Limit: MaxPerNamespace}
	}
	return nil
}

// Add stores a subscription with spec under id (a new GUID), made by owner at now, unless Check
// now refuses it. It returns the stored copy.
func (t *Table) Add(id string, spec Spec, owner Owner, now time.Time) (Subscription, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.checkLocked(spec, now, ""); err != nil {
		return Subscription{}, err
	}
	t.seq++
	sub := Subscription{Spec: spec, ID: id, ApplicationID: owner.ApplicationID, CreatorID: owner.CreatorID,
		TenantID: owner.TenantID, Created: now.UTC()}
	t.subs[id] = &entry{sub: sub, seq: t.seq, seen: map[string]bool{}}
	return sub.clone(), nil
}

// Get returns a live subscription, or a *NotFoundError.
func (t *Table) Get(id string, now time.Time) (Subscription, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expireLocked(now)
	e, ok := t.subs[id]
	if !ok {
		return Subscription{}, &NotFoundError{ID: id}
	}
	return e.sub.clone(), nil
}

// List returns the live subscriptions in the order they were made.
func (t *Table) List(now time.Time) []Subscription {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expireLocked(now)
	es := make([]*entry, 0, len(t.subs))
	for _, e := range t.subs {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool { return es[i].seq < es[j].seq })
	out := make([]Subscription, len(es))
	for i, e := range es {
		out[i] = e.sub.clone()
	}
	return out
}

// Update applies a patch to a live subscription and returns the result, or a *NotFoundError. A
// new expiration counts as a reauthorization, as a renewal does on Graph.
func (t *Table) Update(id string, p Patch, now time.Time) (Subscription, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expireLocked(now)
	e, ok := t.subs[id]
	if !ok {
		return Subscription{}, &NotFoundError{ID: id}
	}
	if p.Expiration != nil {
		e.sub.Expiration = *p.Expiration
		e.sub.Reauthorized = now.UTC()
	}
	if p.NotificationURL != nil {
		e.sub.NotificationURL = *p.NotificationURL
	}
	return e.sub.clone(), nil
}

// Reauthorize notes that a live subscription was reauthorized at now, or returns a
// *NotFoundError.
func (t *Table) Reauthorize(id string, now time.Time) (Subscription, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expireLocked(now)
	e, ok := t.subs[id]
	if !ok {
		return Subscription{}, &NotFoundError{ID: id}
	}
	e.sub.Reauthorized = now.UTC()
	return e.sub.clone(), nil
}

// Delete removes a live subscription, or returns a *NotFoundError.
func (t *Table) Delete(id string, now time.Time) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expireLocked(now)
	if _, ok := t.subs[id]; !ok {
		return &NotFoundError{ID: id}
	}
	delete(t.subs, id)
	return nil
}

// Expire removes the subscriptions whose expiration is at or before now and returns them (an
// expiry timer calls it; reads expire lazily too).
func (t *Table) Expire(now time.Time) []Subscription {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.expireLocked(now)
}

// expireLocked is Expire; t.mu is held.
func (t *Table) expireLocked(now time.Time) []Subscription {
	var gone []Subscription
	for id, e := range t.subs {
		if !e.sub.Expiration.After(now) {
			gone = append(gone, e.sub.clone())
			delete(t.subs, id)
		}
	}
	return gone
}

// Clear removes every subscription (a namespace's reset) and returns how many there were.
func (t *Table) Clear() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(t.subs)
	t.subs = map[string]*entry{}
	return n
}

// Len is the number of live subscriptions at now.
func (t *Table) Len(now time.Time) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expireLocked(now)
	return len(t.subs)
}
