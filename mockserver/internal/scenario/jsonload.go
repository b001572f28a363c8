package scenario

import (
	"io"
	"runtime"
	"sync"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"gopkg.in/yaml.v3"
)

// The JSON loader: a scenario that is JSON is read as a stream, a call record at a time, and each
// entity is prepared (scanned, checked, made canonical) on every core while the next records are
// read. No tree of the document is ever built and the input is never held whole, so a scenario of
// a million segments loads in seconds and in little more memory than its store. It says exactly
// what the YAML loader says about the same document: the checks and messages are shared
// (entryOf, withinOf), and anything that is not plain JSON of a scenario's shape goes to the YAML
// loader (errNotPlainJSON).

// job is one entity the JSON loader found, and what preparing it made.
type job struct {
	t       model.EntityType
	raw     []byte // as written; good until the job is prepared (it may be the reader's window)
	keep    bool   // raw may be stored as it is: the loader's own slab or a stable document, never written again
	line    int    // the line its JSON starts on
	members []memberAt
	// Set by prepare:
	entry store.Entry
	ok    bool
	probs []Problem // with lines; pointers relative to the entity
	bad   bool      // not plain JSON: the whole load goes to the YAML loader
}

// memberAt is where a member of a record or session was written: raw[off:end] is its value,
// which starts on valueLine; its name is on keyLine.
type memberAt struct {
	name               string
	keyLine, valueLine int
	off, end           int
}

// sessionUnit is a session and its segments as read.
type sessionUnit struct {
	job      *job
	segments []*job
}

// recordUnit is a call record and everything under it as read: the unit the assembler checks
// in the YAML loader's order.
type recordUnit struct {
	job          *job
	sessions     []sessionUnit
	participants []*job
	organizer    *job   // nil: none; a job of type Organizer
	nullOrg      bool   // organizer_v2 was null
	available    []byte // its availableAfter as written (nil: none), and the line it is on
	availLine    int
}

// batch is a run of records read together; jobs lists every job in them, for the workers.
// Batches are recycled (see reader.batches): a batch's jobs come from its arena, reused.
type batch struct {
	first   int // the index in callRecords of units[0]
	units   []recordUnit
	jobs    []*job
	arena   [][]job // blocks of jobs; used counts the ones handed out
	used    int
	size    int
	windows [][]byte // reader windows retired while reading this batch: free once it is prepared
	// members holds the members of the batch's records (0) and sessions (1), each job's a run of
	// it: one growing array per batch instead of an allocation per object. So do sessions (each
	// record's), segments (each session's) and participants (each record's).
	members  [2][]memberAt
	sessions []sessionUnit
	leaves   []*job
	// handed counts the jobs already handed to the workers in parts (a record too big for one
	// batch is handed over as it is read), and handedSize their bytes.
	handed, handedSize int
}

// part is what the reader hands the workers: jobs of batch b to prepare. done says b is complete
// (its records read whole), to be passed on to the assembler once its last jobs are prepared. A
// record far bigger than a batch (a session of 100,000 segments) is handed over in parts of
// about batchBytes as it is read, so that the workers do not wait for its end, nor the reader
// for them to prepare it all at once.
type part struct {
	b    *batch
	jobs []*job
	done bool
}

// batchBytes is how much JSON a batch holds before it goes to the workers.
const batchBytes = 4 << 20

// jobBlock is how many jobs an arena block holds.
const jobBlock = 1024

// reset empties a batch for reuse, dropping the references its records held. Its jobs are not
// cleared first (a second write of some 250 bytes a job, on the reader's time): newJob writes
// each job whole when it hands it out again, and what an old job still points at is stored or
// recycled anyway, and let go with the batch when the load ends.
func (b *batch) reset(first int) {
	clear(b.units)
	clear(b.jobs)
	members := [2][]memberAt{b.members[0][:0], b.members[1][:0]}
	*b = batch{first: first, units: b.units[:0], jobs: b.jobs[:0], arena: b.arena, members: members,
		sessions: b.sessions[:0], leaves: b.leaves[:0]}
}

// prepareAll prepares every job of the parts from in on every core, and passes each batch on
// when its last part is done, in order (a batch's earlier parts were prepared before). Each
// worker keeps its scanner and its slab from part to part, so a slab is filled before the next
// is started.
func prepareAll(in <-chan part, out chan<- *batch, check Checker, windows chan<- []byte) {
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	work := make([]chan []*job, workers)
	for w := range work {
		work[w] = make(chan []*job)
		go func() {
			wk := worker{acc: newAcceptance()}
			for jobs := range work[w] {
				for i := w; i < len(jobs); i += workers {
					prepare(&wk, jobs[i], check)
				}
				wg.Done()
			}
		}()
	}
	for p := range in {
		wg.Add(workers)
		for _, c := range work {
			c <- p.jobs
		}
		wg.Wait()
		if !p.done {
			continue
		}
		b := p.b
		for _, w := range b.windows { // every job is copied out of them: the reader may reuse them
			select {
			case windows <- w[:0]:
			default:
			}
		}
		b.windows = nil
		out <- b
	}
	for _, c := range work {
		close(c)
	}
	close(out)
}

// topValue converts a top-level member other than callRecords (name, description, faults) to a
// YAML node with the lines of the file, so the YAML loader's handling of it applies as is.
func topValue(raw []byte, line int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil || len(doc.Content) == 0 {
		return nil, errNotPlainJSON
	}
	shiftLines(doc.Content[0], line-1)
	return doc.Content[0], nil
}

// shiftLines adds d to the line of n and of every node below it.
func shiftLines(n *yaml.Node, d int) {
	n.Line += d
	for _, c := range n.Content {
		shiftLines(c, d)
	}
}

// readAll is the rest of an input, for the YAML loader.
func readAll(r io.Reader) ([]byte, error) { return io.ReadAll(r) }
