// Package clock is graphmock's server time: a Clock a test steers (Advance, Set, Freeze) that
// follows real time (or the WithClock source) by default, and a scheduler on that time
// (AfterFunc), so record availability, subscription expiry, notification retries, rate-limit
// windows and fault delays all move when the test moves time, and a test can pass four hours in a
// millisecond. A Group owns the goroutines of one server's clocks, so closing the server leaves
// none behind. It uses the standard library only and knows nothing of HTTP or records.
package clock

import (
	"sync"
	"sync/atomic"
)

// Group owns the background goroutines of one server: every Clock's timer goroutine, and any
// other worker a domain starts through Go (notification delivery, for instance). Close stops
// them all and waits for them, so a closed server leaves no goroutine behind. It is safe for
// concurrent use.
type Group struct {
	// mu guards closed; wg.Add happens under it, so no goroutine starts after Close began to wait.
	mu     sync.Mutex
	closed bool
	done   chan struct{}
	wg     sync.WaitGroup
	live   atomic.Int64
}

// NewGroup returns an open group.
func NewGroup() *Group { return &Group{done: make(chan struct{})} }

// Go runs f in a new goroutine that Close waits for, and reports true; once the group is closed
// it runs nothing and reports false. f must return soon after Done is closed.
func (g *Group) Go(f func()) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.wg.Add(1)
	g.live.Add(1)
	go func() {
		defer g.wg.Done()
		defer g.live.Add(-1)
		f()
	}()
	return true
}

// Done is closed when Close is called: the signal a goroutine started by Go stops on.
func (g *Group) Done() <-chan struct{} { return g.done }

// Closed reports whether Close was called.
func (g *Group) Closed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closed
}

// Live is how many goroutines started by Go have not returned: what a test checks to see that
// an idle or closed server keeps none.
func (g *Group) Live() int { return int(g.live.Load()) }

// Close closes Done and waits until every goroutine started by Go has returned. Calling it again
// waits again and changes nothing else.
func (g *Group) Close() {
	g.mu.Lock()
	if !g.closed {
		g.closed = true
		close(g.done)
	}
	g.mu.Unlock()
	g.wg.Wait()
}
