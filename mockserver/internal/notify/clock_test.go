package notify

import (
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/stamp"
)

// fakeClock is a clock that moves only when told: Advance runs the functions that come due in
// time order, each with the clock at its time; a function scheduled for a time already reached
// runs at once.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers map[int]*fakeTimer
	next   int
}

type fakeTimer struct {
	at time.Time
	f  func()
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), timers: map[int]*fakeTimer{}}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(at time.Time, f func()) func() bool {
	c.mu.Lock()
	if !at.After(c.now) {
		c.mu.Unlock()
		f()
		return func() bool { return false }
	}
	c.next++
	key := c.next
	c.timers[key] = &fakeTimer{at: at, f: f}
	c.mu.Unlock()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		_, ok := c.timers[key]
		delete(c.timers, key)
		return ok
	}
}

// Advance moves the clock by d, running what comes due on the way.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		keys := make([]int, 0, len(c.timers))
		for k, t := range c.timers {
			if !t.at.After(end) {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			c.now = end
			c.mu.Unlock()
			return
		}
		sort.Slice(keys, func(i, j int) bool {
			a, b := c.timers[keys[i]], c.timers[keys[j]]
			return a.at.Before(b.at) || a.at.Equal(b.at) && keys[i] < keys[j]
		})
		t := c.timers[keys[0]]
		delete(c.timers, keys[0])
		c.now = t.at
		c.mu.Unlock()
		t.f()
	}
}

// pending is how many functions wait.
func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// newTestNotifier is a Notifier on a fake clock with short real-time timeouts, closed when the
// test ends.
func newTestNotifier(t *testing.T, cfg Config) (*Notifier, *fakeClock) {
	t.Helper()
	c := newFakeClock()
	if cfg.ValidationTimeout == 0 {
		cfg.ValidationTimeout = 2 * time.Second
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Second
	}
	n := New(cfg, stamp.NewIDs().Next, nil)
	t.Cleanup(n.Close)
	return n, c
}

// waitFor polls cond every millisecond for up to 5 seconds of real time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// idle waits until no worker runs and nothing is queued.
func idle(t *testing.T, n *Notifier) {
	t.Helper()
	waitFor(t, "the notifier to be idle", func() bool { w, q := n.Busy(); return w == 0 && q == 0 })
}
