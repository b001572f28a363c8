package coalesce_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/internal/coalesce"
)

// recorder is the connection beneath a coalesce.Conn: it records what reaches it, one entry
// per Write.
type recorder struct {
	net.Conn // nil: only the methods below are called
	mu       sync.Mutex
	writes   [][]byte
	failWith error
	wrote    chan struct{} // a signal per Write
}

func newRecorder() *recorder { return &recorder{wrote: make(chan struct{}, 16)} }

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer func() { r.wrote <- struct{}{} }()
	if r.failWith != nil {
		return 0, r.failWith
	}
	r.writes = append(r.writes, bytes.Clone(p))
	return len(p), nil
}

func (r *recorder) Read([]byte) (int, error)        { return 0, io.EOF }
func (r *recorder) SetReadDeadline(time.Time) error { return nil }
func (r *recorder) SetDeadline(time.Time) error     { return nil }
func (r *recorder) Close() error                    { return nil }

// sent is everything that reached the connection, in order.
func (r *recorder) sent() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Join(r.writes, nil)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.writes)
}

// accept wraps rec the way coalesce.Listen wraps an accepted connection.
func accept(t *testing.T, rec net.Conn) net.Conn {
	t.Helper()
	ln := coalesce.Listen(&oneConn{c: rec})
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// oneConn is a listener that accepts one connection.
type oneConn struct {
	net.Listener
	c net.Conn
}

func (l *oneConn) Accept() (net.Conn, error) { return l.c, nil }

func filled(b byte) []byte { return bytes.Repeat([]byte{b}, 4<<10) }

func TestAFullBufferWaitsForWhatFollowsIt(t *testing.T) {
	t.Parallel()
	rec := newRecorder()
	c := accept(t, rec)
	if n, err := c.Write(filled('a')); n != 4<<10 || err != nil {
		t.Fatalf("Write of a full buffer = %d, %v", n, err)
	}
	if rec.count() != 0 {
		t.Fatalf("a full buffer reached the connection at once")
	}
	if n, err := c.Write([]byte("tail")); n != 4 || err != nil {
		t.Fatalf("Write after it = %d, %v", n, err)
	}
	want := append(filled('a'), "tail"...)
	if got := rec.sent(); !bytes.Equal(got, want) {
		t.Fatalf("sent %d bytes, want the held buffer then the tail (%d)", len(got), len(want))
	}
}

func TestOtherWritesPassStraightThrough(t *testing.T) {
	t.Parallel()
	rec := newRecorder()
	c := accept(t, rec)
	for _, p := range [][]byte{[]byte("small"), bytes.Repeat([]byte{'b'}, 4<<10-1), bytes.Repeat([]byte{'c'}, 64<<10)} {
		before := rec.count()
		if _, err := c.Write(p); err != nil {
			t.Fatal(err)
		}
		if rec.count() != before+1 {
			t.Errorf("a write of %d bytes was held", len(p))
		}
	}
}

func TestHeldBytesLeaveWhenTheConnectionTurnsToReading(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		do   func(net.Conn)
	}{
		{"Read", func(c net.Conn) { _, _ = c.Read(make([]byte, 1)) }},
		{"SetReadDeadline", func(c net.Conn) { _ = c.SetReadDeadline(time.Time{}) }},
		{"SetDeadline", func(c net.Conn) { _ = c.SetDeadline(time.Time{}) }},
		{"Close", func(c net.Conn) { _ = c.Close() }},
		{"CloseWrite", func(c net.Conn) { _ = c.(interface{ CloseWrite() error }).CloseWrite() }},
		{"time passing", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder()
			c := accept(t, rec)
			if _, err := c.Write(filled('x')); err != nil {
				t.Fatal(err)
			}
			if tc.do != nil {
				tc.do(c)
			}
			if tc.do != nil && rec.count() == 0 {
				t.Fatalf("held bytes were still held after %s", tc.name)
			}
			select {
			case <-rec.wrote:
			case <-time.After(5 * time.Second):
				t.Fatal("held bytes were never sent")
			}
			if got := rec.sent(); !bytes.Equal(got, filled('x')) {
				t.Errorf("sent %d bytes, want the held %d", len(got), 4<<10)
			}
		})
	}
}

func TestAFailedSendOfHeldBytesFailsTheNextWrite(t *testing.T) {
	t.Parallel()
	rec := newRecorder()
	c := accept(t, rec)
	if _, err := c.Write(filled('x')); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("connection reset")
	rec.mu.Lock()
	rec.failWith = broken
	rec.mu.Unlock()
	<-rec.wrote // the timer's send, which fails
	if _, err := c.Write([]byte("more")); !errors.Is(err, broken) {
		t.Fatalf("Write after a failed send = %v, want %v", err, broken)
	}
}

