package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// job is one attempt to deliver a notification.
type job struct {
	hub      *Hub
	sub      string
	kind     Kind
	change   string // created, updated, or the lifecycle event
	resource string
	url      string
	payload  []byte
	attempt  int
	// first is when the first attempt was due, due when this one is, by the server's clock:
	// retries are timed from due, so an advanced clock replays them in order.
	first, due time.Time
	// delayed: the slow rule already held this notification back once.
	delayed bool
	// expires is the subscription's expiration when the notification was made; generation the
	// hub's when it was queued.
	expires    time.Time
	generation uint64
}

// entry is the log entry of an attempt, before its outcome.
func (j *job) entry() Attempt {
	return Attempt{Time: j.due, Subscription: j.sub, Kind: j.kind, ChangeType: j.change, Resource: j.resource,
		URL: j.url, Payload: j.payload, Attempt: j.attempt}
}

// send queues an attempt; when the queue is full the notification is dropped, and the log says
// why.
func (h *Hub) send(j *job) {
	if h.isClosed() {
		return
	}
	if !h.n.enqueue(j) {
		a := j.entry()
		a.Outcome, a.Error = Dropped, fmt.Sprintf("the delivery queue is full (%d attempts wait)", h.n.cfg.QueueSize)
		h.record(a)
	}
}

// later queues the job again when the clock reaches at.
func (h *Hub) later(j *job, at time.Time) {
	h.schedule(j.sub, timerDelivery, at, func() {
		j.due = at
		h.send(j)
	})
}

// run makes one attempt: unless its subscription is gone or the slow and drop rule holds it
// back, it POSTs the payload and logs the answer; an attempt that fails is retried with
// exponential backoff (1 minute, then doubling) until 4 hours of the server's clock have passed
// since the first.
func (n *Notifier) run(j *job) {
	h := j.hub
	if h.isClosed() {
		return
	}
	a := j.entry()
	if ok, silent := h.outcomeFor(j); !ok {
		if !silent {
			a.Outcome, a.Error = Cancelled, "the subscription was deleted or had expired when the attempt came due"
			h.record(a)
		}
		return
	}
	ep := h.endpointOf(j.url)
	if j.attempt == 1 && !j.delayed && !n.cfg.NoThrottle {
		h.mu.Lock()
		st := ep.at(j.due)
		h.mu.Unlock()
		switch st {
		case slow:
			next := j.due.Add(throttleWindow)
			a.Outcome, a.NextAttempt, a.Error = Delayed, &next, "the endpoint is marked slow: more than 10% of its answers took longer than the timeout"
			h.record(a)
			j.delayed = true
			h.later(j, next)
			return
		case drop:
			a.Outcome, a.Error = Dropped, "the endpoint is marked drop: more than 15% of its answers took longer than the retry timeout"
			h.record(a)
			return
		}
	}
	timeout := n.cfg.Timeout
	if j.attempt > 1 {
		timeout = n.cfg.RetryTimeout
	}
	status, latency, response, err := n.post(j.url, j.payload, timeout)
	a.Status, a.Latency, a.Response = status, latency, response
	// A timeout is late by definition, whatever the clock read; only a retry has the longer
	// allowance a drop counts against.
	timedOut := errors.Is(err, errTimedOut)
	late := timedOut || latency >= n.cfg.Timeout
	h.mu.Lock()
	ep.note(j.due, late, j.attempt > 1 && (timedOut || latency >= n.cfg.RetryTimeout))
	h.mu.Unlock()
	if err == nil && status/100 == 2 {
		a.Outcome = Delivered
		h.record(a)
		return
	}
	if n.isClosed() {
		return
	}
	if err != nil {
		a.Error = err.Error()
	} else {
		a.Error = fmt.Sprintf("the endpoint answered %d, not 2xx", status)
	}
	next := j.due.Add(firstBackoff << (j.attempt - 1))
	if next.Sub(j.first) > retryFor {
		a.Outcome = GaveUp
		a.Error += "; no retry is left within 4 hours of the first attempt"
		h.record(a)
		return
	}
	a.Outcome, a.NextAttempt = Retrying, &next
	h.record(a)
	retry := *j
	retry.attempt++
	h.later(&retry, next)
}

// endpointOf is the slow and drop record of the endpoint a URL names.
func (h *Hub) endpointOf(rawURL string) *endpoint {
	key := endpointKey(rawURL)
	h.mu.Lock()
	defer h.mu.Unlock()
	ep := h.endpoints[key]
	if ep == nil {
		ep = &endpoint{}
		h.endpoints[key] = ep
	}
	return ep
}

// errTimedOut marks an attempt the endpoint did not answer in time.
var errTimedOut = errors.New("timed out")

// post sends one notification as Graph does (Content-Type: application/json; charset=utf-8, the
// URL's query string kept), within timeout of real time, and reads at most a little of the
// answer. It returns the status (0 when none came), how long the exchange took, the start of the
// answer, and an error when there was no answer in time.
func (n *Notifier) post(url string, payload []byte, timeout time.Duration) (int, time.Duration, string, error) {
	ctx, cancel := context.WithTimeout(n.ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return 0, 0, "", err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	start := time.Now()
	resp, err := n.client.Do(req)
	if err != nil {
		latency := time.Since(start)
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return 0, latency, "", fmt.Errorf("%w: no answer within %s", errTimedOut, timeout)
		}
		return 0, latency, "", fmt.Errorf("the endpoint could not be reached: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	latency := time.Since(start)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return resp.StatusCode, latency, clip(body), fmt.Errorf("%w: the answer did not end within %s", errTimedOut, timeout)
	}
	return resp.StatusCode, latency, clip(body), nil
}
