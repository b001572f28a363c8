package batch

import "sync"

// Run serves the batch's requests and returns their answers, one Recorder per request in the
// batch's order. serve answers one request through the engine, writing into its Recorder; it is
// called from several goroutines at once. batchID is the batch's own request-id, which each
// Recorder carries for the journal.
//
// Waves run one after another; the requests of a wave run at the same time (the first on the
// calling goroutine), as Graph runs independent requests of a batch in parallel, so a fault that
// delays one does not delay the others. Two kinds of Recorder are left unwritten for the caller
// to answer: a request whose dependency failed did not run (Dependency names it: Graph's 424),
// and a request whose serve panicked holds the panic (Panic), so one broken request costs its
// own answer, not the batch's or the process's.
func (b *Batch) Run(batchID string, serve func(*Request, *Recorder)) []Recorder {
	recs := make([]Recorder, len(b.Requests))
	for i := range recs {
		recs[i].Batch, recs[i].ID = batchID, b.Requests[i].ID
	}
	for _, wave := range b.waves {
		for k := 1; k < len(wave); k++ {
			ch := make(chan struct{})
			recs[wave[k-1]].next, recs[wave[k]].turn = ch, ch
		}
		var wg sync.WaitGroup
		for _, i := range wave[1:] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b.runOne(recs, i, serve)
			}()
		}
		b.runOne(recs, wave[0], serve)
		wg.Wait()
	}
	return recs
}

// runOne serves the i-th request, unless the request it runs after failed.
func (b *Batch) runOne(recs []Recorder, i int, serve func(*Request, *Recorder)) {
	rec := &recs[i]
	defer func() {
		if p := recover(); p != nil {
			rec.header, rec.status, rec.body, rec.panicked = nil, 0, nil, p
		}
		// A request that never met the fault engine still keeps its place in the order.
		rec.AwaitTurn()
		rec.PassTurn()
	}()
	if p, ok := b.Requests[i].After(); ok && recs[p].Failed() {
		rec.dependency = b.Requests[p].ID
		return
	}
	serve(&b.Requests[i], rec)
}
