package faults

import (
	"context"
	"net"
	"net/http"
	"time"
)

// wait sleeps for d of real time, or less when the server's clock is moved past it (x.Skip),
// unless the client goes away or the server closes; it reports whether the full time passed.
func (wr *Wire) wait(ctx context.Context, x Exchange, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	skipped, stop := x.Skip(d)
	defer stop()
	select {
	case <-t.C:
		return true
	case <-skipped:
		return true
	case <-ctx.Done():
		return false
	case <-wr.closing:
		return false
	}
}

// breakConn takes the connection over, finishes the request as unanswered (x.Finish(0, 0)) and
// only then closes it, so a client that sees the break finds the request's outcome in the
// journal. With reset it sets SO_LINGER to 0 so the client sees a connection reset rather than
// an orderly close. It reports false, finishing nothing, when the ResponseWriter has no
// connection to take (in-process use, HTTP/2).
func breakConn(w http.ResponseWriter, x Exchange, reset bool) bool {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return false
	}
	x.Finish(0, 0)
	if reset {
		// Under TLS, or a host's wrapper (the binary's coalescing listener), the TCP connection
		// is beneath: both expose it as NetConn.
		raw := conn
		for {
			u, ok := raw.(interface{ NetConn() net.Conn })
			if !ok {
				break
			}
			raw = u.NetConn()
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
// actually sent; when every chunk goes out it is finished just before the last one, so a client
// that has read the whole body finds the outcome final in the journal.
func (wr *Wire) dribble(ctx context.Context, w http.ResponseWriter, x Exchange, resp Response, d *Dribble) {
	x.WriteHeader(resp)
	rc := http.NewResponseController(w)
	body := resp.Body
	chunks := max(min(d.Chunks, len(body), int(d.Over/time.Millisecond)), 1)
	step := d.Over / time.Duration(chunks)
	sent := 0
	for i := 0; i < chunks; i++ {
		chunk := body[len(body)*i/chunks : len(body)*(i+1)/chunks]
		if i == chunks-1 {
			x.Finish(resp.Status, sent+len(chunk))
			_, _ = w.Write(chunk)
			_ = rc.Flush()
			return
		}
		n, err := w.Write(chunk)
		sent += n
		if err != nil {
			break
		}
		_ = rc.Flush()
		if !wr.wait(ctx, x, step) {
			break
		}
	}
	x.Finish(resp.Status, sent)
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
