package batch

import (
	"net/http"
	"sync"
)

// Run serves the batch's requests and returns their answers, one Recorder per request in the
// batch's order. serve answers one request through the engine, writing into its Recorder; with
// parallel it is called from several goroutines at once. batchID is the batch's own request-id,
// which each Recorder carries for the journal. Without parallel, the bodies are written into
// arena (emptied first), which the Recorders share until the caller has written the answer.
//
// Waves run one after another. With parallel the requests of a wave run at the same time (the
// first on the calling goroutine), as Graph runs independent requests of a batch in parallel, so
// a fault that delays one does not delay the others; without, one after another in the batch's
// order on the calling goroutine, which is the same answer sooner when nothing can hold a
// request back (a goroutine per request costs more than the request). Two kinds of Recorder are left unwritten for the caller
// to answer: a request whose dependency failed did not run (Dependency names it: Graph's 424),
// and a request whose serve panicked holds the panic (Panic), so one broken request costs its
// own answer, not the batch's or the process's.
func (b *Batch) Run(batchID string, parallel bool, arena *[]byte, serve func(*Request, *Recorder)) []Recorder {
	recs := make([]Recorder, len(b.Requests))
	*arena = (*arena)[:0]
	var scratch http.Header // the headers of the request being served, one at a time
	if !parallel {
		scratch = make(http.Header, 8)
	}
	for i := range recs {
		recs[i].Batch, recs[i].ID = batchID, b.Requests[i].ID
		if !parallel {
			recs[i].arena = arena
		}
	}
	for _, wave := range b.waves {
		if !parallel {
			for _, i := range wave {
				b.runOne(recs, i, scratch, serve)
			}
			continue
		}
		for k := 1; k < len(wave); k++ {
			ch := make(chan struct{})
			recs[wave[k-1]].next, recs[wave[k]].turn = ch, ch
		}
		var wg sync.WaitGroup
		for _, i := range wave[1:] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b.runOne(recs, i, nil, serve)
			}()
		}
		b.runOne(recs, wave[0], nil, serve)
		wg.Wait()
	}
	return recs
}

// runOne serves the i-th request, unless the request it runs after failed; its headers are
// written into scratch, when given, which it leaves to the next.
func (b *Batch) runOne(recs []Recorder, i int, scratch http.Header, serve func(*Request, *Recorder)) {
	rec := &recs[i]
	defer func() {
		if scratch != nil {
			rec.header = nil // the caller may answer it: with a map of its own
		}
		if p := recover(); p != nil {
			*rec = Recorder{Batch: rec.Batch, ID: rec.ID, panicked: p, turn: rec.turn, next: rec.next, passed: rec.passed}
		}
		// A request that never met the fault engine still keeps its place in the order.
		rec.AwaitTurn()
		rec.PassTurn()
	}()
	if p, ok := b.Requests[i].After(); ok && recs[p].Failed() {
		rec.dependency = b.Requests[p].ID
		return
	}
	if scratch != nil {
		clear(scratch)
		rec.header = scratch
	}
	serve(&b.Requests[i], rec)
}
