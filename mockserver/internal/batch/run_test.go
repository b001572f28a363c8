package batch

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRunDependencies: a request runs after the one it depends on, and one whose dependency
// failed does not run at all, transitively.
func TestRunDependencies(t *testing.T) {
	t.Parallel()
	b, err := parse(t, withDeps("", "1", "2", "3"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var ran []string
	recs := b.Run("batch-id", true, new([]byte), func(r *Request, w *Recorder) {
		mu.Lock()
		ran = append(ran, r.ID)
		mu.Unlock()
		if r.ID == "2" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	if !slices.Equal(ran, []string{"1", "2"}) {
		t.Errorf("ran %v, want 1 then 2 and nothing after the failed 2", ran)
	}
	for i, want := range []string{"", "", "2", "3"} {
		if got := recs[i].Dependency(); got != want {
			t.Errorf("request %d: dependency %q, want %q", i+1, got, want)
		}
		if recs[i].Batch != "batch-id" || recs[i].ID != strconv.Itoa(i+1) {
			t.Errorf("request %d: batch %q id %q", i+1, recs[i].Batch, recs[i].ID)
		}
	}
}

// TestRunParallelAtOnce: the requests of a wave run at the same time, so a slow one does not
// hold the others back.
func TestRunParallelAtOnce(t *testing.T) {
	t.Parallel()
	b, err := parse(t, items(5))
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var started atomic.Int32
	done := make(chan []Recorder)
	go func() {
		done <- b.Run("b", true, new([]byte), func(r *Request, w *Recorder) {
			if started.Add(1) == 5 {
				close(release) // every request is in serve at once
			}
			<-release
			w.WriteHeader(http.StatusOK)
		})
	}()
	select {
	case recs := <-done:
		for i := range recs {
			if recs[i].Status() != http.StatusOK {
				t.Errorf("request %d: %d", i, recs[i].Status())
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the requests of one wave did not run at the same time")
	}
}

// TestRunTurnsInOrder: the requests of a wave meet the fault engine in the batch's order,
// however they are scheduled.
func TestRunTurnsInOrder(t *testing.T) {
	t.Parallel()
	b, err := parse(t, items(MaxRequests))
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		var mu sync.Mutex
		var order []string
		b.Run("b", true, new([]byte), func(r *Request, w *Recorder) {
			if r.ID == "7" {
				return // never meets the engine (refused before): keeps its place all the same
			}
			w.AwaitTurn()
			mu.Lock()
			order = append(order, r.ID)
			mu.Unlock()
			w.PassTurn()
			w.PassTurn() // a second call does nothing
		})
		want := []string{"1", "2", "3", "4", "5", "6", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}
		if !slices.Equal(order, want) {
			t.Fatalf("turns %v, want the batch's order", order)
		}
	}
}

// TestRunSequential: without parallel, the requests run one after another in the batch's order,
// each wave after the one before, their bodies written into the arena one after another.
func TestRunSequential(t *testing.T) {
	t.Parallel()
	b, err := parse(t, withDeps("3", "3", "", "3"))
	if err != nil {
		t.Fatal(err)
	}
	var ran []string
	arena := []byte("left from the last batch")
	recs := b.Run("b", false, &arena, func(r *Request, w *Recorder) {
		ran = append(ran, r.ID) // one goroutine: no lock needed, as -race checks
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<" + r.ID))
		_, _ = w.Write([]byte(strings.Repeat("x", 100) + ">"))
		w.AwaitTurn()
		w.PassTurn()
		if r.ID == "2" {
			panic("broken")
		}
	})
	if !slices.Equal(ran, []string{"3", "1", "2", "4"}) || recs[1].Panic() != "broken" {
		t.Errorf("ran %v; request 2 panicked with %v", ran, recs[1].Panic())
	}
	for i, want := range []string{"<1", "", "<3", "<4"} {
		if got := string(recs[i].Body()); want != "" && got != want+strings.Repeat("x", 100)+">" || want == "" && got != "" {
			t.Errorf("request %d: body %q", i+1, got)
		}
	}
}

// TestRunPanicIsOneAnswer: a request whose serving panics leaves its Recorder empty with the
// panic, and the rest of the batch is answered.
func TestRunPanicIsOneAnswer(t *testing.T) {
	t.Parallel()
	b, err := parse(t, items(3))
	if err != nil {
		t.Fatal(err)
	}
	recs := b.Run("b", true, new([]byte), func(r *Request, w *Recorder) {
		w.AwaitTurn()
		_, _ = w.Write([]byte("{}"))
		if r.ID != "3" {
			panic("broken " + r.ID)
		}
	})
	for i, want := range []any{"broken 1", "broken 2", nil} {
		if recs[i].Panic() != want {
			t.Errorf("request %d: panic %v, want %v", i+1, recs[i].Panic(), want)
		}
	}
	if len(recs[0].Body()) != 0 || recs[2].Status() != http.StatusOK {
		t.Errorf("request 1 body %q, request 3 status %d", recs[0].Body(), recs[2].Status())
	}
}
