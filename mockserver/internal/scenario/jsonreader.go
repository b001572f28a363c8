package scenario

import (
	"encoding/json"
	"fmt"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/prefault"
)

// The JSON loader's reader: the one goroutine that reads the callRecords list, member by member
// (jsonStream), into batches of jobs for the workers (jsonload.go). It is serial and on the load's
// critical path, so what it does for each entity is kept to finding where the entity's JSON is.

// reader reads the callRecords list into batches. It assembles the JSON of records and sessions
// (their members but the navigation properties) in slabs of its own, one for records and one for
// sessions (a record's members are assembled around its sessions'), where they are then stored
// as they are, and it recycles the batches the assembler is done with.
type reader struct {
	s       *jsonStream
	slabs   [2][]byte   // what records (0) and sessions (1) are assembled in, each after the last
	batches chan *batch // batches back from the assembler, for reuse
	out     chan<- part
	stop    <-chan struct{}
}

// readRecords reads the callRecords list, sending batches of records to out, in parts (see
// part). It returns when the list ends (the stream then sits after its closing bracket), on the
// first problem, or when stop is closed.
func (rd *reader) readRecords(out chan<- part, stop <-chan struct{}) error {
	s := rd.s
	rd.out, rd.stop = out, stop
	empty, err := s.opened('[', ']')
	if err != nil || empty {
		return err
	}
	b := rd.newBatch(0)
	send := func() bool {
		b.windows, s.retired = s.retired, nil
		if !rd.hand(part{b: b, jobs: b.jobs[b.handed:], done: true}) {
			return false
		}
		b = rd.newBatch(b.first + len(b.units))
		return true
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

// hand sends p to the workers; false when the assembler gave up.
func (rd *reader) hand(p part) bool {
	select {
	case rd.out <- p:
		return true
	case <-rd.stop:
		return false
	}
}

// handOver hands the workers the jobs of b read so far when they amount to a batch's worth: b is
// in the middle of a record far bigger than a batch.
func (rd *reader) handOver(b *batch) error {
	if b.size-b.handedSize < batchBytes {
		return nil
	}
	if !rd.hand(part{b: b, jobs: b.jobs[b.handed:len(b.jobs):len(b.jobs)]}) {
		return errStopped
	}
	b.handed, b.handedSize = len(b.jobs), b.size
	return nil
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
	*j = job{t: t, raw: raw, line: line, keep: keep} // whole: the job may be a recycled one
	b.jobs = append(b.jobs, j)
	b.size += len(raw)
	return j
}

// slabRoom is the least room left in a slab that an object is started in: below it, the object
// starts a new slab (an object that outgrows its slab is moved to an array of its own).
const slabRoom = 4 << 10

// assembly starts the JSON of an object at the end of the slab for depth: appended to, it stays
// in the slab as long as it fits there.
func (rd *reader) assembly(depth int) []byte {
	sl := rd.slabs[depth]
	if cap(sl)-len(sl) < slabRoom {
		sl = prefault.Block(0, slabSize) // fresh memory: its pages made present in one call
		rd.slabs[depth] = sl
	}
	return sl[len(sl):len(sl)]
}

// assembled takes the finished JSON of an object begun by assembly, where it is stored as it
// is: the slab moves past it, or, if it outgrew the slab and was moved, the next object starts
// a new slab.
func (rd *reader) assembled(depth int, raw []byte) []byte {
	sl := rd.slabs[depth]
	if cap(raw) == cap(sl)-len(sl) { // never reallocated: raw is the slab's
		rd.slabs[depth] = sl[:len(sl)+len(raw)]
	} else {
		rd.slabs[depth] = nil
	}
	return raw[:len(raw):len(raw)]
}

// readObject reads an entity object member by member: navigation properties go to nav (which
// must consume their values), control annotations are skipped, and the rest are assembled, in
// the reader's slab for the object's depth (a record's members around its sessions'), into a job
// of type t.
func (rd *reader) readObject(b *batch, depth int, t model.EntityType, nav func(name string, line int) error) (*job, error) {
	s := rd.s
	if s.skipSpace() != '{' {
		return nil, errNotPlainJSON
	}
	line := s.line
	s.pos++
	raw := append(rd.assembly(depth), '{')
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
				if err := nav(name, keyLine); err != nil {
					return nil, err
				}
			default:
				v, vline, err := s.value()
				if err != nil {
					return nil, err
				}
				if model.IsControlAnnotation(name) {
					// Dropped unread, but only what the YAML loader would read and drop too:
					// a value jsondoc.Scan refuses (a raw control character, invalid UTF-8)
					// makes the file not plain JSON, and the YAML loader says why.
					if _, _, _, err := jsondoc.Scan(v, maxNesting); err != nil {
						return nil, errNotPlainJSON
					}
				} else {
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
	j := b.newJob(t, rd.assembled(depth, append(raw, '}')), line, true)
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
		j := b.newJob(t, v, line, s.stable)
		return j, rd.handOver(b)
	}
	j, err := rd.readObject(b, 0, model.CallRecord(), func(name string, _ int) error {
		switch name {
		case "sessions": // each a run of b.sessions, its segments a run of b.leaves
			first := len(b.sessions)
			err := items(s, func() error {
				b.sessions = append(b.sessions, sessionUnit{})
				su := &b.sessions[len(b.sessions)-1] // b.sessions does not grow while it is read
				firstSegment := len(b.leaves)
				sj, err := rd.readObject(b, 1, model.Session(), func(string, int) error {
					return items(s, func() error {
						g, err := leaf(model.Segment())
						b.leaves = append(b.leaves, g)
						return err
					})
				})
				su.job, su.segments = sj, b.leaves[firstSegment:len(b.leaves):len(b.leaves)]
				return err
			})
			u.sessions = b.sessions[first:len(b.sessions):len(b.sessions)]
			return err
		case "participants_v2": // a run of b.leaves
			first := len(b.leaves)
			err := items(s, func() error {
				p, err := leaf(model.Participant())
				b.leaves = append(b.leaves, p)
				return err
			})
			u.participants = b.leaves[first:len(b.leaves):len(b.leaves)]
			return err
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
