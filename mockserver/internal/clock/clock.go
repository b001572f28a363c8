package clock

import (
	"sync"
	"sync/atomic"
	"time"
)

// Clock is one timeline of server time. It reads its source (the wall clock, or the function a
// test gave WithClock) shifted by an offset that Advance and Set change, or a fixed time while
// frozen. Its scheduler (AfterFunc) runs callbacks when the clock reaches their time: as real
// time passes, from one timer goroutine started only while something is scheduled, or at once,
// in order of their times, when Advance or Set jumps past them. It is safe for concurrent use.
//
// Callbacks run one at a time (never two at once, in order of their times) and must not block:
// they may read the clock and schedule, but must not call Advance, Set, Freeze or Restart, which
// wait for running callbacks, nor wait for anything that holds a lock while it does (mockserver
// restarts a namespace's clock under the namespace's lock when it loads or resets): hand work
// to a goroutine of the Group instead.
type Clock struct {
	source func() time.Time
	wall   bool // source is the wall clock, so a timer can sleep exactly until its time
	group  *Group
	state  atomic.Pointer[reading] // what Now reads without a lock

	// fire is held while callbacks run, so they run one at a time and a jump (Advance, Set) that
	// returns has seen every callback it made due finish. Lock order: fire, then mu.
	fire sync.Mutex
	// mu guards timers, seq and running, and serializes changes to state.
	mu      sync.Mutex
	timers  timerHeap
	seq     uint64
	running bool          // a timer goroutine is live
	closed  bool          // Close was called: nothing more is scheduled
	wake    chan struct{} // tells the timer goroutine that the earliest timer or the state changed
}

// reading is a clock's state: an offset from its source, or a frozen time.
type reading struct {
	offset time.Duration
	frozen bool
	at     time.Time // the time while frozen
}

// New returns a clock reading source (nil: the wall clock) whose timer goroutine belongs to g.
func New(source func() time.Time, g *Group) *Clock {
	c := &Clock{source: source, group: g, wake: make(chan struct{}, 1)}
	if source == nil {
		c.source, c.wall = time.Now, true
	}
	c.state.Store(&reading{})
	return c
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	st := c.state.Load()
	if st.frozen {
		return st.at
	}
	return c.source().Round(0).Add(st.offset)
}

// At is Now for a caller that has just read the wall clock (wall): on a clock that follows the
// wall clock it costs no second reading, which matters on every request.
func (c *Clock) At(wall time.Time) time.Time {
	st := c.state.Load()
	switch {
	case st.frozen:
		return st.at
	case c.wall:
		return wall.Round(0).Add(st.offset)
	}
	return c.source().Round(0).Add(st.offset)
}

// Source is what the clock's source reads, without the steering: real time (or the WithClock
// function's time), for what lives on real time whatever a test does to the mock's timeline,
// such as the lifetime of an access token a real issuer minted.
func (c *Clock) Source() time.Time { return c.source() }

// Frozen reports whether the clock is frozen.
func (c *Clock) Frozen() bool { return c.state.Load().frozen }

// Advance moves the clock d forward, running every callback whose time it passes, in order of
// their times, with the clock reading each one's time while it runs; it returns once they ran.
// A negative d moves the clock back, and runs nothing.
func (c *Clock) Advance(d time.Duration) {
	c.jump(func(st *reading, now time.Time) (time.Time, *reading) {
		if st.frozen {
			return now.Add(d), &reading{frozen: true, at: st.at.Add(d)}
		}
		return now.Add(d), &reading{offset: st.offset + d} // exactly d, however long callbacks took
	})
}

// Set moves the clock to t, forward or back, running the callbacks it passes as Advance does.
// A frozen clock stays frozen, at t.
func (c *Clock) Set(t time.Time) {
	t = t.Round(0)
	c.jump(func(*reading, time.Time) (time.Time, *reading) { return t, nil })
}

// Restart thaws the clock and sets it to start (zero: where its source is, as a new clock reads),
// running the callbacks a forward jump passes: the clock of a namespace that is loaded or reset.
func (c *Clock) Restart(start time.Time) {
	c.Freeze(false)
	if start.IsZero() {
		c.jump(func(*reading, time.Time) (time.Time, *reading) { return c.source().Round(0), &reading{} })
		return
	}
	c.Set(start)
}

// Freeze stops the clock where it is (on) or lets it run on from where it stopped (off):
// callbacks then wait for an Advance or a Set (a callback already due still runs). Freezing a
// frozen clock, or thawing a running one, changes nothing.
func (c *Clock) Freeze(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.state.Load()
	switch {
	case on && !st.frozen:
		c.state.Store(&reading{frozen: true, at: c.nowLocked()})
	case !on && st.frozen:
		c.state.Store(&reading{offset: st.at.Sub(c.source().Round(0))})
	default:
		return
	}
	c.changedLocked()
}

// nowLocked is Now; callers hold mu, so the state cannot change under them.
func (c *Clock) nowLocked() time.Time { return c.Now() }

// setLocked makes the clock read t now, frozen or not; callers hold mu.
func (c *Clock) setLocked(t time.Time) {
	if st := c.state.Load(); st.frozen {
		c.state.Store(&reading{frozen: true, at: t})
		return
	}
	c.state.Store(&reading{offset: t.Sub(c.source().Round(0))})
}

// jump moves the clock to the time target gives for its state and time now, stepping through
// the timers it passes: for each, in order, the clock is set to its time and its callback runs.
// Then the clock takes the reading target gave (nil: it reads the target time), unless a Freeze
// meanwhile made that reading stale. Backward jumps run nothing. A closed group's clock still
// moves but runs nothing.
func (c *Clock) jump(target func(st *reading, now time.Time) (time.Time, *reading)) {
	c.fire.Lock()
	defer c.fire.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.nowLocked()
	to, final := target(c.state.Load(), now)
	for len(c.timers) > 0 && !c.group.Closed() {
		t := c.timers.earliest()
		if t.at.After(to) {
			break
		}
		if t.at.After(now) {
			c.setLocked(t.at)
			now = t.at
		}
		c.timers.pop()
		c.mu.Unlock()
		t.f()
		c.mu.Lock()
	}
	if final != nil && final.frozen == c.state.Load().frozen {
		c.state.Store(final)
	} else {
		c.setLocked(to)
	}
	c.changedLocked()
}

// AfterFunc schedules f to run when the clock reaches at (at once, from the timer goroutine, when
// it already has). stop cancels it and reports whether it did (false: f ran or is running, or
// it was stopped before). On a closed group's clock nothing is scheduled and stop reports false.
func (c *Clock) AfterFunc(at time.Time, f func()) (stop func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.group.Closed() {
		return func() bool { return false }
	}
	c.seq++
	t := &timer{at: at.Round(0), seq: c.seq, f: f, index: -1}
	c.timers.push(t)
	if t.index == 0 {
		c.changedLocked()
	}
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if t.index < 0 {
			return false
		}
		c.timers.remove(t.index)
		return true
	}
}

// Close drops every scheduled callback and schedules nothing more, so the clock's timer
// goroutine ends: what dropping a namespace does. The clock still reads and moves.
func (c *Clock) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for len(c.timers) > 0 {
		c.timers.pop()
	}
	c.changedLocked()
}

// Pending is how many callbacks are scheduled and have not run.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// changedLocked tells the timer goroutine that the earliest timer or the state changed, starting
// it when something is scheduled and none runs; callers hold mu.
func (c *Clock) changedLocked() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
	if c.running || len(c.timers) == 0 {
		return
	}
	c.running = c.group.Go(c.loop)
}
