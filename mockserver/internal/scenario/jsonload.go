package scenario

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
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
	// it: one growing array per batch instead of an allocation per object.
	members [2][]memberAt
}

// batchBytes is how much JSON a batch holds before it goes to the workers.
const batchBytes = 4 << 20

// jobBlock is how many jobs an arena block holds.
const jobBlock = 1024

// reset empties a batch for reuse, dropping every reference its jobs held.
func (b *batch) reset(first int) {
	for _, blk := range b.arena {
		clear(blk)
	}
	clear(b.units)
	clear(b.jobs)
	members := [2][]memberAt{b.members[0][:0], b.members[1][:0]}
	*b = batch{first: first, units: b.units[:0], jobs: b.jobs[:0], arena: b.arena, members: members}
}

// reader reads the callRecords list into batches. It assembles the JSON of records and sessions
// (their members but the navigation properties) in a slab of its own, which is then stored as it
// is, and it recycles the batches the assembler is done with.
type reader struct {
	s       *jsonStream
	slab    []byte
	scratch [2][]byte   // where a record's and a session's members are assembled
	batches chan *batch // batches back from the assembler, for reuse
}

// readRecords reads the callRecords list, sending batches of records to out. It returns when
// the list ends (the stream then sits after its closing bracket), on the first problem, or when
// stop is closed.
func (rd *reader) readRecords(out chan<- *batch, stop <-chan struct{}) error {
	s := rd.s
	empty, err := s.opened('[', ']')
	if err != nil || empty {
		return err
	}
	b := rd.newBatch(0)
	send := func() bool {
		b.windows, s.retired = s.retired, nil
		select {
		case out <- b:
			b = rd.newBatch(b.first + len(b.units))
			return true
		case <-stop:
			return false
		}
	}
	for {
		b.units = append(b.units, recordUnit{})
		if err := rd.readRecord(b, &b.units[len(b.units)-1]); err != nil {
			return err
		}
		if b.size >= batchBytes && !send() {
			return errStopped
		}
		more, err := s.next(']')
		if err != nil {
			return err
		}
		if !more {
			if len(b.units) > 0 && !send() {
				return errStopped
			}
			return nil
		}
	}
}

// newBatch is a recycled batch, or a new one.
func (rd *reader) newBatch(first int) *batch {
	select {
	case b := <-rd.batches:
		b.reset(first)
		return b
	default:
		return &batch{first: first}
	}
}

// errStopped ends a reader whose assembler gave up.
var errStopped = fmt.Errorf("scenario: stopped")

// newJob makes a job of type t for raw, from the batch's arena; keep says raw may be stored as
// it is.
func (b *batch) newJob(t model.EntityType, raw []byte, line int, keep bool) *job {
	if b.used == len(b.arena)*jobBlock {
		b.arena = append(b.arena, make([]job, jobBlock))
	}
	j := &b.arena[b.used/jobBlock][b.used%jobBlock]
	b.used++
	j.t, j.raw, j.line, j.keep = t, raw, line, keep
	b.jobs = append(b.jobs, j)
	b.size += len(raw)
	return j
}

// keep copies an assembled object into the reader's slab, where it is stored as it is.
func (rd *reader) keep(raw []byte) []byte {
	if len(rd.slab)+len(raw) > cap(rd.slab) {
		rd.slab = make([]byte, 0, max(slabSize, len(raw)))
	}
	start := len(rd.slab)
	rd.slab = append(rd.slab, raw...)
	return rd.slab[start:len(rd.slab):len(rd.slab)]
}

