package clock

import (
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// fixed is a source that stands still, as a test's WithClock func often does.
func fixed() time.Time { return t0 }

func newFixed(t *testing.T) (*Clock, *Group) {
	t.Helper()
	g := NewGroup()
	t.Cleanup(g.Close)
	return New(fixed, g), g
}

func TestNowFollowsSteering(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		steer func(c *Clock)
		want  time.Time
	}{
		{"source", func(*Clock) {}, t0},
		{"advance", func(c *Clock) { c.Advance(25 * time.Minute) }, t0.Add(25 * time.Minute)},
		{"advance twice", func(c *Clock) { c.Advance(time.Hour); c.Advance(time.Hour) }, t0.Add(2 * time.Hour)},
		{"advance back", func(c *Clock) { c.Advance(-time.Hour) }, t0.Add(-time.Hour)},
		{"set", func(c *Clock) { c.Set(t0.AddDate(0, 0, 3)) }, t0.AddDate(0, 0, 3)},
		{"set in another zone", func(c *Clock) { c.Set(t0.In(time.FixedZone("x", 3600))) }, t0},
		{"freeze then advance", func(c *Clock) { c.Freeze(true); c.Advance(time.Minute) }, t0.Add(time.Minute)},
		{"freeze, set, thaw", func(c *Clock) { c.Freeze(true); c.Set(t0.Add(time.Hour)); c.Freeze(false) }, t0.Add(time.Hour)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newFixed(t)
			tc.steer(c)
			if got := c.Now(); !got.Equal(tc.want) {
				t.Fatalf("Now = %v, want %v", got, tc.want)
			}
			if got := c.At(time.Now()); !got.Equal(tc.want) {
				t.Fatalf("At = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestWallClockFollowsRealTime(t *testing.T) {
	t.Parallel()
	g := NewGroup()
	defer g.Close()
	c := New(nil, g)
	c.Advance(time.Hour)
	wall := time.Now()
	if d := c.At(wall).Sub(wall); d != time.Hour {
		t.Fatalf("At(wall) - wall = %v, want 1h", d)
	}
	if d := c.Now().Sub(time.Now()); d < 59*time.Minute || d > time.Hour {
		t.Fatalf("Now - wall = %v, want about 1h", d)
	}
	c.Freeze(true)
	a := c.Now()
	time.Sleep(2 * time.Millisecond)
	if b := c.Now(); !a.Equal(b) || !c.Frozen() {
		t.Fatalf("a frozen clock moved: %v then %v", a, b)
	}
	c.Freeze(false)
	time.Sleep(2 * time.Millisecond)
	if b := c.Now(); !b.After(a) || c.Frozen() {
		t.Fatalf("a thawed clock did not move on: %v then %v", a, b)
	}
}

func TestJumpsRunTimersInOrderAtTheirTimes(t *testing.T) {
	t.Parallel()
	c, _ := newFixed(t)
	var mu sync.Mutex
	var ran []string
	note := func(name string) func() {
		return func() {
			mu.Lock()
			defer mu.Unlock()
			ran = append(ran, name+"@"+c.Now().Sub(t0).String())
		}
	}
	c.AfterFunc(t0.Add(30*time.Minute), note("b"))
	c.AfterFunc(t0.Add(10*time.Minute), func() {
		note("a")()
		// A callback may schedule; what it schedules within the jump runs in the same jump.
		c.AfterFunc(c.Now().Add(5*time.Minute), note("a+5m"))
	})
	c.AfterFunc(t0.Add(30*time.Minute), note("c"))
	stopD := c.AfterFunc(t0.Add(40*time.Minute), note("d"))
	c.AfterFunc(t0.Add(2*time.Hour), note("late"))
	if !stopD() || stopD() {
		t.Fatal("stop must report true once, then false")
	}
	c.Advance(time.Hour)
	want := []string{"a@10m0s", "a+5m@15m0s", "b@30m0s", "c@30m0s"}
	if len(ran) != len(want) {
		t.Fatalf("ran %v, want %v", ran, want)
	}
	for i := range want {
		if ran[i] != want[i] {
			t.Fatalf("ran %v, want %v", ran, want)
		}
	}
	if got := c.Now(); !got.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after the jump Now = %v", got)
	}
	if c.Pending() != 1 {
		t.Fatalf("pending = %d, want the late one", c.Pending())
	}
	c.Set(t0) // back: runs nothing
	if c.Pending() != 1 || len(ran) != 4 {
		t.Fatalf("a backward jump ran something: %v", ran)
	}
	c.Set(t0.Add(3 * time.Hour))
	if len(ran) != 5 || ran[4] != "late@2h0m0s" {
		t.Fatalf("ran %v", ran)
	}
}

func TestTimersFireAsRealTimePasses(t *testing.T) {
	t.Parallel()
	g := NewGroup()
	defer g.Close()
	c := New(nil, g)
	done := make(chan time.Time, 1)
	c.AfterFunc(c.Now().Add(3*time.Millisecond), func() { done <- c.Now() })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the timer did not fire as real time passed")
	}
	// A timer whose time has come runs at once.
	c.AfterFunc(c.Now().Add(-time.Hour), func() { done <- c.Now() })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a due timer did not run")
	}
	waitIdle(t, g)
}

func TestFrozenClockWaitsForAJump(t *testing.T) {
	t.Parallel()
	g := NewGroup()
	defer g.Close()
	c := New(nil, g)
	c.Freeze(true)
	fired := make(chan struct{}, 1)
	c.AfterFunc(c.Now().Add(time.Millisecond), func() { fired <- struct{}{} })
	time.Sleep(10 * time.Millisecond)
	select {
	case <-fired:
		t.Fatal("a frozen clock fired a timer as real time passed")
	default:
	}
	waitIdle(t, g) // frozen with nothing due: no goroutine waits
	c.Advance(time.Millisecond)
	select {
	case <-fired:
	default:
		t.Fatal("Advance returned before the timer it passed ran")
	}
}

func TestStandingSourceWakesButNeverSpins(t *testing.T) {
	t.Parallel()
	c, g := newFixed(t)
	fired := make(chan struct{}, 1)
	c.AfterFunc(t0.Add(time.Millisecond), func() { fired <- struct{}{} })
	time.Sleep(5 * time.Millisecond)
	select {
	case <-fired:
		t.Fatal("a clock whose source stands still fired a timer")
	default:
	}
	if g.Live() != 1 {
		t.Fatalf("live goroutines = %d, want the one timer goroutine", g.Live())
	}
	c.Advance(time.Millisecond)
	<-fired
	waitIdle(t, g)
}

func TestCloseLeavesNoGoroutine(t *testing.T) {
	t.Parallel()
	g := NewGroup()
	clocks := []*Clock{New(nil, g), New(fixed, g), New(nil, g)}
	ran := make(chan struct{}, 10)
	for _, c := range clocks {
		c.AfterFunc(c.Now().Add(time.Hour), func() { ran <- struct{}{} })
	}
	if g.Live() != len(clocks) {
		t.Fatalf("live = %d, want one timer goroutine per clock with a timer", g.Live())
	}
	g.Close()
	if g.Live() != 0 {
		t.Fatalf("live after Close = %d", g.Live())
	}
	stop := clocks[0].AfterFunc(clocks[0].Now(), func() { ran <- struct{}{} })
	clocks[1].Advance(2 * time.Hour)
	if stop() || len(ran) != 0 || g.Live() != 0 {
		t.Fatalf("a closed group ran %d callbacks, has %d goroutines", len(ran), g.Live())
	}
	if g.Go(func() {}) {
		t.Fatal("Go ran after Close")
	}
	g.Close() // again: no effect
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	g := NewGroup()
	defer g.Close()
	c := New(nil, g)
	var wg sync.WaitGroup
	var mu sync.Mutex
	count := 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				stop := c.AfterFunc(c.Now().Add(time.Duration(j)*time.Second), func() { mu.Lock(); count++; mu.Unlock() })
				switch (i + j) % 4 {
				case 0:
					c.Advance(time.Second)
				case 1:
					stop()
				case 2:
					c.Freeze(j%8 == 2)
				}
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
	c.Freeze(false)
	c.Advance(time.Hour)
	if c.Pending() != 0 {
		t.Fatalf("pending after a long jump = %d", c.Pending())
	}
	waitIdle(t, g)
}

// waitIdle waits until the group's goroutines have returned on their own (nothing scheduled).
func waitIdle(t *testing.T, g *Group) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for g.Live() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("live goroutines = %d, want none while nothing is scheduled", g.Live())
		}
		time.Sleep(time.Millisecond)
	}
}

