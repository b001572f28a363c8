package mockserver_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// TestJournalNeverLagsTheResponse starts many fresh servers, sends each one GET over a real
// loopback connection and reads the journal as soon as the status line is in, without reading
// the body: a request must be in the journal before any byte of its answer reaches the client,
// so a test that counts requests is never flaky. The list of call records is over the 4 KiB
// the HTTP server buffers, so the first bytes leave while the handler still runs: when the
// journal came after the write, about one server in sixty showed an empty journal.
func TestJournalNeverLagsTheResponse(t *testing.T) {
	t.Parallel()
	const servers, workers = 2000, 4
	targets := []string{"/v1.0/communications/callRecords", "/v1.0/communications/callRecords/nope"}
	var wg sync.WaitGroup
	errs := make(chan string, servers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < servers; i += workers {
				if msg := oneGetThenJournal(t, targets[i%len(targets)]); msg != "" {
					errs <- msg
				}
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
		t.Fatalf("%d of %d servers showed a journal that lagged the response", failed, servers)
	}
}

// oneGetThenJournal starts a server, sends it one GET and reads its journal at once; it returns
// what was wrong, or "".
func oneGetThenJournal(t *testing.T, target string) string {
	ts := mockserver.Start(t)
	defer ts.Close()
	resp, err := ts.Client().Get(ts.URL + target)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	got := ts.Requests()
	if len(got) != 1 || got[0].Status != resp.StatusCode || got[0].Pending {
		return target + ": journal right after the status line: " + describeEntries(got)
	}
	return ""
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