// readObject reads an entity object member by member: navigation properties go to nav (which
// must consume their values), control annotations are skipped, and the rest are assembled, in
// the reader's buffer for the object's depth (a record's members around its sessions'), into a
// job of type t.
func (rd *reader) readObject(b *batch, depth int, t model.EntityType, nav func(name string, line int) error) (*job, error) {
	s := rd.s
	if s.skipSpace() != '{' {
		return nil, errNotPlainJSON
	}
	line := s.line
	s.pos++
	raw := append(rd.scratch[depth][:0], '{')
	members := &b.members[depth] // depth 0 holds records, 1 sessions: neither nests in its own kind
	first := len(*members)
	if s.skipSpace() == '}' {
		s.pos++
	} else {
		var seenBuf [24]string
		seen := seenBuf[:0]
		for {
			name, keyLine, err := s.key()
			if err != nil {
				return nil, err
			}
			for _, n := range seen {
				if n == name {
					return nil, errNotPlainJSON // the YAML loader reports the repeated key
				}
			}
			seen = append(seen, name)
			switch {
			case t.HasNavigation(name), t == model.CallRecord() && name == availableKey:
				rd.scratch[depth] = raw // the navigation's own objects use the next buffer
				if err := nav(name, keyLine); err != nil {
					return nil, err
				}
			default:
				v, vline, err := s.value()
				if err != nil {
					return nil, err
				}
				if !model.IsControlAnnotation(name) {
					if len(*members) > first {
						raw = append(raw, ',')
					}
					raw = append(jsondoc.AppendString(raw, name), ':')
					*members = append(*members, memberAt{name: name, keyLine: keyLine, valueLine: vline, off: len(raw), end: len(raw) + len(v)})
					raw = append(raw, v...)
				}
			}
			more, err := s.next('}')
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
		}
	}
	raw = append(raw, '}')
	rd.scratch[depth] = raw
	j := b.newJob(t, rd.keep(raw), line, true)
	j.members = (*members)[first:len(*members):len(*members)]
	return j, nil
}

// items reads a navigation list (null is empty) and calls item for each element.
func items(s *jsonStream, item func() error) error {
	if s.skipSpace() == 'n' {
		v, _, err := s.value()
		if err != nil || string(v) != "null" {
			return errNotPlainJSON
		}
		return nil
	}
	empty, err := s.opened('[', ']')
	if err != nil || empty {
		return err
	}
	for {
		if err := item(); err != nil {
			return err
		}
		more, err := s.next(']')
		if err != nil || !more {
			return err
		}
	}
}

// readRecord reads one call record with its sessions, participants and organizer into u.
func (rd *reader) readRecord(b *batch, u *recordUnit) error {
	s := rd.s
	leaf := func(t model.EntityType) (*job, error) {
		if s.skipSpace() != '{' {
			return nil, errNotPlainJSON
		}
		v, line, err := s.value()
		if err != nil {
			return nil, err
		}
		return b.newJob(t, v, line, s.stable), nil
	}
	j, err := rd.readObject(b, 0, model.CallRecord(), func(name string, _ int) error {
		switch name {
		case "sessions":
			return items(s, func() error {
				u.sessions = append(u.sessions, sessionUnit{})
				su := &u.sessions[len(u.sessions)-1]
				sj, err := rd.readObject(b, 1, model.Session(), func(string, int) error {
					return items(s, func() error {
						g, err := leaf(model.Segment())
						su.segments = append(su.segments, g)
						return err
					})
				})
				su.job = sj
				return err
			})
		case "participants_v2":
			return items(s, func() error {
				p, err := leaf(model.Participant())
				u.participants = append(u.participants, p)
				return err
			})
		case availableKey: // graphmock's timeline key, read as the YAML loader reads it
			v, line, err := s.value()
			if err != nil || !json.Valid(v) {
				return errNotPlainJSON
			}
			u.available, u.availLine = append([]byte(nil), v...), line
			return nil
		default: // organizer_v2
			if s.skipSpace() == 'n' {
				v, _, err := s.value()
				if err != nil || string(v) != "null" {
					return errNotPlainJSON
				}
				u.nullOrg = true
				return nil
			}
			o, err := leaf(model.Organizer())
			u.organizer = o
			return err
		}
	})
	u.job = j
	return err
}

// prepareAll prepares every job of the batches from in on every core, and passes each batch on
// when all its jobs are done, in order. Each worker keeps its scanner and its slab from batch to
// batch, so a slab is filled before the next is started.
func prepareAll(in <-chan *batch, out chan<- *batch, check Checker, windows chan<- []byte) {
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	work := make([]chan *batch, workers)
	for w := range work {
		work[w] = make(chan *batch)
		go func() {
			var wk worker
			for b := range work[w] {
				for i := w; i < len(b.jobs); i += workers {
					prepare(&wk, b.jobs[i], check)
				}
				wg.Done()
			}
		}()
	}
	for b := range in {
		wg.Add(workers)
		for _, c := range work {
			c <- b
		}
		wg.Wait()
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
