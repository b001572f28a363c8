package mockserver

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// DefaultMaxHeldRequests is how many faulted requests a server holds at once (delayed, dribbled
// or hung) unless WithMaxHeldRequests says otherwise.
const DefaultMaxHeldRequests = 256

// applyFault carries out a fired rule. It returns the response to write, or done when the fault
// already wrote (or broke) the response itself. A faulted request runs its handler only when
// that cannot change state (a read) or the rule says ApplyThenFail.
func (s *Server) applyFault(w http.ResponseWriter, rq *request, h handler, fire *firing) (resp response, done bool) {
	f := fire.rule
	rq.faultID = f.ID
	mayRun := rq.http.Method == http.MethodGet || f.ApplyThenFail
	if fire.delay > 0 || f.Dribble != nil || f.Connection == ConnectionHang {
		if !s.hold() {
			if !mayRun && rq.capture != nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(rq.capture, maxJournalBody+1))
			}
			return s.faultError(rq, Fault{Status: http.StatusServiceUnavailable, Message: "graphmock already holds " +
				strconv.Itoa(s.cfg.maxHeld) + " delayed, dribbled or hung requests, its bound (WithMaxHeldRequests); " +
				"this faulted request was answered at once instead of being held."}), false
		}
		defer s.held.Add(-1)
	}
	if !s.wait(rq.http.Context(), fire.delay) {
		if rq.http.Context().Err() != nil {
			s.logRequest(rq, 0, 0) // the client left: there is no one to answer
			return response{}, true
		}
		// The server is closing: never leave an empty 200 behind; break the connection, or say so.
		if s.breakConnection(w, rq, false) {
			return response{}, true
		}
		return s.faultError(rq, Fault{Status: http.StatusServiceUnavailable, Message: "The server is closing; the delayed response was not sent."}), false
	}
	if !mayRun && rq.capture != nil {
		// The handler will not read the body; read it for the journal, which shows what was sent.
		_, _ = io.Copy(io.Discard, io.LimitReader(rq.capture, maxJournalBody+1))
	}
	real := func() response {
		if mayRun {
			return s.run(rq, h)
		}
		return s.faultError(rq, Fault{Status: http.StatusServiceUnavailable})
	}
	switch {
	case f.Status != 0:
		if f.ApplyThenFail {
			s.run(rq, h)
		}
		return s.faultError(rq, f), false
	case f.Dribble != nil:
		s.dribble(w, rq, real(), f.Dribble)
		return response{}, true
	case f.Connection == ConnectionReset || f.Connection == ConnectionClose:
		if f.ApplyThenFail {
			s.run(rq, h)
		}
		if !s.breakConnection(w, rq, f.Connection == ConnectionReset) {
			return s.noHijack(rq, f.Connection), false
		}
		return response{}, true
	case f.Connection == ConnectionHang:
		if f.ApplyThenFail {
			s.run(rq, h)
		}
		hangMax := f.HangMax
		if hangMax == 0 {
			hangMax = defaultHangMax
		}
		s.wait(rq.http.Context(), hangMax)
		if !s.breakConnection(w, rq, false) {
			return s.noHijack(rq, f.Connection), false
		}
		return response{}, true
	case f.Connection == ConnectionTruncate:
		resp := real()
		s.writeHeader(w, rq, resp)
		_, _ = w.Write(resp.body[:len(resp.body)/2])
		_ = http.NewResponseController(w).Flush()
		if !s.breakConnection(w, rq, false) {
			s.logRequest(rq, resp.status, len(resp.body)/2) // in-process: journaled all the same
		}
		return response{}, true
	case f.Connection == ConnectionGarbage:
		resp := real()
		resp.body = garbage(resp.body)
		return resp, false
	}
	return real(), false // a delay alone
}

// hold takes one of the WithMaxHeldRequests slots for a request a fault delays, dribbles or
// hangs; it reports false, taking nothing, when all are taken.
func (s *Server) hold() bool {
	if s.held.Add(1) > int64(s.cfg.maxHeld) {
		s.held.Add(-1)
		return false
	}
	return true
}

// faultError renders a fault's Graph error, with Graph's code and message for the status unless
// the rule gives its own, and Retry-After on 429 and 503.
func (s *Server) faultError(rq *request, f Fault) response {
	code, msg := graphErrorDefaults(f.Status)
	if f.Code != "" {
		code = f.Code
	}
	if f.Message != "" {
		msg = f.Message
	}
	ge := &GraphError{Status: f.Status, Code: code, Message: msg, Header: http.Header{}}
	retry := f.RetryAfter
	if retry == 0 && (f.Status == http.StatusTooManyRequests || f.Status == http.StatusServiceUnavailable) {
		retry = time.Second
	}
	if retry > 0 {
		ge.Header.Set("Retry-After", strconv.FormatFloat(retry.Seconds(), 'f', -1, 64))
	}
	for k, v := range f.Headers {
		ge.Header.Set(k, v)
	}
	return s.errorResponse(rq, ge)
}

// noHijack is the answer when a connection fault cannot break an in-process ResponseWriter.
func (s *Server) noHijack(rq *request, c ConnectionFault) response {
	return s.faultError(rq, Fault{Status: http.StatusServiceUnavailable,
		Message: "The connection fault '" + string(c) + "' needs a real connection (mockserver.Start or the graphmock binary); this ResponseWriter cannot be hijacked."})
}

// wait sleeps for d unless the client goes away or the server closes; it reports whether the full
// time passed.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

// breakConnection takes the connection over and closes it; with reset it sets SO_LINGER to 0 so
// the client sees a connection reset rather than an orderly close. It reports false when the
// ResponseWriter has no connection to take (in-process use).
func (s *Server) breakConnection(w http.ResponseWriter, rq *request, reset bool) bool {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return false
	}
	if reset {
		raw := conn
		if tc, ok := raw.(*tls.Conn); ok {
			raw = tc.NetConn()
		}
		if tcp, ok := raw.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
		}
	}
	_ = conn.Close()
	s.logRequest(rq, 0, 0)
	return true
}

// dribble sends a response in chunks spread over a duration, flushing each, and stops early when
// the client goes away or the server closes. There are never more chunks than body bytes, nor
// more than one a millisecond, so the time spent stays near the duration however many chunks the
// rule asks for (each wait costs a timer). The journal records the request either way, with the
// bytes actually sent.
func (s *Server) dribble(w http.ResponseWriter, rq *request, resp response, d *Dribble) {
	s.writeHeader(w, rq, resp)
	rc := http.NewResponseController(w)
	body := resp.body
	chunks := max(min(d.Chunks, len(body), int(d.Over/time.Millisecond)), 1)
	step := d.Over / time.Duration(chunks)
	sent := 0
	defer func() { s.logRequest(rq, resp.status, sent) }()
	for i := 0; i < chunks; i++ {
		end := len(body) * (i + 1) / chunks
		start := len(body) * i / chunks
		n, err := w.Write(body[start:end])
		sent += n
		if err != nil {
			return
		}
		_ = rc.Flush()
		if i < chunks-1 && !s.wait(rq.http.Context(), step) {
			return
		}
	}
}

// garbage replaces a body with bytes of the same length that are not JSON.
func garbage(body []byte) []byte {
	out := make([]byte, max(len(body), 16))
	pattern := []byte("\x00<garbage>\xff{\"value\":[")
	for i := range out {
		out[i] = pattern[i%len(pattern)]
	}
	return out
}
