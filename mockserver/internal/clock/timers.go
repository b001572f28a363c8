package clock

import (
	"container/heap"
	"time"
)

// timer is one scheduled callback. index is its place in the heap, -1 once it left it (ran or
// was stopped).
type timer struct {
	at    time.Time
	seq   uint64 // ties run in the order they were scheduled
	f     func()
	index int
}

// timerHeap orders timers by time, then by scheduling order.
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

func (h *timerHeap) push(t *timer)   { heap.Push(h, t) }
func (h *timerHeap) pop() *timer     { return heap.Pop(h).(*timer) }
func (h *timerHeap) remove(i int)    { heap.Remove(h, i) }
func (h timerHeap) earliest() *timer { return h[0] }

// minSleep is the shortest wait of a clock whose source is not the wall clock: the goroutine
// cannot know how fast such a source moves, so it looks again after the time left (at least
// this), and a source that stands still costs a wake-up per wait, never a busy loop.
const minSleep = time.Millisecond

// loop is the timer goroutine: it runs callbacks as their times come, and returns when nothing is
// scheduled, the clock is frozen with nothing due, or the group closes. changedLocked starts it
// again when that changes.
func (c *Clock) loop() {
	sleep := time.NewTimer(time.Hour)
	defer sleep.Stop()
	for {
		c.mu.Lock()
		if len(c.timers) == 0 || c.group.Closed() {
			c.running = false
			c.mu.Unlock()
			return
		}
		now, t := c.nowLocked(), c.timers.earliest()
		wait := t.at.Sub(now)
		if wait > 0 && c.Frozen() {
			c.running = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		if wait <= 0 {
			c.runDue()
			continue
		}
		if !c.wall {
			wait = max(wait, minSleep)
		}
		sleep.Reset(wait)
		select {
		case <-sleep.C:
		case <-c.wake:
			sleep.Stop() // Go 1.23 timers: Reset after Stop needs no draining
		case <-c.group.Done():
			c.mu.Lock()
			c.running = false
			c.mu.Unlock()
			return
		}
	}
}

// runDue runs the earliest callback if it is still due (a jump may have run it meanwhile).
func (c *Clock) runDue() {
	c.fire.Lock()
	defer c.fire.Unlock()
	c.mu.Lock()
	if len(c.timers) == 0 || c.timers.earliest().at.After(c.nowLocked()) || c.group.Closed() {
		c.mu.Unlock()
		return
	}
	t := c.timers.pop()
	c.mu.Unlock()
	t.f()
}