func TestClosedClockDropsItsTimers(t *testing.T) {
	t.Parallel()
	c, g := newFixed(t)
	ran := false
	stop := c.AfterFunc(t0.Add(time.Hour), func() { ran = true })
	c.Close()
	waitIdle(t, g)
	later := c.AfterFunc(t0, func() { ran = true })
	c.Advance(2 * time.Hour)
	if ran || stop() || later() || c.Pending() != 0 {
		t.Fatal("a closed clock kept or ran a timer")
	}
	if !c.Now().Equal(t0.Add(2 * time.Hour)) {
		t.Fatal("a closed clock must still move")
	}
}

func TestRestart(t *testing.T) {
	t.Parallel()
	c, _ := newFixed(t)
	c.Freeze(true)
	c.Advance(time.Hour)
	c.Restart(time.Time{})
	if !c.Now().Equal(t0) || c.Frozen() {
		t.Fatalf("restarted at its source: %v frozen=%v", c.Now(), c.Frozen())
	}
	ran := false
	c.AfterFunc(t0.Add(time.Minute), func() { ran = true })
	c.Freeze(true)
	c.Restart(t0.Add(time.Hour))
	if !c.Now().Equal(t0.Add(time.Hour)) || c.Frozen() || !ran {
		t.Fatalf("restarted later: %v frozen=%v ran=%v", c.Now(), c.Frozen(), ran)
	}
}