func TestNetConnIsTheWrappedConnection(t *testing.T) {
	t.Parallel()
	rec := newRecorder()
	c := accept(t, rec)
	if got := c.(interface{ NetConn() net.Conn }).NetConn(); got != rec {
		t.Fatalf("NetConn() = %v, want the accepted connection", got)
	}
}

// TestAnHTTPServerBehindIt serves real responses over loopback through a coalescing listener:
// bodies of every size around the buffer arrive whole on one keep-alive connection, and a
// handler that fills the buffer, flushes and then waits for the client gets its first bytes to
// the client while it waits.
func TestAnHTTPServerBehindIt(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/size/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		w.Header().Set("Content-Length", strconv.Itoa(n))
		_, _ = w.Write(bytes.Repeat([]byte{'z'}, n))
	})
	mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(bytes.Repeat([]byte{'s'}, 16<<10))
		http.NewResponseController(w).Flush()
		<-released // the client reads the first part before this handler goes on
		_, _ = w.Write([]byte("end"))
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(coalesce.Listen(ln)) }()
	t.Cleanup(func() { _ = srv.Close() })

	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}, Timeout: 10 * time.Second}
	base := "http://" + ln.Addr().String()
	for _, n := range []int{0, 1, 3000, 3900, 4000, 4096, 7561, 8192, 8193, 100_000} {
		resp, err := client.Get(base + "/size/" + strconv.Itoa(n))
		if err != nil {
			t.Fatalf("GET %d bytes: %v", n, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || len(body) != n || strings.Trim(string(body), "z") != "" {
			t.Fatalf("GET %d bytes: got %d bytes, %v", n, len(body), err)
		}
	}

	resp, err := client.Get(base + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 16<<10)
	if _, err := io.ReadFull(resp.Body, first); err != nil {
		t.Fatalf("reading the flushed part while the handler waits: %v", err)
	}
	close(released)
	rest, err := io.ReadAll(resp.Body)
	if err != nil || string(rest) != "end" {
		t.Fatalf("rest = %q, %v", rest, err)
	}
}

// TestCloseEndsWritesAPeerDoesNotTake: closing a net.Conn ends a write blocked on a peer that
// does not read, which http.Server.Close relies on (graphmock's shutdown, past its grace period,
// with a client that stopped reading a large answer). A write under way holds the Conn's lock and
// held bytes may block the same way; Close must end both, not wait on them for ever.
func TestCloseEndsWritesAPeerDoesNotTake(t *testing.T) {
	t.Parallel()
	for _, held := range []bool{false, true} {
		name := "a write under way"
		if held {
			name = "held bytes on a full connection"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			peer, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer peer.Close() // and never read from
			c, err := coalesce.Listen(ln).Accept()
			if err != nil {
				t.Fatal(err)
			}
			// Small fixed buffers (no autotuning): the connection is full after a few KiB.
			_ = peer.(*net.TCPConn).SetReadBuffer(4 << 10)
			_ = c.(interface{ NetConn() net.Conn }).NetConn().(*net.TCPConn).SetWriteBuffer(4 << 10)
			big := make([]byte, 4<<20)
			wrote := make(chan error, 1)
			if held {
				// Fill the connection, then hold a full buffer behind it.
				_ = c.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
				if _, err := c.Write(big); err == nil {
					t.Fatal("4 MiB went to a peer that does not read")
				}
				_ = c.SetWriteDeadline(time.Time{})
				if _, err := c.Write(filled('h')); err != nil {
					t.Fatal(err)
				}
			} else {
				started := make(chan struct{})
				go func() {
					close(started)
					_, err := c.Write(big)
					wrote <- err
				}()
				<-started
				time.Sleep(50 * time.Millisecond) // the write fills the connection and blocks
			}
			closed := make(chan error, 1)
			go func() { closed <- c.Close() }()
			select {
			case <-closed:
			case <-time.After(5 * time.Second):
				t.Fatal("Close still waits after 5s on bytes the peer does not take")
			}
			if !held {
				select {
				case err := <-wrote:
					if err == nil {
						t.Error("the blocked Write succeeded after Close")
					}
				case <-time.After(5 * time.Second):
					t.Error("the blocked Write did not end at Close")
				}
			}
		})
	}
}
