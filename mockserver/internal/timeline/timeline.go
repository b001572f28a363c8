// Package timeline keeps one namespace's call records on its clock: it tells listeners when a
// record becomes available (created) and when anything in or under it changes (updated), and it
// schedules the moment the next record becomes available on the namespace's clock, so advancing
// the clock past it publishes the record at once. What is readable when, versions and stamps
// are the store's; this package joins the store to the clock and to whoever listens (change
// notifications). It knows nothing of HTTP.
package timeline

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/clock"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// The kinds of record event.
const (
	Created = string(store.Created)
	Updated = string(store.Updated)
)

// Event is one record event of a namespace: the record became available (Kind Created) or
// changed while available (Updated: a segment created, updated or deleted, or the record replaced
// through the admin API), with its version after the change, the user ids of its organizer and
// participants (for subscriptions filtered on participants/any(p:p/id eq '…')) and the clock's
// time. Participants is shared: listeners must not change it.
type Event struct {
	Namespace    string
	Kind         string
	RecordID     string
	Version      int64
	Participants []string
	At           time.Time
}

// Timeline joins a namespace's store to its clock and to its listeners. It is safe for
// concurrent use.
type Timeline struct {
	name      string
	store     *store.Store
	clock     *clock.Clock
	listeners atomic.Pointer[[]func(Event)]
	// mu serializes publishing (announcing what is due and arming the timer for what is next), so
	// the timer is always armed for the earliest record still waiting. Lock order: mu, then the
	// store's lock, then the clock's.
	mu   sync.Mutex
	stop func() bool // cancels the armed timer; nil when none is armed
}

// New makes the timeline of the namespace called name (its events carry the name), watching s
// on c: s is stamped by c and reports its changes here. Call it before s is shared.
func New(name string, s *store.Store, c *clock.Clock) *Timeline {
	t := &Timeline{name: name, store: s, clock: c}
	t.listeners.Store(&[]func(Event){})
	s.Watch(c.Now, t.emit)
	return t
}

// Subscribe adds a listener of every later event. Listeners are called in the order of the
// changes, one at a time, under the store's write lock, on the goroutine that made the change (a
// request, or the clock's timer): a listener must return at once and must not call the store;
// queue the event and work on it elsewhere. Subscribe before serving: events before it are
// not replayed.
func (t *Timeline) Subscribe(f func(Event)) {
	for {
		old := t.listeners.Load()
		next := append(append(make([]func(Event), 0, len(*old)+1), *old...), f)
		if t.listeners.CompareAndSwap(old, &next) {
			return
		}
	}
}

// emit hands a store change to every listener.
func (t *Timeline) emit(c store.Change) {
	ls := *t.listeners.Load()
	if len(ls) == 0 {
		return
	}
	e := Event{Namespace: t.name, Kind: string(c.Kind), RecordID: c.RecordID, Version: c.Version, Participants: c.Participants, At: c.At}
	for _, f := range ls {
		f(e)
	}
}

// Start announces the records available now (created, for records loaded available at once: it
// is fine if nobody listens yet) and schedules the rest on the clock: what a namespace does after
// its store was loaded or reset. A timer armed for the store's earlier contents is cancelled.
func (t *Timeline) Start() { t.publish() }

// publish announces what is due and arms the timer for the next record that waits.
func (t *Timeline) publish() {
	t.mu.Lock()
	defer t.mu.Unlock()
	next := t.store.Publish()
	if t.stop != nil {
		t.stop()
		t.stop = nil
	}
	if !next.IsZero() {
		t.stop = t.clock.AfterFunc(next, t.publish)
	}
}

// Put adds a call record or replaces the one with its id (store.PutRecord): a change to a record
// available before and after is an updated event; a new record is announced (created) at once
// when it is available, else when the clock reaches its time, which it returns (zero: it is
// available now).
func (t *Timeline) Put(rd store.RecordData) (replaced bool, availableAt time.Time, err error) {
	replaced, availableAt, err = t.store.PutRecord(rd)
	if err != nil {
		return false, time.Time{}, err
	}
	t.publish()
	return replaced, availableAt, nil
}
