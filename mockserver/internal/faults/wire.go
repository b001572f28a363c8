package faults

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

// wait sleeps for d unless the client goes away or the server closes; it reports whether the full
// time passed.
func (wr *Wire) wait(ctx context.Context, d time.Duration) bool {
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
	case <-wr.closing:
		return false
	}
}

// breakConn takes the connection over and closes it; with reset it sets SO_LINGER to 0 so the
// client sees a connection reset rather than an orderly close. It reports false when the
// ResponseWriter has no connection to take (in-process use).
func breakConn(w http.ResponseWriter, reset bool) bool {
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
	return true
}

// dribble sends a response in chunks spread over a duration, flushing each, and stops early when
// the client goes away or the server closes. There are never more chunks than body bytes, nor
// more than one a millisecond, so the time spent stays near the duration however many chunks the
// rule asks for (each wait costs a timer). The request is finished either way, with the bytes
// actually sent.
func (wr *Wire) dribble(ctx context.Context, w http.ResponseWriter, x Exchange, resp Response, d *Dribble) {
	x.WriteHeader(resp)
	rc := http.NewResponseController(w)
	body := resp.Body
	chunks := max(min(d.Chunks, len(body), int(d.Over/time.Millisecond)), 1)
	step := d.Over / time.Duration(chunks)
	sent := 0
	defer func() { x.Finish(resp.Status, sent) }()
	for i := 0; i < chunks; i++ {
		end := len(body) * (i + 1) / chunks
		start := len(body) * i / chunks
		n, err := w.Write(body[start:end])
		sent += n
		if err != nil {
			return
		}
		_ = rc.Flush()
		if i < chunks-1 && !wr.wait(ctx, step) {
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
