package mockserver_test

import (
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// TestJournalNeverLagsTheResponse sends 2,000 GETs over real loopback connections to fresh
// servers (500 of them, 4 GETs each, the journal cleared between them) and reads the journal as
// soon as the status line is in, without reading the body: a request must be in the journal
// before any byte of its answer reaches the client, so a test that counts requests is never
// flaky. The list of call records is over the 4 KiB the HTTP server buffers, so its first bytes
// leave while the handler still runs. When the journal came after the write, 49 of these 2,000
// GETs found it empty (and 6 of 2,000 fresh servers with one GET each); 2,000 GETs catch even a
// race of one in 1,000 seven times in eight.
func TestJournalNeverLagsTheResponse(t *testing.T) {
	t.Parallel()
	servers, gets, workers := 500, 4, 2
	if testing.Short() {
		servers = 50
	}
	var wg sync.WaitGroup
	errs := make(chan string, servers*gets)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < servers; i += workers {
				getsThenJournal(t, gets, errs)
			}
		}()
	}
	wg.Wait()
	close(errs)
	failed := 0
	for msg := range errs {
		if failed++; failed <= 5 {
			t.Error(msg)
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d GETs found a journal that lagged the response", failed, servers*gets)
	}
}

// getsThenJournal starts a server and sends it n GETs, reading its journal as soon as each
// answer's status line is in, then clearing it; it reports what was wrong on errs.
func getsThenJournal(t *testing.T, n int, errs chan<- string) {
	ts := mockserver.Start(t)
	defer ts.Close()
	for range n {
		resp, err := ts.Client().Get(ts.URL + "/v1.0/communications/callRecords")
		if err != nil {
			errs <- err.Error()
			return
		}
		got := ts.Requests()
		if len(got) != 1 || got[0].Status != resp.StatusCode || got[0].Pending {
			errs <- "journal right after the status line: " + describeEntries(got)
		}
		_, _ = io.Copy(io.Discard, resp.Body) // so the connection serves the next GET
		resp.Body.Close()
		ts.ClearRequests()
	}
}

// describeEntries says, in a line, what a journal holds.
func describeEntries(es []mockserver.JournalEntry) string {
	if len(es) == 0 {
		return "empty"
	}
	out := ""
	for _, e := range es {
		out += fmt.Sprintf("[%s %s %d pending=%v] ", e.Method, e.URL, e.Status, e.Pending)
	}
	return out
}

// TestJournalShowsHeldRequests sends requests that a fault holds back, dribbles or breaks, over
// a real connection: the request is in the journal, pending, while its answer is under way, and
// its outcome is final once the client has seen the end of the answer (the whole body, or the
// broken connection).
func TestJournalShowsHeldRequests(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		fault  mockserver.Fault
		held   bool // the answer is held back long enough to read the journal meanwhile
		status int  // the final status journaled (0: the connection was broken)
	}{
		{"delay", mockserver.Fault{Delay: &mockserver.Latency{Fixed: 400 * time.Millisecond}}, true, 200},
		{"delayed throttle", mockserver.Fault{Status: 429, Delay: &mockserver.Latency{Fixed: 400 * time.Millisecond}}, true, 429},
		{"dribble", mockserver.Fault{Dribble: &mockserver.Dribble{Chunks: 4, Over: 400 * time.Millisecond}}, true, 200},
		{"hang", mockserver.Fault{Connection: mockserver.ConnectionHang, HangMax: 400 * time.Millisecond}, true, 0},
		{"reset", mockserver.Fault{Connection: mockserver.ConnectionReset}, false, 0},
		{"close", mockserver.Fault{Connection: mockserver.ConnectionClose}, false, 0},
		{"truncate", mockserver.Fault{Connection: mockserver.ConnectionTruncate}, false, 0},
		{"throttle", mockserver.Fault{Status: 503}, false, 503},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ts := startFaulty(t)
			inject(t, ts, c.fault)
			done := make(chan int, 1)
			go func() {
				status, _, _ := fetch(ts, group+"/sessions", nil) // reads the whole body, or fails
				done <- status
			}()
			sawPending := false
			var got []mockserver.JournalEntry
		wait:
			for {
				select {
				case <-done:
					break wait
				case <-time.After(time.Millisecond):
					if got = ts.Requests(); len(got) == 1 && got[0].Pending {
						sawPending = true
					}
				}
			}
			if c.held && !sawPending {
				t.Errorf("the journal did not show the request while its answer was held back")
			}
			got = ts.Requests()
			if len(got) != 1 || got[0].Pending || got[0].Status != c.status || got[0].Fault == "" {
				t.Fatalf("journal once the client has seen the end of the answer: %s", describeEntries(got))
			}
		})
	}
}
