package faults

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Response is an answer as the wire actions see it. The adapter renders it (Exchange.Run,
// Exchange.Fail) and writes it; the actions may delay, cut, garble or dribble it on the way.
type Response struct {
	// Status is the HTTP status.
	Status int
	// Header holds headers beyond the ones the adapter writes on every answer.
	Header http.Header
	// ContentType is the body's type; "" is the adapter's default (Graph's JSON).
	ContentType string
	// Body is the whole body.
	Body []byte
}

// Exchange is the adapter's side of a request a rule fired on: what only the adapter can do, so
// the actions need not know how it renders answers or keeps its journal.
type Exchange interface {
	// Run runs the request's handler (a write is applied) and returns its answer.
	Run() Response
	// Fail renders a fault's answer in Graph's error envelope.
	Fail(Answer) Response
	// WriteHeader sends the status line and the headers of resp (Content-Length the full body's);
	// the adapter journals the status being sent first, the outcome still pending until Finish.
	WriteHeader(resp Response)
	// Finish records a request the action answered (or broke) itself, with the status and the
	// body bytes actually sent (0, 0 when the connection was broken or the client left). The
	// actions call it before the end of the answer reaches the client (before closing a broken
	// connection, before a dribble's last chunk), so a client that has seen the end finds the
	// outcome in the journal; the adapter journals the request before the first byte anyway.
	Finish(status, sent int)
	// DiscardBody reads the request body a faulted request will not run its handler on, so the
	// journal shows what was sent.
	DiscardBody()
	// Skip returns a channel closed when the server's clock reaches d from now, so a delay (a
	// latency, a dribble's pause, a hang) ends early when a test moves the clock past it; it
	// still ends after d of real time otherwise. stop releases what Skip holds.
	Skip(d time.Duration) (skipped <-chan struct{}, stop func())
}

// Wire carries fired rules out for one server. It bounds how many requests are held at once
// (delayed, dribbled or hung), since each keeps a goroutine and a connection, and it ends held
// requests when the server closes, so shutting down never waits on a fault. It is safe for
// concurrent use.
type Wire struct {
	maxHeld int64
	held    atomic.Int64
	closing <-chan struct{}
}

// NewWire makes the wire actions of a server that holds at most maxHeld requests at once and
// closes closing when it shuts down.
func NewWire(maxHeld int, closing <-chan struct{}) *Wire {
	return &Wire{maxHeld: int64(maxHeld), closing: closing}
}

// Apply carries out a fired rule. It returns the answer for the adapter to write, or done when
// the action already wrote (or broke) the response itself and called x.Finish. A faulted request
// runs its handler only when that cannot change state (a GET) or the rule says ApplyThenFail.
func (wr *Wire) Apply(w http.ResponseWriter, r *http.Request, v Verdict, x Exchange) (resp Response, done bool) {
	f := v.Rule
	ctx := r.Context()
	mayRun := r.Method == http.MethodGet || f.ApplyThenFail
	if v.Delay > 0 || f.Dribble != nil || f.Connection == ConnectionHang {
		if !wr.hold() {
			if !mayRun {
				x.DiscardBody()
			}
			return x.Fail(unavailable("graphmock already holds " + strconv.FormatInt(wr.maxHeld, 10) + " delayed, dribbled or hung requests, its bound (Sidecar.MaxHeldRequests); " +
				"this faulted request was answered at once instead of being held.")), false
		}
		defer wr.held.Add(-1)
	}
	if !wr.wait(ctx, x, v.Delay) {
		if ctx.Err() != nil {
			x.Finish(0, 0) // the client left: there is no one to answer
			return Response{}, true
		}
		// The server is closing: never leave an empty 200 behind; break the connection, or say so.
		if breakConn(w, x, false) {
			return Response{}, true
		}
		return x.Fail(unavailable("The server is closing; the delayed response was not sent.")), false
	}
	if !mayRun {
		// The handler will not read the body; read it for the journal, which shows what was sent.
		x.DiscardBody()
	}
	real := func() Response {
		if mayRun {
			return x.Run()
		}
		return x.Fail(unavailable(""))
	}
	switch {
	case f.Status != 0:
		if f.ApplyThenFail {
			x.Run()
		}
		return x.Fail(f.Answer()), false
	case f.Dribble != nil:
		wr.dribble(ctx, w, x, real(), f.Dribble)
		return Response{}, true
	case f.Connection == ConnectionReset || f.Connection == ConnectionClose:
		if f.ApplyThenFail {
			x.Run()
		}
		if !breakConn(w, x, f.Connection == ConnectionReset) {
			return x.Fail(noHijack(f.Connection)), false
		}
		return Response{}, true
	case f.Connection == ConnectionHang:
		if f.ApplyThenFail {
			x.Run()
		}
		hangMax := f.HangMax
		if hangMax == 0 {
			hangMax = defaultHangMax
		}
		wr.wait(ctx, x, hangMax)
		if !breakConn(w, x, false) {
			return x.Fail(noHijack(f.Connection)), false
		}
		return Response{}, true
	case f.Connection == ConnectionTruncate:
		resp := real()
		x.WriteHeader(resp)
		half := len(resp.Body) / 2
		_, _ = w.Write(resp.Body[:half])
		_ = http.NewResponseController(w).Flush()
		if !breakConn(w, x, false) {
			x.Finish(resp.Status, half) // in-process: journaled all the same
		}
		return Response{}, true
	case f.Connection == ConnectionGarbage:
		resp := real()
		resp.Body = garbage(resp.Body)
		return resp, false
	}
	return real(), false // a delay alone
}

// hold takes one of the held-request slots for a request a fault delays, dribbles or hangs; it
// reports false, taking nothing, when all are taken.
func (wr *Wire) hold() bool {
	if wr.held.Add(1) > wr.maxHeld {
		wr.held.Add(-1)
		return false
	}
	return true
}

// noHijack is the answer when a connection fault cannot break an in-process ResponseWriter.
func noHijack(c Connection) Answer {
	return unavailable("The connection fault '" + string(c) + "' needs a real connection (mockserver.Start or the graphmock binary); this ResponseWriter cannot be hijacked.")
}
