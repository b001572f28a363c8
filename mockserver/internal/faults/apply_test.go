package faults_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// exchange is a stand-in adapter: its handler answers a fixed body, its envelope is
// {"code","message"}, and it records what the actions asked of it.
type exchange struct {
	w        http.ResponseWriter
	mu       sync.Mutex
	ran      int
	finished []int // status, sent of each Finish
	drained  bool
	skipped  chan struct{} // closed: the server's clock has passed every delay
}

const okBody = `{"value":[{"id":"s1"},{"id":"s2"}]}`

func (x *exchange) Run() faults.Response {
	x.mu.Lock()
	x.ran++
	x.mu.Unlock()
	return faults.Response{Status: http.StatusOK, Body: []byte(okBody)}
}

func (x *exchange) Fail(a faults.Answer) faults.Response {
	b, _ := json.Marshal(map[string]string{"code": a.Code, "message": a.Message})
	return faults.Response{Status: a.Status, Header: a.Header, Body: b}
}

func (x *exchange) WriteHeader(r faults.Response) {
	for k, v := range r.Header {
		x.w.Header()[k] = v
	}
	x.w.WriteHeader(r.Status)
}

func (x *exchange) Finish(status, sent int) {
	x.mu.Lock()
	x.finished = append(x.finished, status, sent)
	x.mu.Unlock()
}

func (x *exchange) DiscardBody() { x.drained = true }

func (x *exchange) Skip(time.Duration) (<-chan struct{}, func()) { return x.skipped, func() {} }

// apply carries out rule on an in-process recorder and writes the answer as an adapter would.
func apply(t *testing.T, wire *faults.Wire, method string, v faults.Verdict) (*httptest.ResponseRecorder, *exchange) {
	t.Helper()
	rec := httptest.NewRecorder()
	x := &exchange{w: rec}
	resp, done := wire.Apply(rec, httptest.NewRequest(method, "/v1.0/x", nil), v, x)
	if !done {
		x.WriteHeader(resp)
		_, _ = rec.Write(resp.Body)
	}
	return rec, x
}

func fired(f faults.Fault) faults.Verdict { return faults.Verdict{Fired: true, Rule: f} }

