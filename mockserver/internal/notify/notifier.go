// Package notify is the HTTP side of graphmock's change notifications: the validation handshake
// Graph makes with a subscription's endpoints before it creates the subscription, the delivery of
// notifications and lifecycle notifications on the server's clock (a bounded queue, a bounded
// number of workers, retries with exponential backoff for up to 4 hours, Graph's slow and drop
// rule for endpoints that answer late), and the log of every attempt. A Notifier is a server's
// (its workers and HTTP client); a Hub is a namespace's (its subscriptions, timers, endpoints'
// standing and delivery log). Nothing here blocks a request path: a request only queues work.
package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
)

// Clock is the server's clock as notify uses it: its time, and running f once the clock reaches
// at (at once, or soon, when at is not after the clock's time). The returned stop cancels a run
// that has not started and reports whether it did. f must not block.
type Clock interface {
	Now() time.Time
	AfterFunc(at time.Time, f func()) (stop func() bool)
}

// RealTime is a Clock that reads a time source (the server's time) and runs timers after the
// real time between now and their time has passed.
type RealTime func() time.Time

// Now reads the source.
func (r RealTime) Now() time.Time { return r() }

// AfterFunc runs f once the real time from now to at has passed.
func (r RealTime) AfterFunc(at time.Time, f func()) func() bool {
	return time.AfterFunc(at.Sub(r()), f).Stop
}

// Config is what a Notifier is told; a zero field keeps its default.
type Config struct {
	// URLs says which notification URLs are accepted (subscriptions.LoopbackHTTP by default).
	URLs subscriptions.URLPolicy
	// ValidationTimeout is how long an endpoint has to answer the handshake, in real time
	// (Graph: 10 s).
	ValidationTimeout time.Duration
	// Timeout is how long an endpoint has to answer a notification's first attempt (Graph: 3 s),
	// RetryTimeout a retry's (Graph: 10 s), both in real time; a slower answer counts as late for
	// the slow and drop rule.
	Timeout, RetryTimeout time.Duration
	// NoThrottle switches Graph's slow and drop rule off (it is on by default).
	NoThrottle bool
	// QueueSize bounds the attempts waiting for a worker (default 1024); Workers bounds the
	// attempts under way at once (default 8); LogSize bounds each namespace's delivery log
	// (default 1000 attempts).
	QueueSize, Workers, LogSize int
}

// With is c with a server's webhook settings (Sidecar.Webhook*): httpsOnly and anyHost choose
// the URL policy (both is an error), throttleOff switches the slow and drop rule off, and a
// timeout that is zero keeps c's (a negative one is an error).
func (c Config) With(httpsOnly, anyHost, throttleOff bool, validation, timeout, retry time.Duration) (Config, error) {
	switch {
	case httpsOnly && anyHost:
		return c, errors.New("WebhookHTTPSOnly and WebhookHTTPAnyHost contradict each other")
	case validation < 0 || timeout < 0 || retry < 0:
		return c, fmt.Errorf("the webhook timeouts (validation %s, first attempt %s, retry %s) must not be negative", validation, timeout, retry)
	}
	c.URLs = subscriptions.LoopbackHTTP
	if httpsOnly {
		c.URLs = subscriptions.HTTPSOnly
	} else if anyHost {
		c.URLs = subscriptions.AnyHTTP
	}
	c.NoThrottle = throttleOff
	c.ValidationTimeout, c.Timeout, c.RetryTimeout = cmp.Or(validation, c.ValidationTimeout), cmp.Or(timeout, c.Timeout), cmp.Or(retry, c.RetryTimeout)
	return c, nil
}

// Graph's timings.
const (
	defaultValidationTimeout = 10 * time.Second
	defaultTimeout           = 3 * time.Second
	defaultRetryTimeout      = 10 * time.Second
	// retryFor is how long, by the server's clock from the first attempt, a notification is
	// retried.
	retryFor = 4 * time.Hour
	// firstBackoff is the wait before the first retry; each later wait doubles.
	firstBackoff = time.Minute
	// maxResponseBytes is how much of an endpoint's answer is read (and kept in the log).
	maxResponseBytes = 1 << 10
)

