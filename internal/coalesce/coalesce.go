// Package coalesce wraps a listener so that an HTTP/1.1 response larger than net/http's
// per-connection write buffer leaves in one system call instead of two or more.
//
// net/http writes a response through a 4 KiB buffer: a 7.5 KB segment goes out as the first
// 4 KiB (headers and the start of the body) when the buffer fills, then the rest when the
// handler returns. On loopback each write costs a trip through the TCP stack and a wake-up of
// the client: about half of a small GET's CPU in a profile. A Conn holds a write that exactly
// fills the buffer (the sign of a response that continues) and sends it with whatever comes next
// in one writev, so a response of up to 8 KiB is one write (and a larger one takes one fewer).
//
// Held bytes never wait long: the next write, a read, a read deadline being set (net/http sets
// one as soon as a response is done), closing, or holdFor passing sends them. That bound keeps a
// handler that fills the buffer and then pauses (a dribbled body) close to its timing.
package coalesce

import (
	"net"
	"sync"
	"time"
)

// bufferSize is the size of net/http's per-connection write buffer: a write of exactly this
// many bytes is the buffer filling mid-response.
const bufferSize = 4 << 10

// holdFor bounds how long held bytes wait for what follows them.
const holdFor = time.Millisecond

// Listen wraps ln: every connection it accepts is a *Conn. Use it under plain HTTP; TLS writes
// records, never exactly bufferSize bytes, so it would hold nothing there.
func Listen(ln net.Listener) net.Listener { return listener{ln} }

// listener wraps the connections of the listener it holds.
type listener struct{ net.Listener }

// Accept returns the next connection, wrapped.
func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c}, nil
}

// Conn is a connection that holds a write that fills net/http's buffer until the next one, so
// the two leave together. Its methods are safe for concurrent use, as net.Conn's are.
type Conn struct {
	net.Conn
	mu    sync.Mutex
	held  []byte
	timer *time.Timer // sends held bytes after holdFor; made at the first hold
	err   error       // a failed send of held bytes, returned by the next Write
	pair  [2][]byte   // held bytes and the write after them, for one writev
	bufs  net.Buffers // a view of pair: in the Conn, so the writev allocates nothing
}

// NetConn returns the wrapped connection, as tls.Conn's does, for code that needs the
// *net.TCPConn (to set SO_LINGER, say).
func (c *Conn) NetConn() net.Conn { return c.Conn }

// Write sends p, after any held bytes and in the same system call. A p that exactly fills
// net/http's buffer is held instead and reported written; if sending it later fails, the next
// Write returns that error.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	if len(c.held) == 0 {
		if len(p) != bufferSize {
			return c.Conn.Write(p)
		}
		c.held = append(c.held, p...)
		if c.timer == nil {
			c.timer = time.AfterFunc(holdFor, c.sendHeld)
		} else {
			c.timer.Reset(holdFor)
		}
		return len(p), nil
	}
	c.timer.Stop()
	held := len(c.held)
	c.pair = [2][]byte{c.held, p}
	c.bufs = c.pair[:]
	n, err := c.bufs.WriteTo(c.Conn)
	c.pair, c.bufs = [2][]byte{}, nil
	c.held = c.held[:0]
	if err != nil {
		c.err = err
		return max(int(n)-held, 0), err
	}
	return len(p), nil
}

// sendHeld sends held bytes on their own: holdFor passed with nothing after them.
func (c *Conn) sendHeld() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
}

// flushLocked sends held bytes, keeping a failure for the next Write.
func (c *Conn) flushLocked() {
	if len(c.held) == 0 {
		return
	}
	if c.timer != nil {
		c.timer.Stop()
	}
	if _, err := c.Conn.Write(c.held); err != nil && c.err == nil {
		c.err = err
	}
	c.held = c.held[:0]
}

// flush sends held bytes now.
func (c *Conn) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
}

// Read sends held bytes first: a peer is never waited on while part of an answer is held.
func (c *Conn) Read(p []byte) (int, error) {
	c.flush()
	return c.Conn.Read(p)
}

// SetReadDeadline sends held bytes first: net/http sets one when a response is done.
func (c *Conn) SetReadDeadline(t time.Time) error {
	c.flush()
	return c.Conn.SetReadDeadline(t)
}

// SetDeadline sends held bytes first, as SetReadDeadline does.
func (c *Conn) SetDeadline(t time.Time) error {
	c.flush()
	return c.Conn.SetDeadline(t)
}

// closeGrace bounds how long Close waits for held bytes, or a write under way, to reach a peer.
const closeGrace = 100 * time.Millisecond

// Close sends held bytes, then closes the connection. Closing a net.Conn ends a write blocked on a
// peer that does not read (http.Server.Close relies on it to end such a response); here that write
// holds the lock Close needs to send held bytes, and the held bytes may block the same way, so
// past closeGrace the connection beneath is closed first, which ends either wait.
func (c *Conn) Close() error {
	if c.mu.TryLock() {
		idle := len(c.held) == 0
		c.mu.Unlock()
		if idle {
			return c.Conn.Close()
		}
	}
	guard := time.AfterFunc(closeGrace, func() { _ = c.Conn.Close() })
	c.flush()
	if !guard.Stop() {
		return nil // the guard closed the connection
	}
	return c.Conn.Close()
}

// CloseWrite sends held bytes, then shuts down the writing side, when the connection can
// (net/http does it before closing a connection whose request body it did not read).
func (c *Conn) CloseWrite() error {
	c.flush()
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