func TestApplyInProcess(t *testing.T) {
	t.Parallel()
	wire := faults.NewWire(8, make(chan struct{}))

	rec, x := apply(t, wire, http.MethodGet, fired(faults.Fault{Status: 429}))
	if rec.Code != 429 || rec.Header().Get("Retry-After") != "1" || !strings.Contains(rec.Body.String(), `"TooManyRequests"`) || x.ran != 0 {
		t.Fatalf("429: %d %v %s ran=%d", rec.Code, rec.Header(), rec.Body, x.ran)
	}
	rec, _ = apply(t, wire, http.MethodGet, fired(faults.Fault{Status: 500, Code: "Oops", RetryAfter: 1500 * time.Millisecond, Headers: map[string]string{"X-A": "b"}}))
	if rec.Code != 500 || rec.Header().Get("Retry-After") != "2" || rec.Header().Get("X-A") != "b" || !strings.Contains(rec.Body.String(), `"Oops"`) {
		t.Fatalf("500: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	rec, x = apply(t, wire, http.MethodPost, fired(faults.Fault{Status: 504, ApplyThenFail: true}))
	if rec.Code != 504 || x.ran != 1 {
		t.Fatalf("apply then fail: %d ran=%d", rec.Code, x.ran)
	}
	rec, x = apply(t, wire, http.MethodPost, fired(faults.Fault{Connection: faults.ConnectionGarbage}))
	if rec.Code != 503 || x.ran != 0 || !x.drained {
		t.Fatalf("a faulted write runs nothing: %d ran=%d drained=%v", rec.Code, x.ran, x.drained)
	}
	rec, _ = apply(t, wire, http.MethodGet, fired(faults.Fault{Connection: faults.ConnectionGarbage}))
	if rec.Code != 200 || json.Valid(rec.Body.Bytes()) || rec.Body.Len() != len(okBody) {
		t.Fatalf("garbage: %d %q", rec.Code, rec.Body)
	}
	rec, x = apply(t, wire, http.MethodGet, fired(faults.Fault{Connection: faults.ConnectionTruncate}))
	if rec.Code != 200 || rec.Body.String() != okBody[:len(okBody)/2] || len(x.finished) != 2 || x.finished[1] != len(okBody)/2 {
		t.Fatalf("truncate: %d %q %v", rec.Code, rec.Body, x.finished)
	}
	for _, c := range []faults.Connection{faults.ConnectionReset, faults.ConnectionClose, faults.ConnectionHang} {
		rec, _ = apply(t, wire, http.MethodGet, fired(faults.Fault{Connection: c, HangMax: time.Millisecond}))
		if rec.Code != 503 || !strings.Contains(rec.Body.String(), "needs a real connection") {
			t.Fatalf("%s in-process: %d %s", c, rec.Code, rec.Body)
		}
	}
	start := time.Now()
	rec, x = apply(t, wire, http.MethodGet, faults.Verdict{Fired: true, Rule: faults.Fault{Dribble: &faults.Dribble{Chunks: 3, Over: 30 * time.Millisecond}}, Delay: 10 * time.Millisecond})
	if rec.Code != 200 || rec.Body.String() != okBody || time.Since(start) < 30*time.Millisecond || x.finished[1] != len(okBody) {
		t.Fatalf("delay and dribble: %d %q after %s, finished %v", rec.Code, rec.Body, time.Since(start), x.finished)
	}
}

// TestClockSkipsADelay checks that moving the server's clock past a delay ends it early.
func TestClockSkipsADelay(t *testing.T) {
	t.Parallel()
	wire := faults.NewWire(8, make(chan struct{}))
	x := &exchange{skipped: make(chan struct{})}
	close(x.skipped)
	rec := httptest.NewRecorder()
	x.w = rec
	start := time.Now()
	resp, done := wire.Apply(rec, httptest.NewRequest(http.MethodGet, "/v1.0/x", nil), faults.Verdict{Fired: true, Rule: faults.Fault{Delay: &faults.Latency{Fixed: time.Hour}}, Delay: time.Hour}, x)
	if done || resp.Status != http.StatusOK || time.Since(start) > 10*time.Second {
		t.Fatalf("a skipped delay: done=%v status=%d after %s", done, resp.Status, time.Since(start))
	}
}

// TestHeldBound checks that requests over the bound are answered at once, and that closing the
// server ends a held request.
func TestHeldBound(t *testing.T) {
	t.Parallel()
	closing := make(chan struct{})
	wire := faults.NewWire(1, closing)
	slow := faults.Verdict{Fired: true, Rule: faults.Fault{Delay: &faults.Latency{Fixed: time.Minute}}, Delay: time.Minute}
	overBound := func(rec *httptest.ResponseRecorder) bool {
		return rec.Code == 503 && strings.Contains(rec.Body.String(), "already holds 1 delayed")
	}
	held := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		for { // a probe may hold the slot for an instant: try again
			rec := httptest.NewRecorder()
			resp, _ := wire.Apply(rec, httptest.NewRequest(http.MethodGet, "/", nil), slow, &exchange{w: rec})
			rec.Code, rec.Body = resp.Status, bytes.NewBuffer(resp.Body)
			if !overBound(rec) {
				held <- rec
				return
			}
		}
	}()
	// Probe with a client that has gone already: a probe that gets the slot gives it back at once.
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for {
		rec := httptest.NewRecorder()
		resp, _ := wire.Apply(rec, httptest.NewRequest(http.MethodGet, "/", nil).WithContext(gone), slow, &exchange{w: rec})
		rec.Code, rec.Body = resp.Status, bytes.NewBuffer(resp.Body)
		if overBound(rec) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never over the bound: %d %s", rec.Code, rec.Body)
		}
		time.Sleep(time.Millisecond)
	}
	close(closing)
	select {
	case rec := <-held:
		if rec.Code != 503 || !strings.Contains(rec.Body.String(), "server is closing") {
			t.Fatalf("closed while held: %d %s", rec.Code, rec.Body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("closing did not end the held request")
	}
}

// TestClientLeaves checks that a delayed request whose client went away is finished unanswered.
func TestClientLeaves(t *testing.T) {
	t.Parallel()
	wire := faults.NewWire(4, make(chan struct{}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	x := &exchange{w: rec}
	_, done := wire.Apply(rec, httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx), faults.Verdict{Fired: true, Rule: faults.Fault{Status: 500}, Delay: time.Minute}, x)
	if !done || len(x.finished) != 2 || x.finished[0] != 0 || x.ran != 0 {
		t.Fatalf("done=%v finished=%v", done, x.finished)
	}
}

// TestBreakConnection checks reset and close on a real connection: the client gets no answer.
func TestBreakConnection(t *testing.T) {
	t.Parallel()
	wire := faults.NewWire(4, make(chan struct{}))
	for _, c := range []faults.Connection{faults.ConnectionReset, faults.ConnectionClose} {
		x := &exchange{}
		handled := make(chan bool, 1)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			x.w = w
			_, done := wire.Apply(w, r, fired(faults.Fault{Connection: c}), x)
			handled <- done
		}))
		resp, err := srv.Client().Get(srv.URL)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			t.Errorf("%s: got an answer %d", c, resp.StatusCode)
		}
		// A hijacked handler may still be running after the client saw the connection end.
		if done := <-handled; !done {
			t.Errorf("%s: not done", c)
		}
		srv.Close()
		if len(x.finished) != 2 || x.finished[0] != 0 {
			t.Errorf("%s: finished %v", c, x.finished)
		}
	}
}