// Notifier is a server's delivery machinery: one HTTP client that follows no redirects, a
// bounded queue of attempts and the workers that make them, started when there is work and gone
// when there is none. It is safe for concurrent use.
type Notifier struct {
	cfg    Config
	newID  func() string
	start  func(func()) bool
	client *http.Client
	queue  chan *job
	// ctx ends with Close, aborting every exchange under way.
	ctx    context.Context
	cancel context.CancelFunc
	// mu guards workers, closed and hubs; wg counts running workers.
	mu      sync.Mutex
	workers int
	closed  bool
	hubs    map[*Hub]bool
	wg      sync.WaitGroup
}

// New returns a Notifier; no goroutine runs until there is something to deliver. newID makes
// subscription ids (GUIDs); start runs a worker (nil: a plain goroutine), so a server can count
// and wait for them, and reports false when it starts nothing.
func New(cfg Config, newID func() string, start func(func()) bool) *Notifier {
	cfg.ValidationTimeout = cmp.Or(cfg.ValidationTimeout, defaultValidationTimeout)
	cfg.Timeout = cmp.Or(cfg.Timeout, defaultTimeout)
	cfg.RetryTimeout = cmp.Or(cfg.RetryTimeout, defaultRetryTimeout)
	cfg.QueueSize, cfg.Workers, cfg.LogSize = cmp.Or(cfg.QueueSize, 1024), cmp.Or(cfg.Workers, 8), cmp.Or(cfg.LogSize, 1000)
	if start == nil {
		start = func(f func()) bool { go f(); return true }
	}
	transport := &http.Transport{
		// Graph calls the endpoint itself: no proxy from the environment stands in between.
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		TLSHandshakeTimeout: 5 * time.Second,
		MaxIdleConnsPerHost: cfg.Workers,
		IdleConnTimeout:     30 * time.Second,
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Notifier{cfg: cfg, newID: newID, start: start, queue: make(chan *job, cfg.QueueSize), ctx: ctx, cancel: cancel, hubs: map[*Hub]bool{},
		client: &http.Client{Transport: transport,
			// A redirect is an answer like any other that is not 2xx: Graph does not follow it.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Close stops everything: exchanges under way are aborted, waiting attempts and timers dropped,
// and it returns once no worker runs and no connection is kept. Later work is refused.
func (n *Notifier) Close() {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return
	}
	n.closed = true
	hubs := make([]*Hub, 0, len(n.hubs))
	for h := range n.hubs {
		hubs = append(hubs, h)
	}
	n.mu.Unlock()
	n.cancel()
	for _, h := range hubs {
		h.Close()
	}
	n.wg.Wait()
	for {
		select {
		case <-n.queue:
			continue
		default:
		}
		break
	}
	n.client.CloseIdleConnections()
}

// isClosed reports whether Close was called.
func (n *Notifier) isClosed() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.closed
}

// enqueue queues an attempt without blocking and makes sure a worker will take it. It reports
// false when the queue is full or the notifier closed.
func (n *Notifier) enqueue(j *job) bool {
	if n.isClosed() {
		return false
	}
	select {
	case n.queue <- j:
	default:
		return false
	}
	n.mu.Lock()
	if n.workers < n.cfg.Workers && !n.closed {
		n.workers++
		n.wg.Add(1)
		if !n.start(n.work) {
			n.workers--
			n.wg.Done()
		}
	}
	n.mu.Unlock()
	return true
}

// work takes attempts until the queue is empty (or the notifier closes), then ends. The check
// that the queue is empty and the count of workers change under one lock, so an attempt queued
// as the last worker leaves always finds a worker: enqueue starts one.
func (n *Notifier) work() {
	defer n.wg.Done()
	for {
		select {
		case j := <-n.queue:
			n.run(j)
			continue
		case <-n.ctx.Done():
		default:
		}
		n.mu.Lock()
		if len(n.queue) > 0 && !n.closed {
			n.mu.Unlock()
			continue
		}
		n.workers--
		n.mu.Unlock()
		return
	}
}

// Busy reports how many workers run and attempts wait: both zero when nothing is under way
// (retries waiting for their time on the clock aside).
func (n *Notifier) Busy() (workers, queued int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.workers, len(n.queue)
}
